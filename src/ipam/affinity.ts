/**
 * Block affinities (`/calico/ipam/v2/host/<node>/ipv4/block/<cidr>`): claiming a block for a
 * node (pending → block created → confirmed) and releasing it (pendingDeletion → block deleted
 * or un-affined → affinity deleted). Every write is CAS.
 */
import { formatCidr, type Cidr } from './cidr.js';
import { isEmpty, newBlock } from './block.js';
import { createBlock, getBlock, writeBlock } from './blockio.js';
import {
  affinityKey,
  affinityPrefix,
  affinityString,
  decodeAffinity,
  encodeAffinity,
  parseAffinityKey,
  type AffinityOwner,
  type AffinityState,
  type AffinityValue,
} from './model.js';
import { RETRY, withRetries, type IpamContext } from './context.js';
import { IpamError, IpamNotFoundError } from './errors.js';

export interface StoredAffinity {
  key: string;
  rev: string;
  owner: AffinityOwner;
  cidr: Cidr;
  value: AffinityValue;
}

export async function listAffinities(ctx: IpamContext, owner: AffinityOwner, version: 4 | 6): Promise<StoredAffinity[]> {
  const out: StoredAffinity[] = [];
  for (const p of await ctx.kv.list(affinityPrefix(owner, version))) {
    const parsed = parseAffinityKey(p.key);
    if (parsed) out.push({ key: p.key, rev: p.rev, ...parsed, value: decodeAffinity(p.value) });
  }
  return out;
}

/** Sets the affinity's state (CAS, retried); no-op when it is already in that state or gone. */
export function setAffinityState(ctx: IpamContext, key: string, state: AffinityState): Promise<boolean> {
  return withRetries(`update affinity ${key}`, async () => {
    const p = await ctx.kv.get(key);
    if (!p) return false;
    const v = decodeAffinity(p.value);
    if (v.state === state) return true;
    const ok = await ctx.kv.put(key, encodeAffinity({ state, deleted: false }), { rev: p.rev });
    return ok ? true : RETRY;
  });
}

async function deleteAffinity(ctx: IpamContext, key: string): Promise<void> {
  await withRetries(`delete affinity ${key}`, async () => {
    const p = await ctx.kv.get(key);
    if (!p) return undefined;
    return (await ctx.kv.delete(key, p.rev)) ? undefined : RETRY;
  });
}

/**
 * Claims block `cidr` for `owner`. True when the block is now affine to the owner (including
 * when another process of the same owner won the race); false when another owner has it.
 */
export async function claimBlock(ctx: IpamContext, owner: AffinityOwner, cidr: Cidr): Promise<boolean> {
  const key = affinityKey(owner, cidr);
  const aff = await ctx.kv.get(key);
  if (!aff) {
    await ctx.kv.put(key, encodeAffinity({ state: 'pending', deleted: false }), { create: true });
  } else if (decodeAffinity(aff.value).state === 'pendingDeletion') {
    await ctx.kv.put(key, encodeAffinity({ state: 'pending', deleted: false }), { rev: aff.rev });
  }
  const mine = affinityString(owner);
  if (!(await createBlock(ctx, newBlock(cidr, mine)))) {
    const existing = await getBlock(ctx, cidr);
    if (existing?.block.affinity !== mine) {
      await deleteAffinity(ctx, key);
      return false;
    }
  }
  await setAffinityState(ctx, key, 'confirmed');
  return true;
}

/**
 * Releases `owner`'s affinity for block `cidr`: pendingDeletion, then the block is deleted when
 * empty or has its affinity cleared, then the affinity is deleted. With `requireEmpty`, a block
 * that still has addresses is left alone and an IpamError is thrown.
 */
export async function releaseBlockAffinity(
  ctx: IpamContext,
  owner: AffinityOwner,
  cidr: Cidr,
  requireEmpty: boolean,
): Promise<void> {
  const key = affinityKey(owner, cidr);
  const mine = affinityString(owner);
  const sb0 = await getBlock(ctx, cidr);
  if (!(await ctx.kv.get(key)) && sb0?.block.affinity !== mine) {
    throw new IpamNotFoundError(`block ${formatCidr(cidr)} is not affine to ${mine}`);
  }
  if (requireEmpty && sb0 && sb0.block.affinity === mine && !isEmpty(sb0.block)) {
    throw new IpamError(`block ${formatCidr(cidr)} is not empty`);
  }
  await setAffinityState(ctx, key, 'pendingDeletion');
  await withRetries(`release block ${formatCidr(cidr)}`, async () => {
    const sb = await getBlock(ctx, cidr);
    if (!sb || sb.block.affinity !== mine) return undefined;
    if (requireEmpty && !isEmpty(sb.block)) {
      await setAffinityState(ctx, key, 'confirmed');
      throw new IpamError(`block ${formatCidr(cidr)} is not empty`);
    }
    if (isEmpty(sb.block)) return (await ctx.kv.delete(sb.key, sb.rev)) ? undefined : RETRY;
    sb.block.affinity = null;
    delete sb.block.affinity_claim_time;
    return (await writeBlock(ctx, sb)) ? undefined : RETRY;
  });
  await deleteAffinity(ctx, key);
}
