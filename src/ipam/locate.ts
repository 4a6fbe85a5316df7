/** Finding the block that holds an address: through its pool's block size, else by scanning blocks. */
import { blockOf, cidrContains, parseIP, type Cidr } from './cidr.js';
import { listBlocks } from './blockio.js';
import type { IpamContext } from './context.js';
import type { IpamPool } from './resources.js';

export interface Located {
  ip: string;
  version: 4 | 6;
  value: bigint;
  block: Cidr;
  ordinal: number;
}

/** Resolves each address to its block and ordinal; addresses in no pool and no block are undefined. */
export async function locateIPs(ctx: IpamContext, ips: readonly string[]): Promise<(Located | undefined)[]> {
  let pools: IpamPool[] | undefined;
  const scanned = new Map<4 | 6, Cidr[]>();
  const out: (Located | undefined)[] = [];
  for (const ip of ips) {
    const parsed = parseIP(ip);
    if (!parsed) {
      out.push(undefined);
      continue;
    }
    pools ??= await ctx.res.pools();
    const pool = pools.find((p) => cidrContains(p.cidr, parsed.version, parsed.value));
    let block: Cidr | undefined = pool ? blockOf(parsed.version, parsed.value, pool.blockSize) : undefined;
    if (!block) {
      if (!scanned.has(parsed.version)) scanned.set(parsed.version, (await listBlocks(ctx, parsed.version)).map((b) => b.cidr));
      block = scanned.get(parsed.version)!.find((c) => cidrContains(c, parsed.version, parsed.value));
    }
    out.push(block ? { ip, version: parsed.version, value: parsed.value, block, ordinal: Number(parsed.value - block.base) } : undefined);
  }
  return out;
}
