/**
 * Where each IPAM key lives on the Kubernetes datastore (datastore-and-validation §2.5): the CRD
 * plural and object name Calico uses for blocks, block affinities, handles and the IPAM config.
 */
import { createHash } from 'node:crypto';
import { formatCidr, parseCidr, type Cidr } from './cidr.js';
import { CONFIG_KEY, HANDLE_PREFIX, cidrFromKeyPart, parseAffinityKey, type AffinityOwner } from './model.js';

export type IpamPlural = 'ipamblocks' | 'blockaffinities' | 'ipamhandles' | 'ipamconfigs';

export type IpamObjectRef =
  | { plural: 'ipamblocks'; name: string; cidr: Cidr }
  | { plural: 'blockaffinities'; name: string; owner: AffinityOwner; cidr: Cidr }
  | { plural: 'ipamhandles'; name: string; handleId: string }
  | { plural: 'ipamconfigs'; name: 'default' };

/** Calico's CIDRToName: `10.0.0.0/26` → `10-0-0-0-26`, `fd00::/122` → `fd00---122`. */
export function cidrToName(cidr: Cidr | string): string {
  const text = typeof cidr === 'string' ? cidr : formatCidr(cidr);
  return text.replace(/[.:/]/g, '-');
}

/** Object names are DNS subdomains: at most 253 characters. */
const MAX_NAME = 253;
const HASH_CHARS = 11;

/**
 * `<host>-<cidr name>`; a name that would reach 253 characters keeps a truncated host, then the
 * first 11 hex digits of sha256("<host>+<cidr name>"), then the CIDR name.
 */
export function blockAffinityName(host: string, cidr: Cidr): string {
  const cidrName = cidrToName(cidr);
  const name = `${host}-${cidrName}`;
  if (name.length < MAX_NAME) return name;
  const hash = createHash('sha256').update(`${host}+${cidrName}`).digest('hex').slice(0, HASH_CHARS);
  const keep = MAX_NAME - 1 - cidrName.length - HASH_CHARS - 2;
  return `${host.slice(0, keep)}-${hash}-${cidrName}`;
}

/** IPAMHandle names are the handle ID in lower case (the spec keeps the original case). */
export function handleName(handleId: string): string {
  return handleId.toLowerCase();
}

const RFC4648 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Base32, standard alphabet, no padding (Go's base32.StdEncoding.WithPadding(NoPadding)). */
export function base32NoPad(data: Uint8Array): string {
  let out = '';
  let bits = 0;
  let acc = 0;
  for (const byte of data) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += RFC4648[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += RFC4648[(acc << (5 - bits)) & 31];
  return out;
}

export const LABEL_HOSTNAME_HASH = 'projectcalico.org/hostname-hash';
export const LABEL_AFFINITY_TYPE = 'projectcalico.org/affinity-type';
export const LABEL_IP_VERSION = 'projectcalico.org/ip-version';

/** The labels Calico puts on a BlockAffinity (host-scoped lists select on them). */
export function blockAffinityLabels(owner: AffinityOwner, cidr: Cidr): Record<string, string> {
  return {
    [LABEL_AFFINITY_TYPE]: owner.type,
    [LABEL_HOSTNAME_HASH]: base32NoPad(createHash('sha3-256').update(owner.name).digest()),
    [LABEL_IP_VERSION]: String(cidr.version),
  };
}

const BLOCK_KEY = /^\/calico\/ipam\/v2\/assignment\/ipv[46]\/block\/([^/]+)$/;

/** The object behind an IPAM key; undefined for keys that have no object on KDD. */
export function refForKey(key: string): IpamObjectRef | undefined {
  if (key === CONFIG_KEY) return { plural: 'ipamconfigs', name: 'default' };
  if (key.startsWith(HANDLE_PREFIX) && key.length > HANDLE_PREFIX.length) {
    const handleId = key.slice(HANDLE_PREFIX.length);
    return { plural: 'ipamhandles', name: handleName(handleId), handleId };
  }
  const b = BLOCK_KEY.exec(key);
  if (b) {
    const cidr = parseCidr(cidrFromKeyPart(b[1]!));
    return cidr ? { plural: 'ipamblocks', name: cidrToName(cidr), cidr } : undefined;
  }
  const a = parseAffinityKey(key);
  if (a) return { plural: 'blockaffinities', name: blockAffinityName(a.owner.name, a.cidr), owner: a.owner, cidr: a.cidr };
  return undefined;
}

/** Key roots of each collection: a list under `prefix` reads the collections whose root overlaps it. */
const ROOTS: ReadonlyArray<[IpamPlural, string]> = [
  ['ipamblocks', '/calico/ipam/v2/assignment/'],
  ['blockaffinities', '/calico/ipam/v2/host/'],
  ['blockaffinities', '/calico/ipam/v2/virtual/'],
  ['ipamhandles', HANDLE_PREFIX],
  ['ipamconfigs', CONFIG_KEY],
];

export function pluralsForPrefix(prefix: string): IpamPlural[] {
  const out = new Set<IpamPlural>();
  for (const [plural, root] of ROOTS) if (root.startsWith(prefix) || prefix.startsWith(root)) out.add(plural);
  return [...out];
}
