/**
 * Pure operations on one AllocationBlock (no I/O): creation, assignment from the FIFO, release.
 */
import { cidrSize, formatCidr, formatIP, parseCidr, type Cidr } from './cidr.js';
import { rfc3339, unixNano, type AllocationAttribute, type AllocationBlock } from './model.js';

export function newBlock(cidr: Cidr, affinity: string | null): AllocationBlock {
  const n = Number(cidrSize(cidr));
  const b: AllocationBlock = {
    cidr: formatCidr(cidr),
    affinity,
    allocations: Array<number | null>(n).fill(null),
    unallocated: Array.from({ length: n }, (_, i) => i),
    attributes: [],
    sequenceNumber: unixNano(),
    sequenceNumberForAllocation: {},
    deleted: false,
  };
  if (affinity !== null) b.affinity_claim_time = rfc3339();
  return b;
}

export function blockCidr(b: AllocationBlock): Cidr {
  const c = parseCidr(b.cidr);
  if (!c) throw new Error(`invalid block CIDR ${b.cidr}`);
  return c;
}

export function ordinalIP(b: AllocationBlock, ord: number): string {
  const c = blockCidr(b);
  return formatIP(c.version, c.base + BigInt(ord));
}

export function inUseCount(b: AllocationBlock): number {
  return b.allocations.reduce<number>((n, a) => (a === null ? n : n + 1), 0);
}

export function isEmpty(b: AllocationBlock): boolean {
  return b.allocations.every((a) => a === null);
}

function sameAttrs(a: AllocationAttribute, handleId: string | undefined, attrs: Record<string, string> | undefined): boolean {
  if (a.handle_id !== handleId || a.releasedAt !== undefined || a.alternateOwnerAttrs) return false;
  const x = a.secondary ?? {};
  const y = attrs ?? {};
  const kx = Object.keys(x);
  return kx.length === Object.keys(y).length && kx.every((k) => x[k] === y[k]);
}

/**
 * Takes up to `num` ordinals from the head of `unallocated`, skipping those for which
 * `reserved(ord)` is true (they stay in place). Mutates the block; returns the ordinals.
 * One attribute entry per (handle, attrs) pair is shared.
 */
export function assignFromBlock(
  b: AllocationBlock,
  num: number,
  handleId: string | undefined,
  attrs: Record<string, string> | undefined,
  reserved: (ord: number) => boolean,
): number[] {
  const taken: number[] = [];
  const kept: number[] = [];
  for (const ord of b.unallocated) {
    if (taken.length < num && !reserved(ord)) taken.push(ord);
    else kept.push(ord);
  }
  if (taken.length === 0) return taken;
  let attrIdx = b.attributes.findIndex((a) => sameAttrs(a, handleId, attrs));
  if (attrIdx < 0) {
    const a: AllocationAttribute = {};
    if (handleId !== undefined) a.handle_id = handleId;
    if (attrs && Object.keys(attrs).length > 0) a.secondary = { ...attrs };
    b.attributes.push(a);
    attrIdx = b.attributes.length - 1;
  }
  b.unallocated = kept;
  for (const ord of taken) {
    b.allocations[ord] = attrIdx;
    b.sequenceNumberForAllocation[String(ord)] = b.sequenceNumber;
  }
  return taken;
}

/** Assigns one specific ordinal; false when it is already allocated. */
export function assignOrdinal(
  b: AllocationBlock,
  ord: number,
  handleId: string | undefined,
  attrs: Record<string, string> | undefined,
): boolean {
  if (b.allocations[ord] !== null || !b.unallocated.includes(ord)) return false;
  const rest = b.unallocated.filter((o) => o !== ord);
  b.unallocated = [ord];
  assignFromBlock(b, 1, handleId, attrs, () => false);
  b.unallocated = rest;
  return true;
}

/**
 * Frees ordinals (appended to the tail of `unallocated`), drops their sequence numbers and
 * compacts attributes nothing references any more. Returns the handle of each freed ordinal.
 */
export function releaseOrdinals(b: AllocationBlock, ords: readonly number[]): Map<number, string | undefined> {
  const freed = new Map<number, string | undefined>();
  for (const ord of ords) {
    const idx = b.allocations[ord];
    if (idx === null || idx === undefined) continue;
    freed.set(ord, b.attributes[idx]?.handle_id);
    b.allocations[ord] = null;
    b.unallocated.push(ord);
    delete b.sequenceNumberForAllocation[String(ord)];
  }
  compactAttributes(b);
  return freed;
}

function compactAttributes(b: AllocationBlock): void {
  const used = new Set<number>();
  for (const a of b.allocations) if (a !== null) used.add(a);
  if (used.size === b.attributes.length) return;
  const remap = new Map<number, number>();
  const attrs: AllocationAttribute[] = [];
  b.attributes.forEach((a, i) => {
    if (used.has(i)) {
      remap.set(i, attrs.length);
      attrs.push(a);
    }
  });
  b.attributes = attrs;
  b.allocations = b.allocations.map((a) => (a === null ? null : remap.get(a)!));
}

/** Ordinals allocated to `handleId`. */
export function ordinalsForHandle(b: AllocationBlock, handleId: string): number[] {
  const out: number[] = [];
  b.allocations.forEach((a, ord) => {
    if (a !== null && b.attributes[a]?.handle_id === handleId) out.push(ord);
  });
  return out;
}
