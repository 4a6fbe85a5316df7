/**
 * Releasing addresses only if they are still the allocation a report saw: same handle and same
 * sequence number (Calico's ReleaseIPs with ReleaseOptions). Built on the IPAM library's block
 * primitives; an address that was freed or re-allocated since the report is skipped.
 */
import { releaseOrdinals } from '../../ipam/block.js';
import { getBlock, writeBlock } from '../../ipam/blockio.js';
import { formatCidr } from '../../ipam/cidr.js';
import type { IpamClient } from '../../ipam/client.js';
import { RETRY, withRetries } from '../../ipam/context.js';
import { decrementHandle } from '../../ipam/handles.js';
import { locateIPs } from '../../ipam/locate.js';

export interface ExpectedAllocation {
  ip: string;
  handle?: string;
  sequenceNumber?: bigint;
}

/** Releases the matching addresses; returns how many were released. */
export async function releaseIfUnchanged(ipam: IpamClient, wanted: readonly ExpectedAllocation[]): Promise<number> {
  const ctx = ipam.ctx;
  const located = await locateIPs(ctx, wanted.map((w) => w.ip));
  const byBlock = new Map<string, { cidr: NonNullable<(typeof located)[number]>['block']; items: Array<{ ord: number; w: ExpectedAllocation }> }>();
  located.forEach((loc, i) => {
    if (!loc) return;
    const k = formatCidr(loc.block);
    const e = byBlock.get(k) ?? { cidr: loc.block, items: [] };
    e.items.push({ ord: loc.ordinal, w: wanted[i]! });
    byBlock.set(k, e);
  });
  let released = 0;
  for (const [cidrText, { cidr, items }] of byBlock) {
    const freed = await withRetries(`release from block ${cidrText}`, async () => {
      const sb = await getBlock(ctx, cidr);
      if (!sb) return new Map<number, string | undefined>();
      const ords = items
        .filter(({ ord, w }) => {
          const idx = sb.block.allocations[ord];
          if (idx === null || idx === undefined) return false;
          if ((sb.block.attributes[idx]?.handle_id ?? undefined) !== w.handle) return false;
          const seq = sb.block.sequenceNumberForAllocation[String(ord)];
          return w.sequenceNumber === undefined || seq === w.sequenceNumber;
        })
        .map(({ ord }) => ord);
      const out = releaseOrdinals(sb.block, ords);
      if (out.size === 0) return out;
      return (await writeBlock(ctx, sb)) ? out : RETRY;
    });
    const perHandle = new Map<string, number>();
    for (const h of freed.values()) if (h !== undefined) perHandle.set(h, (perHandle.get(h) ?? 0) + 1);
    for (const [h, n] of perHandle) await decrementHandle(ctx, h, cidrText, n);
    released += freed.size;
  }
  return released;
}
