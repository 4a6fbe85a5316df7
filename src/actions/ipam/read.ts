/**
 * Read-only views of the IPAM data for the ipam commands: every block, handle and affinity,
 * decoded with the IPAM library's model, plus the IP pools.
 */
import { parseCidr, type Cidr } from '../../ipam/cidr.js';
import type { IpamKV } from '../../ipam/kv.js';
import { ipamKVFor } from '../../ipam/datastore-kv.js';
import {
  HANDLE_PREFIX,
  IPAM_PREFIX,
  blockPrefix,
  decodeBlock,
  decodeHandle,
  parseAffinityKey,
  type AffinityOwner,
  type AllocationBlock,
  type HandleValue,
} from '../../ipam/model.js';

export interface StoredBlock {
  key: string;
  rev: string;
  block: AllocationBlock;
  cidr: Cidr;
}

export interface StoredHandle {
  key: string;
  id: string;
  rev: string;
  value: HandleValue;
}

export interface StoredAffinity {
  key: string;
  rev: string;
  owner: AffinityOwner;
  cidr: Cidr;
  /** The stored text ('' for older data). */
  value: string;
}

/** The IPAM keys of `ds`: etcd's raw keys, or Calico's IPAM custom resources on Kubernetes. */
export const ipamKV = ipamKVFor;

/** IPv4 blocks then IPv6 blocks, each sorted by key. */
export async function loadBlocks(kv: IpamKV): Promise<StoredBlock[]> {
  const lists = await Promise.all([kv.list(blockPrefix(4)), kv.list(blockPrefix(6))]);
  const out: StoredBlock[] = [];
  for (const p of lists.flat()) {
    const block = decodeBlock(p.value);
    const cidr = parseCidr(block.cidr);
    if (cidr) out.push({ key: p.key, rev: p.rev, block, cidr });
  }
  return out;
}

export async function loadHandles(kv: IpamKV): Promise<StoredHandle[]> {
  return (await kv.list(HANDLE_PREFIX)).map((p) => ({
    key: p.key,
    id: p.key.slice(HANDLE_PREFIX.length),
    rev: p.rev,
    value: decodeHandle(p.value),
  }));
}

/** Host and virtual block affinities (the legacy `/host/<name>` markers are skipped). */
export async function loadAffinities(kv: IpamKV, type: 'host' | 'virtual' = 'host'): Promise<StoredAffinity[]> {
  const out: StoredAffinity[] = [];
  for (const p of await kv.list(`${IPAM_PREFIX}${type}/`)) {
    const parsed = parseAffinityKey(p.key);
    if (parsed) out.push({ key: p.key, rev: p.rev, owner: parsed.owner, cidr: parsed.cidr, value: p.value });
  }
  return out;
}

/** The node a block is affine to (`host:<node>`), if any. */
export function blockHost(b: AllocationBlock): string | undefined {
  return b.affinity?.startsWith('host:') ? b.affinity.slice('host:'.length) : undefined;
}
