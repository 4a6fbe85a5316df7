/**
 * Releasing addresses, by address or by handle (§6 "Release"). Freed ordinals go to the tail of
 * the block's FIFO; an empty block with no affinity is deleted; the block and the handle counts
 * are committed together. Released addresses are free at once: the `releasedAt` cooldown
 * (ipCooldownSeconds) arrived after v3.32, the version this library follows.
 *
 * A release may name the allocation it expects (handle, sequence number). ReleaseIPs refuses
 * the whole block when one does not match (ReleaseConflictError); releaseIPsIfUnchanged and
 * ReleaseByHandle skip the addresses that do not match.
 */
import { formatCidr, parseCidr, type Cidr } from './cidr.js';
import { ordinalIP, ordinalsForHandle, releaseOrdinals } from './block.js';
import { blockWrite, getBlock } from './blockio.js';
import { decrementHandle, getHandle, handleDelta } from './handles.js';
import type { AllocationBlock } from './model.js';
import { RETRY, withRetries, type IpamContext } from './context.js';
import { IpamNotFoundError, ReleaseConflictError, type ReleaseMismatch } from './errors.js';
import { locateIPs } from './locate.js';

/** One address to release, optionally only while it is the allocation the caller knows. */
export interface ReleaseOptions {
  address: string;
  /** Only if the address is held by this handle. */
  handleId?: string;
  /** Only if the address was allocated at this block sequence number. */
  sequenceNumber?: bigint;
}

/** What the stored allocation of `ord` differs in from `want`; undefined when it matches (or is free). */
export function allocationMismatch(b: AllocationBlock, ord: number, want: ReleaseOptions): ReleaseMismatch | undefined {
  const idx = b.allocations[ord];
  if (idx === null || idx === undefined) return undefined;
  if (want.sequenceNumber !== undefined) {
    const actual = b.sequenceNumberForAllocation[String(ord)];
    if (actual !== want.sequenceNumber) return { kind: 'sequenceNumber', ip: want.address, expected: want.sequenceNumber, actual };
  }
  if (want.handleId !== undefined) {
    const actual = b.attributes[idx]?.handle_id;
    if (actual !== want.handleId) return { kind: 'handle', ip: want.address, expected: want.handleId, actual };
  }
  return undefined;
}

/** Frees the ordinals `pick` chooses in block `cidr` (pick may throw to refuse); returns the freed addresses. */
async function releaseInBlock(ctx: IpamContext, cidr: Cidr, pick: (b: AllocationBlock) => number[]): Promise<string[]> {
  const cidrText = formatCidr(cidr);
  const freed = await withRetries(`release from block ${cidrText}`, async () => {
    const sb = await getBlock(ctx, cidr);
    if (!sb) return new Map<number, string | undefined>();
    const out = releaseOrdinals(sb.block, pick(sb.block));
    if (out.size === 0) return out;
    const perHandle = new Map<string, number>();
    for (const h of out.values()) if (h !== undefined) perHandle.set(h, (perHandle.get(h) ?? 0) + 1);
    // The block, then every handle it touches, committed together (on KDD the handle
    // decrements are re-applied on fresh data if a handle changed meanwhile).
    const writes = [blockWrite(sb)];
    for (const [h, n] of perHandle) writes.push(await handleDelta(ctx, h, cidrText, -n));
    return (await ctx.kv.commit(writes)) ? out : RETRY;
  });
  return [...freed.keys()].map((o) => ordinalIP({ cidr: cidrText } as AllocationBlock, o));
}

const asOptions = (x: string | ReleaseOptions): ReleaseOptions => (typeof x === 'string' ? { address: x } : x);

/**
 * Releases addresses block by block. Returns those that were not released: not allocated (or
 * in no pool/block), and with `onMismatch: 'skip'` those whose allocation differs. With
 * `'fail'`, a mismatch leaves its block untouched; the other blocks are still released and the
 * first ReleaseConflictError is thrown at the end.
 */
async function release(ctx: IpamContext, items: readonly (string | ReleaseOptions)[], onMismatch: 'fail' | 'skip'): Promise<string[]> {
  const wanted = items.map(asOptions);
  const located = await locateIPs(ctx, wanted.map((w) => w.address));
  const notReleased = new Set<number>();
  const byBlock = new Map<string, { cidr: Cidr; items: Array<{ i: number; ord: number; ip: string }> }>();
  located.forEach((l, i) => {
    if (!l) {
      notReleased.add(i);
      return;
    }
    const k = formatCidr(l.block);
    const e = byBlock.get(k) ?? { cidr: l.block, items: [] };
    e.items.push({ i, ord: l.ordinal, ip: ordinalIP({ cidr: k } as AllocationBlock, l.ordinal) });
    byBlock.set(k, e);
  });
  let conflict: ReleaseConflictError | undefined;
  for (const [cidrText, { cidr, items: inBlock }] of byBlock) {
    try {
      const freed = new Set(
        await releaseInBlock(ctx, cidr, (b) => {
          const ords: number[] = [];
          for (const { i, ord } of inBlock) {
            const mismatch = allocationMismatch(b, ord, wanted[i]!);
            if (mismatch && onMismatch === 'fail') throw new ReleaseConflictError(cidrText, mismatch);
            if (!mismatch) ords.push(ord);
          }
          return ords;
        }),
      );
      for (const { i, ip } of inBlock) if (!freed.has(ip)) notReleased.add(i);
    } catch (e) {
      if (!(e instanceof ReleaseConflictError)) throw e;
      conflict ??= e;
    }
  }
  if (conflict) throw conflict;
  return wanted.filter((_, i) => notReleased.has(i)).map((w) => w.address);
}

/**
 * Releases the given addresses (Calico's ReleaseIPs). Returns those that were not allocated;
 * releasing them is not an error. An address given with a handle or sequence number that the
 * stored allocation does not have fails its block: ReleaseConflictError, nothing released there.
 */
export function releaseIPs(ctx: IpamContext, items: readonly (string | ReleaseOptions)[]): Promise<string[]> {
  return release(ctx, items, 'fail');
}

/**
 * Releases the addresses whose allocation is still the one described (same handle, same
 * sequence number); the others are left alone. Returns the addresses not released (not
 * allocated, or allocated differently).
 */
export function releaseIPsIfUnchanged(ctx: IpamContext, items: readonly ReleaseOptions[]): Promise<string[]> {
  return release(ctx, items, 'skip');
}

/**
 * Releases every address of `handleId` and deletes the handle when nothing is left. With a
 * sequence number, addresses allocated at another one are skipped. IpamNotFoundError when the
 * handle does not exist.
 */
export async function releaseByHandle(ctx: IpamContext, handleId: string, opts: { sequenceNumber?: bigint } = {}): Promise<string[]> {
  const h = await getHandle(ctx, handleId);
  if (!h) throw new IpamNotFoundError(`handle ${handleId} does not exist`);
  const released: string[] = [];
  for (const cidrText of Object.keys(h.block)) {
    const cidr = parseCidr(cidrText);
    if (!cidr) continue;
    let held = 0;
    const freed = await releaseInBlock(ctx, cidr, (b) => {
      const ords = ordinalsForHandle(b, handleId);
      held = ords.length;
      return ords.filter((o) => opts.sequenceNumber === undefined || b.sequenceNumberForAllocation[String(o)] === opts.sequenceNumber);
    });
    released.push(...freed);
    // Nothing of this handle was left in the block (or the block is gone): drop the stale count.
    if (held === 0) await decrementHandle(ctx, handleId, cidrText, h.block[cidrText]!);
  }
  return released;
}

/** Addresses held by `handleId` (with the block prefix), in block order. */
export async function ipsByHandle(ctx: IpamContext, handleId: string): Promise<string[]> {
  const h = await getHandle(ctx, handleId);
  if (!h) throw new IpamNotFoundError(`handle ${handleId} does not exist`);
  const out: string[] = [];
  for (const cidrText of Object.keys(h.block)) {
    const cidr = parseCidr(cidrText);
    const sb = cidr && (await getBlock(ctx, cidr));
    if (!sb) continue;
    for (const o of ordinalsForHandle(sb.block, handleId)) out.push(`${ordinalIP(sb.block, o)}/${cidr.prefix}`);
  }
  return out;
}
