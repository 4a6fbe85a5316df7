/** Pool and block utilisation for `ipam show`: totals, addresses in use, free. */
import { cidrContains, cidrSize, formatCidr, type Cidr } from '../../ipam/cidr.js';
import { inUseCount } from '../../ipam/block.js';
import type { IpamPool } from '../../ipam/resources.js';
import type { StoredBlock } from './read.js';

export interface Usage {
  cidr: string;
  total: bigint;
  inUse: bigint;
}

export interface PoolUsage extends Usage {
  blocks: Usage[];
}

const compareCidr = (a: Cidr, b: Cidr): number => (a.version !== b.version ? a.version - b.version : a.base < b.base ? -1 : a.base > b.base ? 1 : 0);

/** One entry per pool (in the given order) with its blocks sorted by address. */
export function poolUsage(pools: readonly IpamPool[], blocks: readonly StoredBlock[]): PoolUsage[] {
  return pools.map((p) => {
    const mine = blocks
      .filter((b) => cidrContains(p.cidr, b.cidr.version, b.cidr.base))
      .sort((a, b) => compareCidr(a.cidr, b.cidr))
      .map((b) => ({ cidr: formatCidr(b.cidr), total: cidrSize(b.cidr), inUse: BigInt(inUseCount(b.block)) }));
    return {
      cidr: formatCidr(p.cidr),
      total: cidrSize(p.cidr),
      inUse: mine.reduce((n, b) => n + b.inUse, 0n),
      blocks: mine,
    };
  });
}
