/**
 * AutoAssign (§6): fill the node's affine blocks first, then claim new blocks from the pools
 * selected for the node, then (strict affinity off) borrow from other blocks. Every write is a
 * CAS retried with fresh reads, so concurrent allocators never hand out the same address.
 */
import { blockCount, cidrOverlaps, cidrSize, formatCidr, nthBlock, type Cidr } from './cidr.js';
import { assignFromBlock, inUseCount, isEmpty, ordinalIP } from './block.js';
import { blockWrite, getBlock, listBlocks, type StoredBlock } from './blockio.js';
import { claimBlock, listAffinities, releaseBlockAffinity, setAffinityState } from './affinity.js';
import { handleDelta } from './handles.js';
import { affinityString, isConfirmed, type AffinityOwner, type IPAMConfig } from './model.js';
import type { KVWrite } from './kv.js';
import { RETRY, withRetries, type IpamContext } from './context.js';
import { BlockLimitError } from './errors.js';
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

/** FNV-1 32-bit hash (the seed for the node's walk through a pool's blocks). */
export function fnv32(s: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, 'utf8')) {
    h = Math.imul(h, 0x01000193) >>> 0;
    h = (h ^ b) >>> 0;
  }
  return h;
}

/**
 * A block CIDR the owner can use: an existing block affine to it with space (claimed meanwhile by
 * another process of the same owner), else the first CIDR with no block in a walk through each
 * pool that starts at a point seeded by the owner's name (FNV-1 32 of the name).
 */
async function findUsableBlock(plan: Plan, ctx: IpamContext): Promise<Cidr | undefined> {
  const existing = await listBlocks(ctx, plan.req.version);
  // A block another process of this owner claimed since the affinities were listed comes first.
  const mine = affinityString(plan.req.owner);
  const withSpace = existing.find(
    (b) => b.block.affinity === mine && plan.pools.some((p) => cidrOverlaps(p.cidr, b.cidr)) && b.block.unallocated.length > 0,
  );
  if (withSpace) return withSpace.cidr;
  const taken = new Set(existing.map((b) => b.block.cidr));
  const seed = BigInt(fnv32(plan.req.owner.name));
  for (const pool of plan.pools) {
    const n = blockCount(pool.cidr, pool.blockSize);
    const start = seed % n;
    // The first free CIDR is at most `taken.size` steps away.
    const limit = n < BigInt(taken.size + 1) ? n : BigInt(taken.size + 1);
    for (let i = 0n; i < limit; i++) {
      const c = nthBlock(pool.cidr, pool.blockSize, (start + i) % n);
      if (!taken.has(formatCidr(c))) return c;
    }
  }
  return undefined;
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

  // 1. The owner's affine blocks.
  const affs = await listAffinities(ctx, req.owner, req.version);
  let owned = 0;
  for (const a of affs) {
    if (a.value.state === 'pendingDeletion') continue;
    if (!inPools(a.cidr)) {
      // Release empty affine blocks whose pool no longer selects the node (not explicit requests).
      const pool = allPools.find((p) => cidrOverlaps(p.cidr, a.cidr));
      if (!req.pools?.length && pool && !pool.disabled) {
        const sb = await getBlock(ctx, a.cidr);
        if (sb && sb.block.affinity === mine && isEmpty(sb.block)) {
          await releaseBlockAffinity(ctx, req.owner, a.cidr, true).catch(() => undefined);
        }
      }
      continue;
    }
    owned++;
    if (need() <= 0) continue;
    let sb = await getBlock(ctx, a.cidr);
    if (!sb) {
      // Affinity without a block (claim interrupted): finish the claim.
      if (!(await claimBlock(ctx, req.owner, a.cidr))) continue;
      sb = await getBlock(ctx, a.cidr);
    }
    if (!sb) continue;
    if (sb.block.affinity !== mine) {
      // Stale affinity: the block belongs to someone else.
      await ctx.kv.delete(a.key, a.rev);
      owned--;
      continue;
    }
    if (!isConfirmed(a.value)) await setAffinityState(ctx, a.key, 'confirmed');
    if (sb.block.unallocated.length > 0) await assignFromStored(plan, a.cidr, need(), mine);
  }

  // 2. New blocks.
  const configuredCap = Math.min(...[cfg.maxBlocksPerHost, req.maxBlocksPerHost ?? 0].filter((n) => n > 0));
  const cap = Number.isFinite(configuredCap) ? configuredCap : DEFAULT_BLOCK_CAP;
  let failedClaims = 0;
  while (need() > 0 && cfg.autoAllocateBlocks) {
    if (owned >= cap) {
      if (Number.isFinite(configuredCap)) throw new BlockLimitError();
      break;
    }
    const cidr = await findUsableBlock(plan, ctx);
    if (!cidr) break;
    if (!(await claimBlock(ctx, req.owner, cidr))) {
      if (++failedClaims > 20) break;
      continue;
    }
    owned++;
    await assignFromStored(plan, cidr, need(), mine);
  }

  // 3. Borrowing.
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

