/**
 * AutoAssign (§6): the node's affine blocks first (releasing empty ones whose pool no longer
 * selects the node, creating missing blocks, confirming pending affinities, dropping stale
 * ones), then new blocks claimed from the pools selected for the node up to the block cap
 * (findblock.ts picks them), then (strict affinity off) borrowing from other blocks. Every
 * write is a CAS retried with fresh reads, so concurrent allocators never hand out the same
 * address.
 */
import { cidrContains, cidrOverlaps, cidrSize, formatCidr, type Cidr } from './cidr.js';
import { assignFromBlock, inUseCount, isEmpty, ordinalIP } from './block.js';
import { blockWrite, getBlock, listBlocks, type StoredBlock } from './blockio.js';
import { claimBlock, confirmAffinity, listAffinities, releaseBlockAffinity } from './affinity.js';
import { findUsableBlock } from './findblock.js';
import { selectorMatches } from './selector.js';
import { handleDelta } from './handles.js';
import { affinityString, isConfirmed, type AffinityOwner, type IPAMConfig } from './model.js';
import type { KVWrite } from './kv.js';
import { RETRY, withRetries, type IpamContext } from './context.js';
import { BlockLimitError, IpamError } from './errors.js';
import { selectPools, type IntendedUse } from './pools.js';
import type { IpamPool } from './resources.js';

/** Block cap when neither the config nor the request sets maxBlocksPerHost. */
export const DEFAULT_BLOCK_CAP = 20;

export interface AssignedIP {
  /** The address, e.g. `10.0.0.5`. */
  ip: string;
  /** The address with its block's prefix length, e.g. `10.0.0.5/26` (what Calico returns). */
  address: string;
  /** The block CIDR. */
  block: string;
}

export interface AssignRequest {
  num: number;
  version: 4 | 6;
  handleId?: string;
  attrs?: Record<string, string>;
  owner: AffinityOwner;
  pools?: readonly string[];
  intendedUse: IntendedUse;
  maxBlocksPerHost?: number;
}

interface Plan {
  ctx: IpamContext;
  req: AssignRequest;
  cfg: IPAMConfig;
  pools: IpamPool[];
  reservations: Cidr[];
  out: AssignedIP[];
  msgs: string[];
}

function reservedFn(reservations: readonly Cidr[], block: Cidr): (ord: number) => boolean {
  const hits = reservations.filter((r) => cidrOverlaps(r, block));
  if (hits.length === 0) return () => false;
  return (ord) => {
    const v = block.base + BigInt(ord);
    return hits.some((r) => v >= r.base && v < r.base + cidrSize(r));
  };
}

/**
 * Assigns up to `want` addresses from the stored block at `cidr`. With `affinity`, only while the
 * block is affine to it. The handle and the block are committed together (handle first); on a
 * conflict everything is re-read.
 */
async function assignFromStored(plan: Plan, cidr: Cidr, want: number, affinity?: string): Promise<number> {
  const { req } = plan;
  const reserved = reservedFn(plan.reservations, cidr);
  const got = await withRetries(`assign from block ${formatCidr(cidr)}`, async () => {
    const sb = await getBlock(plan.ctx, cidr);
    if (!sb || (affinity !== undefined && sb.block.affinity !== affinity)) return [] as string[];
    const ords = assignFromBlock(sb.block, want, req.handleId, req.attrs, reserved);
    if (ords.length === 0) return [] as string[];
    // Handle then block, committed together (on KDD: the handle change is undone if the block write loses).
    const writes: KVWrite[] = req.handleId !== undefined ? [await handleDelta(plan.ctx, req.handleId, sb.block.cidr, ords.length)] : [];
    writes.push(blockWrite(sb));
    if (!(await plan.ctx.kv.commit(writes))) return RETRY;
    return ords.map((o) => ordinalIP(sb.block, o));
  });
  for (const ip of got) plan.out.push({ ip, address: `${ip}/${cidr.prefix}`, block: formatCidr(cidr) });
  return got.length;
}

/**
 * Step 3: an affine block outside the pools in use is released when it is empty and the pool
 * that holds it (enabled) no longer selects the node.
 */
async function releaseIfDeselected(plan: Plan, cidr: Cidr, nodeLabels: Record<string, string>, allPools: readonly IpamPool[]): Promise<void> {
  const pool = allPools.find((p) => !p.disabled && cidrContains(p.cidr, cidr.version, cidr.base));
  if (!pool || selectorMatches(pool.nodeSelector, nodeLabels)) return;
  const sb = await getBlock(plan.ctx, cidr);
  if (!sb || sb.block.affinity !== affinityString(plan.req.owner) || !isEmpty(sb.block)) return;
  await releaseBlockAffinity(plan.ctx, plan.req.owner, cidr, { requireEmpty: true }).catch((e: unknown) => {
    // Used or released meanwhile.
    if (!(e instanceof IpamError)) throw e;
  });
}

function shuffled<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

export async function assignAddresses(
  ctx: IpamContext,
  req: AssignRequest,
  cfg: IPAMConfig,
  reservations: Cidr[],
  nodeLabels: Record<string, string>,
  allPools: IpamPool[],
): Promise<{ ips: AssignedIP[]; msgs: string[] }> {
  const plan: Plan = { ctx, req, cfg, reservations, pools: [], out: [], msgs: [] };
  if (req.num <= 0) return { ips: [], msgs: [] };
  plan.pools = selectPools(allPools, req.version, req.intendedUse, nodeLabels, req.pools);
  if (plan.pools.length === 0) {
    plan.msgs.push(`no configured Calico pools for node ${req.owner.name}`);
    return { ips: [], msgs: plan.msgs };
  }
  const need = (): number => req.num - plan.out.length;
  const mine = affinityString(req.owner);
  const inPools = (c: Cidr): boolean => plan.pools.some((p) => cidrOverlaps(p.cidr, c) && c.prefix === p.blockSize);

  // Steps 3 and 5: the owner's affine blocks (pendingDeletion ones are on their way out).
  const affs = await listAffinities(ctx, req.owner, req.version);
  let owned = 0;
  for (const a of affs) {
    if (a.value.state === 'pendingDeletion') continue;
    if (!inPools(a.cidr)) {
      await releaseIfDeselected(plan, a.cidr, nodeLabels, allPools);
      continue;
    }
    if (need() <= 0 && isConfirmed(a.value)) {
      owned++;
      continue;
    }
    let sb = await getBlock(ctx, a.cidr);
    if (!sb) {
      // An affinity without a block (a claim was interrupted): create the block.
      if (!(await claimBlock(ctx, req.owner, a.cidr))) continue;
      sb = await getBlock(ctx, a.cidr);
    }
    if (!sb) continue;
    if (sb.block.affinity !== mine) {
      // Stale affinity: the block belongs to someone else.
      await ctx.kv.delete(a.key, a.rev);
      continue;
    }
    // A pending affinity does not own the block until it is confirmed.
    if (!isConfirmed(a.value) && !(await confirmAffinity(ctx, req.owner, a.cidr))) continue;
    owned++;
    if (need() > 0 && sb.block.unallocated.length > 0) await assignFromStored(plan, a.cidr, need(), mine);
  }

  // Steps 4, 6 and 7: new blocks, up to the block cap. At the cap with the owned blocks full,
  // ErrBlockLimit at once (no borrowing).
  const configured = [cfg.maxBlocksPerHost, req.maxBlocksPerHost ?? 0].filter((n) => n > 0);
  const cap = configured.length > 0 ? Math.min(...configured) : DEFAULT_BLOCK_CAP;
  let failedClaims = 0;
  while (need() > 0 && cfg.autoAllocateBlocks) {
    if (owned >= cap) throw new BlockLimitError();
    const cidr = await findUsableBlock(ctx, req.owner, req.version, plan.pools);
    if (!cidr) break;
    if (!(await claimBlock(ctx, req.owner, cidr))) {
      if (++failedClaims > 20) break;
      continue;
    }
    owned++;
    await assignFromStored(plan, cidr, need(), mine);
  }

  // Step 8: borrowing.
  if (need() > 0) {
    if (cfg.strictAffinity) {
      plan.msgs.push('No more free affine blocks and strict affinity enabled');
    } else {
      const candidates = shuffled(
        (await listBlocks(ctx, req.version)).filter((b: StoredBlock) => inPools(b.cidr) && inUseCount(b.block) < b.block.allocations.length),
      );
      for (const b of candidates) {
        if (need() <= 0) break;
        await assignFromStored(plan, b.cidr, need());
      }
    }
  }
  if (need() > 0) plan.msgs.push(`Assigned ${plan.out.length} out of ${req.num} requested IPv${req.version} addresses`);
  return { ips: plan.out, msgs: plan.msgs };
}

