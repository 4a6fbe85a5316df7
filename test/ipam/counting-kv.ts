/**
 * An IpamKV that passes everything through to a real store and counts the requests it sends,
 * and the rounds: the longest chain of requests each sent after the previous one answered (a
 * request's depth is one more than the deepest request answered before it was sent), so
 * requests sent together count once: the latency an operation pays is rounds × one round trip.
 */
import type { CasCondition, IpamKV, KVPair, KVWrite } from '../../src/ipam/kv.js';

export class CountingKV implements IpamKV {
  requests = 0;
  rounds = 0;
  private answeredDepth = 0;

  constructor(private readonly inner: IpamKV) {}

  reset(): void {
    this.requests = 0;
    this.rounds = 0;
    this.answeredDepth = 0;
  }

  private async count<T>(send: () => Promise<T>): Promise<T> {
    this.requests++;
    const depth = this.answeredDepth + 1;
    this.rounds = Math.max(this.rounds, depth);
    try {
      return await send();
    } finally {
      this.answeredDepth = Math.max(this.answeredDepth, depth);
    }
  }

  get(key: string): Promise<KVPair | undefined> {
    return this.count(() => this.inner.get(key));
  }

  list(prefix: string): Promise<KVPair[]> {
    return this.count(() => this.inner.list(prefix));
  }

  put(key: string, value: string, cond: CasCondition): Promise<string | undefined> {
    return this.count(() => this.inner.put(key, value, cond));
  }

  delete(key: string, rev: string): Promise<boolean> {
    return this.count(() => this.inner.delete(key, rev));
  }

  commit(writes: readonly KVWrite[]): Promise<boolean> {
    return this.count(() => this.inner.commit(writes));
  }
}
