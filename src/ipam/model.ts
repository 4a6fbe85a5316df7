/**
 * The IPAM data model as Calico stores it in etcd (datastore-and-validation.md §1.6): key paths
 * and the exact JSON of blocks, affinities, handles and the IPAM config.
 *
 * Sequence numbers are uint64 (UnixNano at block creation) and exceed JS's safe integers, so
 * they are bigints here and are parsed/printed without going through JS numbers.
 */
import { formatCidr, parseCidr, type Cidr } from './cidr.js';

export const IPAM_PREFIX = '/calico/ipam/v2/';
export const CONFIG_KEY = '/calico/ipam/v2/config';
export const HANDLE_PREFIX = '/calico/ipam/v2/handle/';

/** `10.0.0.0/26` → `10.0.0.0-26` (the key form of a CIDR). */
export function cidrKeyPart(cidr: string): string {
  return cidr.replace('/', '-');
}

/** `10.0.0.0-26` → `10.0.0.0/26`. */
export function cidrFromKeyPart(part: string): string {
  const i = part.lastIndexOf('-');
  return i < 0 ? part : `${part.slice(0, i)}/${part.slice(i + 1)}`;
}

export function blockPrefix(version: 4 | 6): string {
  return `/calico/ipam/v2/assignment/ipv${version}/block/`;
}

export function blockKey(cidr: Cidr): string {
  return blockPrefix(cidr.version) + cidrKeyPart(formatCidr(cidr));
}

/** The affinity type and owner: `host:<node>` or `virtual:<name>` (LoadBalancer). */
export interface AffinityOwner {
  type: 'host' | 'virtual';
  name: string;
}

export function affinityString(o: AffinityOwner): string {
  return `${o.type}:${o.name}`;
}

/** `host:<node>` / `virtual:<name>` → the owner; undefined for anything else. */
export function parseAffinityString(s: string | null): AffinityOwner | undefined {
  const m = s === null ? null : /^(host|virtual):(.+)$/.exec(s);
  return m ? { type: m[1] as 'host' | 'virtual', name: m[2]! } : undefined;
}

export function affinityPrefix(owner: AffinityOwner, version: 4 | 6): string {
  return `/calico/ipam/v2/${owner.type}/${owner.name}/ipv${version}/block/`;
}

export function affinityKey(owner: AffinityOwner, cidr: Cidr): string {
  return affinityPrefix(owner, cidr.version) + cidrKeyPart(formatCidr(cidr));
}

/** Parses `/calico/ipam/v2/<host|virtual>/<name>/ipv4/block/<cidr>`. */
export function parseAffinityKey(key: string): { owner: AffinityOwner; cidr: Cidr } | undefined {
  const m = /^\/calico\/ipam\/v2\/(host|virtual)\/([^/]+)\/ipv[46]\/block\/([^/]+)$/.exec(key);
  if (!m) return undefined;
  const cidr = parseCidr(cidrFromKeyPart(m[3]!));
  return cidr ? { owner: { type: m[1] as 'host' | 'virtual', name: m[2]! }, cidr } : undefined;
}

export function handleKey(handleId: string): string {
  return HANDLE_PREFIX + handleId;
}

// ---- values ---------------------------------------------------------------------------------

/** Go's encoding/json string escaping (HTML-safe: <, >, & and U+2028/9 escaped). */
export function goString(s: string): string {
  return JSON.stringify(s)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A Go map[string]string / map[string]int: keys sorted. */
function goMap(m: Record<string, string | number | bigint>): string {
  const keys = Object.keys(m).sort();
  return `{${keys.map((k) => `${goString(k)}:${typeof m[k] === 'string' ? goString(m[k] as string) : String(m[k])}`).join(',')}}`;
}

export type AffinityState = 'confirmed' | 'pending' | 'pendingDeletion' | '';

export interface AffinityValue {
  state: AffinityState;
  deleted: boolean;
}

export function encodeAffinity(v: AffinityValue): string {
  return `{"state":${goString(v.state)},"deleted":${v.deleted}}`;
}

/** An empty value (older data) reads as `{}`: state "" which counts as confirmed. */
export function decodeAffinity(text: string): AffinityValue {
  if (text.trim() === '') return { state: '', deleted: false };
  const o = JSON.parse(text) as Partial<AffinityValue>;
  return { state: (o.state ?? '') as AffinityState, deleted: o.deleted === true };
}

export function isConfirmed(v: AffinityValue): boolean {
  return v.state === 'confirmed' || v.state === '';
}

export interface HandleValue {
  /** Count of addresses per block CIDR. */
  block: Record<string, number>;
  deleted: boolean;
}

export function encodeHandle(v: HandleValue): string {
  return `{"block":${goMap(v.block)},"deleted":${v.deleted}}`;
}

export function decodeHandle(text: string): HandleValue {
  const o = JSON.parse(text) as Partial<HandleValue>;
  return { block: { ...(o.block ?? {}) }, deleted: o.deleted === true };
}

/** The library's IPAM configuration (`/calico/ipam/v2/config`). */
export interface IPAMConfig {
  strictAffinity: boolean;
  autoAllocateBlocks: boolean;
  /** 0 = no limit configured. */
  maxBlocksPerHost: number;
  /** 'Enabled' | 'Disabled' | undefined (unset). */
  kubeVirtVMAddressPersistence?: string;
  /** Stored and returned; the cooldown itself is not applied by this library (released addresses are free at once). */
  ipCooldownSeconds?: number;
}

/** Used when the config key does not exist. */
export const DEFAULT_IPAM_CONFIG: Readonly<IPAMConfig> = Object.freeze({
  strictAffinity: false,
  autoAllocateBlocks: true,
  maxBlocksPerHost: 0,
});

/** Every field is omitempty, as in Calico. */
export function encodeConfig(c: IPAMConfig): string {
  const parts: string[] = [];
  if (c.strictAffinity) parts.push('"strict_affinity":true');
  if (c.autoAllocateBlocks) parts.push('"auto_allocate_blocks":true');
  if (c.maxBlocksPerHost) parts.push(`"maxBlocksPerHost":${c.maxBlocksPerHost}`);
  if (c.kubeVirtVMAddressPersistence) parts.push(`"kubeVirtVMAddressPersistence":${goString(c.kubeVirtVMAddressPersistence)}`);
  if (c.ipCooldownSeconds) parts.push(`"ipCooldownSeconds":${c.ipCooldownSeconds}`);
  return `{${parts.join(',')}}`;
}

export function decodeConfig(text: string): IPAMConfig {
  const o = JSON.parse(text) as Record<string, unknown>;
  const c: IPAMConfig = {
    strictAffinity: o.strict_affinity === true,
    autoAllocateBlocks: o.auto_allocate_blocks === true,
    maxBlocksPerHost: typeof o.maxBlocksPerHost === 'number' ? o.maxBlocksPerHost : 0,
  };
  if (typeof o.kubeVirtVMAddressPersistence === 'string') c.kubeVirtVMAddressPersistence = o.kubeVirtVMAddressPersistence;
  if (typeof o.ipCooldownSeconds === 'number') c.ipCooldownSeconds = o.ipCooldownSeconds;
  return c;
}

// ---- AllocationBlock ------------------------------------------------------------------------

export interface AllocationAttribute {
  handle_id?: string;
  secondary?: Record<string, string>;
  alternateOwnerAttrs?: Record<string, string>;
  releasedAt?: string;
}

export interface AllocationBlock {
  cidr: string;
  /** `host:<node>`, `virtual:<name>` or null. */
  affinity: string | null;
  affinity_claim_time?: string;
  /** One entry per address: null (free) or an index into attributes. */
  allocations: (number | null)[];
  /** FIFO of free ordinals: allocate from the head, free to the tail. */
  unallocated: number[];
  attributes: AllocationAttribute[];
  sequenceNumber: bigint;
  /** Ordinal (as a string) → block sequenceNumber when it was allocated. */
  sequenceNumberForAllocation: Record<string, bigint>;
  deleted: boolean;
  hostAffinity?: string;
}

function encodeAttribute(a: AllocationAttribute): string {
  const parts: string[] = [];
  if (a.handle_id !== undefined) parts.push(`"handle_id":${goString(a.handle_id)}`);
  if (a.secondary && Object.keys(a.secondary).length > 0) parts.push(`"secondary":${goMap(a.secondary)}`);
  if (a.alternateOwnerAttrs && Object.keys(a.alternateOwnerAttrs).length > 0) {
    parts.push(`"alternateOwnerAttrs":${goMap(a.alternateOwnerAttrs)}`);
  }
  if (a.releasedAt !== undefined) parts.push(`"releasedAt":${goString(a.releasedAt)}`);
  return `{${parts.join(',')}}`;
}

/** The block's JSON with Calico's key names, order, `null` entries and integer sequence numbers. */
export function encodeBlock(b: AllocationBlock): string {
  const parts = [`"cidr":${goString(b.cidr)}`, `"affinity":${b.affinity === null ? 'null' : goString(b.affinity)}`];
  if (b.affinity_claim_time !== undefined) parts.push(`"affinity_claim_time":${goString(b.affinity_claim_time)}`);
  parts.push(`"allocations":[${b.allocations.map((a) => (a === null ? 'null' : String(a))).join(',')}]`);
  parts.push(`"unallocated":[${b.unallocated.join(',')}]`);
  parts.push(`"attributes":[${b.attributes.map(encodeAttribute).join(',')}]`);
  parts.push(`"sequenceNumber":${b.sequenceNumber}`);
  parts.push(`"sequenceNumberForAllocation":${goMap(b.sequenceNumberForAllocation)}`);
  parts.push(`"deleted":${b.deleted}`);
  if (b.hostAffinity !== undefined) parts.push(`"hostAffinity":${goString(b.hostAffinity)}`);
  return `{${parts.join(',')}}`;
}

export function decodeBlock(text: string): AllocationBlock {
  // Quote the uint64s before JSON.parse so no precision is lost.
  const quoted = text
    .replace(/"sequenceNumber"\s*:\s*(\d+)/, '"sequenceNumber":"$1"')
    .replace(/"sequenceNumberForAllocation"\s*:\s*\{([^}]*)\}/, (_m, body: string) =>
      `"sequenceNumberForAllocation":{${body.replace(/:\s*(\d+)/g, ':"$1"')}}`,
    );
  const o = JSON.parse(quoted) as Record<string, unknown>;
  const seqMap: Record<string, bigint> = {};
  for (const [k, v] of Object.entries((o.sequenceNumberForAllocation ?? {}) as Record<string, string>)) seqMap[k] = BigInt(v);
  const b: AllocationBlock = {
    cidr: String(o.cidr),
    affinity: typeof o.affinity === 'string' ? o.affinity : null,
    allocations: ((o.allocations ?? []) as (number | null)[]).map((a) => (typeof a === 'number' ? a : null)),
    unallocated: [...((o.unallocated ?? []) as number[])],
    attributes: ((o.attributes ?? []) as AllocationAttribute[]).map((a) => ({ ...a })),
    sequenceNumber: BigInt((o.sequenceNumber as string | undefined) ?? '0'),
    sequenceNumberForAllocation: seqMap,
    deleted: o.deleted === true,
  };
  if (typeof o.affinity_claim_time === 'string') b.affinity_claim_time = o.affinity_claim_time;
  if (typeof o.hostAffinity === 'string') b.hostAffinity = o.hostAffinity;
  return b;
}

/** RFC3339 UTC with second precision, as Go's metav1.Time marshals. */
export function rfc3339(d: Date = new Date()): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Current time in nanoseconds since the epoch (uint64 UnixNano). */
export function unixNano(): bigint {
  return BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
}
