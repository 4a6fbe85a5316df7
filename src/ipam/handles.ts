/** IPAM handles: per-block address counts under `/calico/ipam/v2/handle/<id>`, all CAS. */
import { decodeHandle, encodeHandle, handleKey, type HandleValue } from './model.js';
import { RETRY, withRetries, type IpamContext } from './context.js';
import type { KVWrite } from './kv.js';

export async function getHandle(ctx: IpamContext, handleId: string): Promise<HandleValue | undefined> {
  const p = await ctx.kv.get(handleKey(handleId));
  return p ? decodeHandle(p.value) : undefined;
}

/** Subtracts `n` for `blockCidr` (dropping the entry at 0); deletes the handle when it is empty. */
export function decrementHandle(ctx: IpamContext, handleId: string, blockCidr: string, n: number): Promise<void> {
  return adjustHandle(ctx, handleId, blockCidr, -n);
}

/**
 * Changes the handle's count for `blockCidr` by `delta` as a read-modify-write retried on
 * conflict: created when a positive delta finds no handle, deleted when it ends up empty.
 */
export function adjustHandle(ctx: IpamContext, handleId: string, blockCidr: string, delta: number): Promise<void> {
  const key = handleKey(handleId);
  return withRetries(`update handle ${handleId}`, async () => {
    const p = await ctx.kv.get(key);
    if (!p && delta <= 0) return undefined;
    const h: HandleValue = p ? decodeHandle(p.value) : { block: {}, deleted: false };
    const left = (h.block[blockCidr] ?? 0) + delta;
    if (left > 0) h.block[blockCidr] = left;
    else delete h.block[blockCidr];
    let ok: boolean;
    if (!p) ok = (await ctx.kv.put(key, encodeHandle(h), { create: true })) !== undefined;
    else if (Object.keys(h.block).length === 0) ok = await ctx.kv.delete(key, p.rev);
    else ok = (await ctx.kv.put(key, encodeHandle(h), { rev: p.rev })) !== undefined;
    return ok ? undefined : RETRY;
  });
}

/**
 * The write that changes the handle's count for `blockCidr` by `delta` (created on first use,
 * deleted when it reaches zero everywhere), CAS on the handle as just read: for a commit
 * together with the block write. Its `redo` makes the same change (or its inverse) afresh.
 */
export async function handleDelta(ctx: IpamContext, handleId: string, blockCidr: string, delta: number): Promise<KVWrite> {
  const key = handleKey(handleId);
  const p = await ctx.kv.get(key);
  const h: HandleValue = p ? decodeHandle(p.value) : { block: {}, deleted: false };
  const n = (h.block[blockCidr] ?? 0) + delta;
  if (n > 0) h.block[blockCidr] = n;
  else delete h.block[blockCidr];
  const cond = p ? { rev: p.rev } : { create: true as const };
  const redo = (sign: 1 | -1): Promise<void> => adjustHandle(ctx, handleId, blockCidr, sign * delta);
  return Object.keys(h.block).length === 0 ? { key, cond, redo } : { key, value: encodeHandle(h), cond, redo };
}
