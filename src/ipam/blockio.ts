/** Reading and CAS-updating one stored block. */
import { parseCidr, type Cidr } from './cidr.js';
import { blockCidr, isEmpty } from './block.js';
import { blockKey, blockPrefix, decodeBlock, encodeBlock, type AllocationBlock } from './model.js';
import type { IpamContext } from './context.js';
import type { KVWrite } from './kv.js';

export interface StoredBlock {
  key: string;
  rev: string;
  block: AllocationBlock;
  cidr: Cidr;
}

export async function getBlock(ctx: IpamContext, cidr: Cidr): Promise<StoredBlock | undefined> {
  const key = blockKey(cidr);
  const p = await ctx.kv.get(key);
  return p ? { key, rev: p.rev, block: decodeBlock(p.value), cidr } : undefined;
}

export async function listBlocks(ctx: IpamContext, version: 4 | 6): Promise<StoredBlock[]> {
  const pairs = await ctx.kv.list(blockPrefix(version));
  const out: StoredBlock[] = [];
  for (const p of pairs) {
    const block = decodeBlock(p.value);
    const cidr = parseCidr(block.cidr);
    if (cidr) out.push({ key: p.key, rev: p.rev, block, cidr });
  }
  return out;
}

/**
 * Writes back a modified block with CAS on its revision (sequenceNumber incremented). An empty
 * block with no affinity is deleted instead. Returns false on conflict.
 */
export async function writeBlock(ctx: IpamContext, sb: StoredBlock): Promise<boolean> {
  if (isEmpty(sb.block) && sb.block.affinity === null) return ctx.kv.delete(sb.key, sb.rev);
  sb.block.sequenceNumber += 1n;
  return (await ctx.kv.put(sb.key, encodeBlock(sb.block), { rev: sb.rev })) !== undefined;
}

/** Creates a block only if it does not exist; false when it already did. */
export async function createBlock(ctx: IpamContext, block: AllocationBlock): Promise<boolean> {
  return (await ctx.kv.put(blockKey(blockCidr(block)), encodeBlock(block), { create: true })) !== undefined;
}

/** The CAS write for a modified block (sequenceNumber incremented; deleted when empty and un-affined). */
export function blockWrite(sb: StoredBlock): KVWrite {
  if (isEmpty(sb.block) && sb.block.affinity === null) return { key: sb.key, cond: { rev: sb.rev } };
  sb.block.sequenceNumber += 1n;
  return { key: sb.key, value: encodeBlock(sb.block), cond: { rev: sb.rev } };
}
