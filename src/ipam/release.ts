/**
 * Releasing addresses, by address or by handle (§6 "Release"). Freed ordinals go to the tail of
 * the block's FIFO; an empty block with no affinity is deleted; handles are decremented after
 * the block write. Released addresses are free at once (no ipCooldownSeconds cooldown).
 */
import { formatCidr, parseCidr, type Cidr } from './cidr.js';
import { ordinalIP, ordinalsForHandle, releaseOrdinals } from './block.js';
import { blockWrite, getBlock } from './blockio.js';
import { decrementHandle, getHandle, handleDelta } from './handles.js';
import type { AllocationBlock } from './model.js';
import { RETRY, withRetries, type IpamContext } from './context.js';
import { IpamNotFoundError } from './errors.js';
import { locateIPs } from './locate.js';

/** Frees the ordinals `pick` chooses in block `cidr`; returns the freed addresses. */
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

/**
 * Releases the given addresses. Returns those that were not allocated (already free, or in no
 * pool/block); releasing them is not an error.
 */
export async function releaseIPs(ctx: IpamContext, ips: readonly string[]): Promise<string[]> {
  const located = await locateIPs(ctx, ips);
  const unallocated: string[] = [];
  const byBlock = new Map<string, { cidr: Cidr; ords: Map<number, string> }>();
  located.forEach((l, i) => {
    if (!l) {
      unallocated.push(ips[i]!);
      return;
    }
    const k = formatCidr(l.block);
    const e = byBlock.get(k) ?? { cidr: l.block, ords: new Map<number, string>() };
    e.ords.set(l.ordinal, l.ip);
    byBlock.set(k, e);
  });
  for (const { cidr, ords } of byBlock.values()) {
    const freed = new Set(await releaseInBlock(ctx, cidr, () => [...ords.keys()]));
    for (const [ord, ip] of ords) {
      if (!freed.has(ordinalIP({ cidr: formatCidr(cidr) } as AllocationBlock, ord))) unallocated.push(ip);
    }
  }
  const missing = new Set(unallocated);
  return ips.filter((ip) => missing.has(ip));
}

/** Releases every address of `handleId` and deletes the handle. IpamNotFoundError when the handle does not exist. */
export async function releaseByHandle(ctx: IpamContext, handleId: string): Promise<string[]> {
  const h = await getHandle(ctx, handleId);
  if (!h) throw new IpamNotFoundError(`handle ${handleId} does not exist`);
  const released: string[] = [];
  for (const cidrText of Object.keys(h.block)) {
    const cidr = parseCidr(cidrText);
    if (!cidr) continue;
    const freed = await releaseInBlock(ctx, cidr, (b) => ordinalsForHandle(b, handleId));
    released.push(...freed);
    // Nothing of this handle was left in the block (or the block is gone): drop the stale count.
    if (freed.length === 0) await decrementHandle(ctx, handleId, cidrText, h.block[cidrText]!);
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
