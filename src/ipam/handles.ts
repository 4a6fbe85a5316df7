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
  const key = handleKey(handleId);
  return withRetries(`decrement handle ${handleId}`, async () => {
    const p = await ctx.kv.get(key);
    if (!p) return undefined;
    const h = decodeHandle(p.value);
    const left = (h.block[blockCidr] ?? 0) - n;
    if (left > 0) h.block[blockCidr] = left;
    else delete h.block[blockCidr];
    const ok =
      Object.keys(h.block).length === 0
        ? await ctx.kv.delete(key, p.rev)
        : (await ctx.kv.put(key, encodeHandle(h), { rev: p.rev })) !== undefined;
    return ok ? undefined : RETRY;
  });
}

/**
 * The write that changes the handle's count for `blockCidr` by `delta` (created on first use,
 * deleted when it reaches zero everywhere), CAS on the handle as just read: for an atomic commit
 * together with the block write.
 */
export async function handleDelta(ctx: IpamContext, handleId: string, blockCidr: string, delta: number): Promise<KVWrite> {
  const key = handleKey(handleId);
  const p = await ctx.kv.get(key);
  const h: HandleValue = p ? decodeHandle(p.value) : { block: {}, deleted: false };
  const n = (h.block[blockCidr] ?? 0) + delta;
  if (n > 0) h.block[blockCidr] = n;
  else delete h.block[blockCidr];
  const cond = p ? { rev: p.rev } : { create: true as const };
  return Object.keys(h.block).length === 0 ? { key, cond } : { key, value: encodeHandle(h), cond };
}
