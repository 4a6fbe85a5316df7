/**
 * The IPAM part of a migration export: every block affinity, block, handle and the IPAM config,
 * as `{"Key","Value","TTL"}` entries (Calico's KVPair JSON), with node names mapped to their
 * Kubernetes names. Values are written with the IPAM model's encoders so that uint64 sequence
 * numbers keep every digit.
 */
import { CONFIG_KEY, HANDLE_PREFIX, affinityKey, decodeAffinity, encodeAffinity, encodeBlock, encodeHandle, goString } from '../../ipam/model.js';
import type { AllocationBlock } from '../../ipam/model.js';
import type { IpamKV } from '../../ipam/kv.js';
import { loadAffinities, loadBlocks, loadHandles } from '../ipam/read.js';

export type NodeRenames = ReadonlyMap<string, string>;

const TUNNEL_HANDLE = /^((?:ipip|vxlan|vxlan-v6|wireguard|wireguard-v6)-tunnel-addr-)(.+)$/;

const renamed = (renames: NodeRenames, node: string): string => renames.get(node) ?? node;

export function renameHandle(renames: NodeRenames, handle: string): string {
  const m = TUNNEL_HANDLE.exec(handle);
  return m ? `${m[1]}${renamed(renames, m[2]!)}` : handle;
}

export function renameBlock(renames: NodeRenames, block: AllocationBlock): AllocationBlock {
  const out: AllocationBlock = { ...block };
  if (out.affinity?.startsWith('host:')) out.affinity = `host:${renamed(renames, out.affinity.slice(5))}`;
  out.attributes = block.attributes.map((a) => {
    const attr = { ...a };
    if (attr.handle_id !== undefined) attr.handle_id = renameHandle(renames, attr.handle_id);
    if (attr.secondary?.node !== undefined) attr.secondary = { ...attr.secondary, node: renamed(renames, attr.secondary.node) };
    return attr;
  });
  return out;
}

/** One `{"Key":...,"Value":...,"TTL":0}` with the value already encoded as JSON. */
const entry = (key: string, valueJson: string): string => `{"Key":${goString(key)},"Value":${valueJson},"TTL":0}`;

/** The IPAM JSON document (one line, no trailing newline). */
export async function exportIpam(kv: IpamKV, renames: NodeRenames): Promise<string> {
  const [affinities, blocks, handles, config] = await Promise.all([
    loadAffinities(kv, 'host'),
    loadBlocks(kv),
    loadHandles(kv),
    kv.get(CONFIG_KEY),
  ]);
  const affinityJson = affinities.map((a) =>
    entry(affinityKey({ type: 'host', name: renamed(renames, a.owner.name) }, a.cidr), encodeAffinity(decodeAffinity(a.value))),
  );
  const blockJson = blocks.map((b) => entry(b.key, encodeBlock(renameBlock(renames, b.block))));
  const handleJson = handles.map((h) => entry(HANDLE_PREFIX + renameHandle(renames, h.id), encodeHandle(h.value)));
  const configJson = config ? entry(config.key, config.value.trim() === '' ? '{}' : JSON.stringify(JSON.parse(config.value))) : 'null';
  return (
    `{"block_affinities":[${affinityJson.join(',')}],"blocks":[${blockJson.join(',')}],` +
    `"handles":[${handleJson.join(',')}],"config":${configJson}}`
  );
}
