/**
 * IPAM values ↔ the spec of Calico's IPAM custom resources (crd.projectcalico.org/v1). The IPAM
 * library works on etcd's JSON (model.ts); on KDD the same data is an IPAMBlock, BlockAffinity,
 * IPAMHandle or IPAMConfig spec. The differences:
 *
 * - IPAMBlock: `affinity_claim_time` is `affinityClaimTime`; `affinity` is left out when null;
 *   `strictAffinity` (deprecated) is always written, false; the deprecated `hostAffinity` has no
 *   field. Attribute keys (`handle_id`, `secondary`, `alternateOwnerAttrs`, `releasedAt`) are
 *   the same. sequenceNumber(ForAllocation) values are int64s and stay bigints.
 * - BlockAffinity: `{state, node, type, cidr, deleted}` with `deleted` the string "true"/"false";
 *   the key's host/virtual owner and CIDR become `node`/`type`/`cidr`.
 * - IPAMHandle: `{handleID (original case), block, deleted}`.
 * - IPAMConfig: `strict_affinity` → `strictAffinity`, `auto_allocate_blocks` →
 *   `autoAllocateBlocks` (both required by the CRD), the rest under the same names.
 */
import { formatCidr, type Cidr } from './cidr.js';
import type { JsonBig } from './jsonbig.js';
import {
  affinityKey,
  blockKey,
  decodeAffinity,
  decodeBlock,
  decodeConfig,
  decodeHandle,
  encodeAffinity,
  encodeBlock,
  encodeConfig,
  encodeHandle,
  handleKey,
  CONFIG_KEY,
  type AffinityOwner,
  type AffinityState,
  type AllocationAttribute,
  type AllocationBlock,
} from './model.js';
import { parseCidr } from './cidr.js';

type Spec = { [k: string]: JsonBig | undefined };

const obj = (v: JsonBig | undefined): { [k: string]: JsonBig } =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as { [k: string]: JsonBig }) : {};
const str = (v: JsonBig | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const big = (v: JsonBig | undefined): bigint => (typeof v === 'bigint' ? v : typeof v === 'number' ? BigInt(Math.trunc(v)) : typeof v === 'string' && /^\d+$/.test(v) ? BigInt(v) : 0n);
const strMap = (v: JsonBig | undefined): Record<string, string> | undefined => {
  const o = obj(v);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(o)) if (typeof x === 'string') out[k] = x;
  return Object.keys(out).length > 0 ? out : undefined;
};

// ---- IPAMBlock ------------------------------------------------------------------------------

export function blockToSpec(valueJson: string): Spec {
  const b = decodeBlock(valueJson);
  const spec: Spec = { cidr: b.cidr };
  if (b.affinity !== null) spec.affinity = b.affinity;
  if (b.affinity_claim_time !== undefined) spec.affinityClaimTime = b.affinity_claim_time;
  spec.allocations = b.allocations;
  spec.unallocated = b.unallocated;
  spec.attributes = b.attributes.map((a) => {
    const out: Spec = {};
    if (a.handle_id !== undefined) out.handle_id = a.handle_id;
    if (a.secondary && Object.keys(a.secondary).length > 0) out.secondary = a.secondary;
    if (a.alternateOwnerAttrs && Object.keys(a.alternateOwnerAttrs).length > 0) out.alternateOwnerAttrs = a.alternateOwnerAttrs;
    if (a.releasedAt !== undefined) out.releasedAt = a.releasedAt;
    return out as JsonBig;
  });
  spec.sequenceNumber = b.sequenceNumber;
  const seq: { [k: string]: JsonBig } = {};
  for (const k of Object.keys(b.sequenceNumberForAllocation).sort((x, y) => Number(x) - Number(y))) seq[k] = b.sequenceNumberForAllocation[k]!;
  spec.sequenceNumberForAllocation = seq;
  spec.deleted = b.deleted;
  spec.strictAffinity = false;
  return spec;
}

export function blockFromSpec(spec: Spec): { key: string; value: string; cidr: Cidr } | undefined {
  const cidr = parseCidr(str(spec.cidr) ?? '');
  if (!cidr) return undefined;
  const seq: Record<string, bigint> = {};
  for (const [k, v] of Object.entries(obj(spec.sequenceNumberForAllocation))) seq[k] = big(v);
  const b: AllocationBlock = {
    cidr: formatCidr(cidr),
    affinity: str(spec.affinity) ?? null,
    allocations: (Array.isArray(spec.allocations) ? spec.allocations : []).map((a) => (typeof a === 'number' ? a : null)),
    unallocated: (Array.isArray(spec.unallocated) ? spec.unallocated : []).filter((n): n is number => typeof n === 'number'),
    attributes: (Array.isArray(spec.attributes) ? spec.attributes : []).map((raw) => {
      const a = obj(raw);
      const out: AllocationAttribute = {};
      const h = str(a.handle_id);
      if (h !== undefined) out.handle_id = h;
      const sec = strMap(a.secondary);
      if (sec) out.secondary = sec;
      const alt = strMap(a.alternateOwnerAttrs);
      if (alt) out.alternateOwnerAttrs = alt;
      const rel = str(a.releasedAt);
      if (rel !== undefined) out.releasedAt = rel;
      return out;
    }),
    sequenceNumber: big(spec.sequenceNumber),
    sequenceNumberForAllocation: seq,
    deleted: spec.deleted === true,
  };
  const claim = str(spec.affinityClaimTime);
  if (claim !== undefined) b.affinity_claim_time = claim;
  return { key: blockKey(cidr), value: encodeBlock(b), cidr };
}

// ---- BlockAffinity --------------------------------------------------------------------------

export function affinityToSpec(owner: AffinityOwner, cidr: Cidr, valueJson: string): Spec {
  const v = decodeAffinity(valueJson);
  return { state: v.state, node: owner.name, type: owner.type, cidr: formatCidr(cidr), deleted: String(v.deleted) };
}

export function affinityFromSpec(spec: Spec): { key: string; value: string; owner: AffinityOwner; cidr: Cidr } | undefined {
  const cidr = parseCidr(str(spec.cidr) ?? '');
  const node = str(spec.node);
  if (!cidr || !node) return undefined;
  // An empty type is a host affinity (rows written before the field existed).
  const owner: AffinityOwner = { type: spec.type === 'virtual' ? 'virtual' : 'host', name: node };
  const value = encodeAffinity({ state: (str(spec.state) ?? '') as AffinityState, deleted: isDeleted(spec) });
  return { key: affinityKey(owner, cidr), value, owner, cidr };
}

// ---- IPAMHandle -----------------------------------------------------------------------------

export function handleToSpec(handleId: string, valueJson: string): Spec {
  const h = decodeHandle(valueJson);
  const block: { [k: string]: JsonBig } = {};
  for (const k of Object.keys(h.block).sort()) block[k] = h.block[k]!;
  return { handleID: handleId, block, deleted: h.deleted };
}

export function handleFromSpec(spec: Spec): { key: string; value: string; handleId: string } | undefined {
  const handleId = str(spec.handleID);
  if (!handleId) return undefined;
  const block: Record<string, number> = {};
  for (const [k, v] of Object.entries(obj(spec.block))) if (typeof v === 'number') block[k] = v;
  return { key: handleKey(handleId), value: encodeHandle({ block, deleted: spec.deleted === true }), handleId };
}

// ---- IPAMConfig -----------------------------------------------------------------------------

export function configToSpec(valueJson: string): Spec {
  const c = decodeConfig(valueJson.trim() === '' ? '{}' : valueJson);
  const spec: Spec = { strictAffinity: c.strictAffinity, autoAllocateBlocks: c.autoAllocateBlocks };
  if (c.maxBlocksPerHost) spec.maxBlocksPerHost = c.maxBlocksPerHost;
  if (c.kubeVirtVMAddressPersistence) spec.kubeVirtVMAddressPersistence = c.kubeVirtVMAddressPersistence;
  if (c.ipCooldownSeconds) spec.ipCooldownSeconds = c.ipCooldownSeconds;
  return spec;
}

export function configFromSpec(spec: Spec): { key: string; value: string } {
  const value = encodeConfig({
    strictAffinity: spec.strictAffinity === true,
    autoAllocateBlocks: spec.autoAllocateBlocks === true,
    maxBlocksPerHost: typeof spec.maxBlocksPerHost === 'number' ? spec.maxBlocksPerHost : 0,
    ...(typeof spec.kubeVirtVMAddressPersistence === 'string' ? { kubeVirtVMAddressPersistence: spec.kubeVirtVMAddressPersistence } : {}),
    ...(typeof spec.ipCooldownSeconds === 'number' ? { ipCooldownSeconds: spec.ipCooldownSeconds } : {}),
  });
  return { key: CONFIG_KEY, value };
}

/** Soft-deleted (a delete in progress): `deleted` is a bool, or for BlockAffinity v1 the string "true". */
export function isDeleted(spec: Spec): boolean {
  return spec.deleted === true || spec.deleted === 'true';
}
