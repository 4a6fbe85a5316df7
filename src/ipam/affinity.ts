/**
 * Block affinities (`/calico/ipam/v2/host/<node>/ipv4/block/<cidr>`), whose state goes
 * ∅ → pending → confirmed → pendingDeletion → ∅ (§6). Claiming a block: a pending affinity, then
 * the block, then confirmed. Releasing: pendingDeletion, then the block is deleted when empty or
 * has its affinity cleared, then the affinity is deleted. A pending affinity does not make the
 * owner own the block (BIRD does not route it; see src/node/bird). Every write is CAS.
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
  isConfirmed,
  parseAffinityKey,
  type AffinityOwner,
  type AffinityState,
  type AffinityValue,
} from './model.js';
import { RETRY, withRetries, type IpamContext } from './context.js';
import { BlockChangedError, IpamError, IpamNotFoundError } from './errors.js';

export interface StoredAffinity {
  key: string;
  rev: string;
  owner: AffinityOwner;
  cidr: Cidr;
  value: AffinityValue;
}

const stateValue = (state: AffinityState): string => encodeAffinity({ state, deleted: false });

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
    const ok = await ctx.kv.put(key, stateValue(state), { rev: p.rev });
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
 * Step 1 of a claim: a `pending` affinity, created, or reset to pending when it exists and is
 * not confirmed (pending, pendingDeletion). A confirmed one is left as it is. RETRY on conflict.
 */
async function pendingAffinity(ctx: IpamContext, key: string): Promise<typeof RETRY | undefined> {
  const aff = await ctx.kv.get(key);
  if (!aff) return (await ctx.kv.put(key, stateValue('pending'), { create: true })) === undefined ? RETRY : undefined;
  if (isConfirmed(decodeAffinity(aff.value))) return undefined;
  return (await ctx.kv.put(key, stateValue('pending'), { rev: aff.rev })) === undefined ? RETRY : undefined;
}

/**
 * Claims block `cidr` for `owner`: a pending affinity, the block created with the owner's
 * affinity, the affinity confirmed. True when the block is now affine to the owner (including
 * when another process of the same owner created it); false when another owner has the block,
 * in which case our affinity is deleted again.
 */
export function claimBlock(ctx: IpamContext, owner: AffinityOwner, cidr: Cidr): Promise<boolean> {
  const key = affinityKey(owner, cidr);
  const mine = affinityString(owner);
  return withRetries(`claim block ${formatCidr(cidr)}`, async () => {
    if ((await pendingAffinity(ctx, key)) === RETRY) return RETRY;
    if (!(await createBlock(ctx, newBlock(cidr, mine)))) {
      const existing = await getBlock(ctx, cidr);
      // Deleted meanwhile: try again from the start.
      if (!existing) return RETRY;
      if (existing.block.affinity !== mine) {
        await deleteAffinity(ctx, key);
        return false;
      }
    }
    await setAffinityState(ctx, key, 'confirmed');
    return true;
  });
}

/**
 * Confirms a pending affinity whose block exists and is affine to `owner`: the affinity is set
 * to pending again (CAS), the block is written (its revision and sequence number move on, so
 * any writer that read it before conflicts), then the affinity is confirmed. True when the
 * affinity ends up confirmed; false when it is gone, being deleted, or the block is not ours.
 */
export function confirmAffinity(ctx: IpamContext, owner: AffinityOwner, cidr: Cidr): Promise<boolean> {
  const key = affinityKey(owner, cidr);
  const mine = affinityString(owner);
  return withRetries(`confirm affinity ${key}`, async () => {
    const p = await ctx.kv.get(key);
    if (!p) return false;
    const v = decodeAffinity(p.value);
    if (isConfirmed(v)) return true;
    if (v.state === 'pendingDeletion') return false;
    const rev = await ctx.kv.put(key, stateValue('pending'), { rev: p.rev });
    if (rev === undefined) return RETRY;
    const sb = await getBlock(ctx, cidr);
    if (!sb || sb.block.affinity !== mine) return false;
    if (!(await writeBlock(ctx, sb))) return RETRY;
    return (await ctx.kv.put(key, stateValue('confirmed'), { rev })) === undefined ? RETRY : true;
  });
}

export interface ReleaseAffinityOptions {
  /** Refuse (IpamError) when the block still has addresses. */
  requireEmpty?: boolean;
  /**
   * Only if the block's sequenceNumber is still this (it has not been written since it was
   * read); otherwise BlockChangedError and the affinity is confirmed again.
   */
  sequenceNumber?: bigint;
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
  opts: ReleaseAffinityOptions = {},
): Promise<void> {
  const key = affinityKey(owner, cidr);
  const mine = affinityString(owner);
  const cidrText = formatCidr(cidr);
  const sb0 = await getBlock(ctx, cidr);
  if (!(await ctx.kv.get(key)) && sb0?.block.affinity !== mine) {
    throw new IpamNotFoundError(`block ${cidrText} is not affine to ${mine}`);
  }
  const refuse = async (e: IpamError): Promise<never> => {
    await setAffinityState(ctx, key, 'confirmed');
    throw e;
  };
  if (opts.requireEmpty && sb0 && sb0.block.affinity === mine && !isEmpty(sb0.block)) {
    throw new IpamError(`block ${cidrText} is not empty`);
  }
  await setAffinityState(ctx, key, 'pendingDeletion');
  await withRetries(`release block ${cidrText}`, async () => {
    const sb = await getBlock(ctx, cidr);
    if (!sb || sb.block.affinity !== mine) return undefined;
    if (opts.sequenceNumber !== undefined && sb.block.sequenceNumber !== opts.sequenceNumber) {
      return refuse(new BlockChangedError(`block ${cidrText} has changed since it was read`));
    }
    if (opts.requireEmpty && !isEmpty(sb.block)) return refuse(new IpamError(`block ${cidrText} is not empty`));
    if (isEmpty(sb.block)) return (await ctx.kv.delete(sb.key, sb.rev)) ? undefined : RETRY;
    sb.block.affinity = null;
    delete sb.block.affinity_claim_time;
    return (await writeBlock(ctx, sb)) ? undefined : RETRY;
  });
  await deleteAffinity(ctx, key);
}
