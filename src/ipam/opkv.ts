/**
 * An IpamKV view for ONE IPAM operation (e.g. one CNI ADD): a key or prefix read once is served
 * from memory for the rest of the operation, so the block and the handle read to decide an
 * allocation are not read again to write it. This keeps the library's guarantees because every
 * IPAM write is a compare-and-swap on the revision that was read:
 * - a value that went stale in memory makes its write fail, and any failed or thrown write
 *   empties the whole view, so a retry reads everything afresh (as without the view);
 * - the keys a write touches, and the cached lists covering them, are dropped before the write
 *   is sent (writes' `redo` callbacks, see kubekv.ts, and later reads see fresh data).
 * Never keep a view beyond one operation: it does not see other writers' changes.
 */
import type { CasCondition, IpamKV, KVPair, KVWrite } from './kv.js';

export class OperationKV implements IpamKV {
  private readonly gets = new Map<string, Promise<KVPair | undefined>>();
  private readonly lists = new Map<string, Promise<KVPair[]>>();

  constructor(readonly inner: IpamKV) {}

  get(key: string): Promise<KVPair | undefined> {
    let p = this.gets.get(key);
    if (!p) {
      p = this.inner.get(key);
      this.gets.set(key, p);
      p.catch(() => this.gets.get(key) === p && this.gets.delete(key));
    }
    return p;
  }

  async list(prefix: string): Promise<KVPair[]> {
    let p = this.lists.get(prefix);
    if (!p) {
      p = this.inner.list(prefix);
      this.lists.set(prefix, p);
      p.catch(() => this.lists.get(prefix) === p && this.lists.delete(prefix));
    }
    return [...(await p)];
  }

  put(key: string, value: string, cond: CasCondition): Promise<string | undefined> {
    return this.write([key], () => this.inner.put(key, value, cond), (rev) => rev !== undefined);
  }

  delete(key: string, rev: string): Promise<boolean> {
    return this.write([key], () => this.inner.delete(key, rev), (ok) => ok);
  }

  commit(writes: readonly KVWrite[]): Promise<boolean> {
    return this.write(
      writes.map((w) => w.key),
      () => this.inner.commit(writes),
      (ok) => ok,
    );
  }

  /** Forgets everything read so far. */
  clear(): void {
    this.gets.clear();
    this.lists.clear();
  }

  private forget(key: string): void {
    this.gets.delete(key);
    for (const prefix of this.lists.keys()) if (key.startsWith(prefix)) this.lists.delete(prefix);
  }

  private async write<T>(keys: readonly string[], send: () => Promise<T>, succeeded: (r: T) => boolean): Promise<T> {
    for (const k of keys) this.forget(k);
    let r: T;
    try {
      r = await send();
    } catch (e) {
      this.clear();
      throw e;
    }
    // A failed compare-and-swap: something changed that this view may still hold.
    if (!succeeded(r)) this.clear();
    else for (const k of keys) this.forget(k); // read again meanwhile (e.g. by a redo): now stale
    return r;
  }
}
