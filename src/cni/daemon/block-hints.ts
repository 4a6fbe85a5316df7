/**
 * The blocks each node's latest ADD allocated from (CIDRs only, never their contents): the next
 * ADD for the node reads them with its first reads instead of after them. A wrong or outdated
 * hint costs one read in that batch and nothing else (what is read is checked and written with
 * compare-and-swap as always). Bounded: the oldest node is forgotten past `max`.
 */
import type { BlockHints } from '../ops.js';

export class RecentBlocks implements BlockHints {
  private readonly byNode = new Map<string, readonly string[]>();

  constructor(private readonly max = 256) {}

  get(node: string): readonly string[] | undefined {
    return this.byNode.get(node);
  }

  set(node: string, blocks: readonly string[]): void {
    this.byNode.delete(node);
    this.byNode.set(node, [...blocks]);
    if (this.byNode.size > this.max) this.byNode.delete(this.byNode.keys().next().value!);
  }
}
