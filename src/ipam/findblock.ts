/**
 * findUsableBlock (§6 step 6): the next block CIDR an owner may claim. Each pool's blocks are
 * walked from a start point seeded by the owner's name (FNV-1 32; the current time for
 * single-address blocks, so nodes do not all start at the same one), wrapping around:
 * 1. the first CIDR that has no block;
 * 2. failing that, an existing block affine to the owner that has space (claimed meanwhile by
 *    another process of the same owner);
 * 3. failing that, an empty block of another owner claimed at least EMPTY_BLOCK_MIN_RECLAIM_AGE
 *    ago is reclaimed: its affinity is released, provided the block's sequence number has not
 *    moved since it was read (nobody allocated from it meanwhile).
 */
import { bitsOf, blockCount, cidrContains, formatCidr, nthBlock, type Cidr } from './cidr.js';
import { isEmpty } from './block.js';
import { listBlocks, type StoredBlock } from './blockio.js';
import { releaseBlockAffinity } from './affinity.js';
import { affinityString, parseAffinityString, type AffinityOwner } from './model.js';
import type { IpamContext } from './context.js';
import { IpamError } from './errors.js';
import type { IpamPool } from './resources.js';

/** Calico's EmptyBlockMinReclaimAge: an empty block younger than this is left to its owner. */
export const EMPTY_BLOCK_MIN_RECLAIM_AGE_MS = 60_000;

/** FNV-1 32-bit hash (the seed for the owner's walk through a pool's blocks). */
export function fnv32(s: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, 'utf8')) {
    h = Math.imul(h, 0x01000193) >>> 0;
    h = (h ^ b) >>> 0;
  }
  return h;
}

const inPool = (pool: IpamPool, c: Cidr): boolean => c.prefix === pool.blockSize && cidrContains(pool.cidr, c.version, c.base);

/** How far along the owner's walk through `pool` block `c` comes. */
function walkPosition(pool: IpamPool, c: Cidr, start: bigint, n: bigint): bigint {
  const index = (c.base - pool.cidr.base) >> BigInt(bitsOf(c.version) - pool.blockSize);
  return (index - start + n) % n;
}

function reclaimable(b: StoredBlock, mine: string, now: number): boolean {
  if (b.block.affinity === null || b.block.affinity === mine || !isEmpty(b.block)) return false;
  const claimed = b.block.affinity_claim_time === undefined ? NaN : Date.parse(b.block.affinity_claim_time);
  return Number.isFinite(claimed) && now - claimed >= EMPTY_BLOCK_MIN_RECLAIM_AGE_MS;
}

export async function findUsableBlock(
  ctx: IpamContext,
  owner: AffinityOwner,
  version: 4 | 6,
  pools: readonly IpamPool[],
): Promise<Cidr | undefined> {
  const existing = await listBlocks(ctx, version);
  const taken = new Set(existing.map((b) => b.block.cidr));
  const ownerSeed = BigInt(fnv32(owner.name));
  const seedFor = (pool: IpamPool): bigint => (pool.blockSize === bitsOf(version) ? BigInt(Date.now()) : ownerSeed);
  const mine = affinityString(owner);

  for (const pool of pools) {
    const n = blockCount(pool.cidr, pool.blockSize);
    const start = seedFor(pool) % n;
    // The first free CIDR is at most `taken.size` steps away.
    const limit = n < BigInt(taken.size + 1) ? n : BigInt(taken.size + 1);
    for (let i = 0n; i < limit; i++) {
      const c = nthBlock(pool.cidr, pool.blockSize, (start + i) % n);
      if (!taken.has(formatCidr(c))) return c;
    }
  }

  const withSpace = existing.find((b) => b.block.affinity === mine && pools.some((p) => inPool(p, b.cidr)) && b.block.unallocated.length > 0);
  if (withSpace) return withSpace.cidr;

  const now = Date.now();
  for (const pool of pools) {
    const n = blockCount(pool.cidr, pool.blockSize);
    const start = seedFor(pool) % n;
    const candidates = existing
      .filter((b) => inPool(pool, b.cidr) && reclaimable(b, mine, now))
      .map((b) => ({ b, pos: walkPosition(pool, b.cidr, start, n) }))
      .sort((x, y) => (x.pos < y.pos ? -1 : x.pos > y.pos ? 1 : 0));
    for (const { b } of candidates) {
      const other = parseAffinityString(b.block.affinity);
      if (!other) continue;
      try {
        await releaseBlockAffinity(ctx, other, b.cidr, { requireEmpty: true, sequenceNumber: b.block.sequenceNumber });
        return b.cidr;
      } catch (e) {
        // Used, released or changed meanwhile: try the next one.
        if (!(e instanceof IpamError)) throw e;
      }
    }
  }
  return undefined;
}
