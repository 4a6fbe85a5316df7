/**
 * An IpamKV that passes everything through to a real store and records each successful write
 * (key and new value; undefined for a delete), so a test can check the order in which the IPAM
 * library writes: the order other Calico components may observe.
 */
import type { CasCondition, IpamKV, KVPair, KVWrite } from '../../src/ipam/kv.js';

export interface RecordedWrite {
  key: string;
  value?: string;
}

export class RecordingKV implements IpamKV {
  readonly writes: RecordedWrite[] = [];

  constructor(private readonly inner: IpamKV) {}

  get(key: string): Promise<KVPair | undefined> {
    return this.inner.get(key);
  }

  list(prefix: string): Promise<KVPair[]> {
    return this.inner.list(prefix);
  }

  async put(key: string, value: string, cond: CasCondition): Promise<string | undefined> {
    const rev = await this.inner.put(key, value, cond);
    if (rev !== undefined) this.writes.push({ key, value });
    return rev;
  }

  async delete(key: string, rev: string): Promise<boolean> {
    const ok = await this.inner.delete(key, rev);
    if (ok) this.writes.push({ key });
    return ok;
  }

  async commit(writes: readonly KVWrite[]): Promise<boolean> {
    const ok = await this.inner.commit(writes);
    if (ok) for (const w of writes) this.writes.push(w.value === undefined ? { key: w.key } : { key: w.key, value: w.value });
    return ok;
  }

  /** The recorded writes under `prefix` as `key=state` for affinities, `key` (+ `-` for deletes) otherwise. */
  summary(): string[] {
    return this.writes.map((w) => {
      if (w.value === undefined) return `delete ${w.key}`;
      const state = /"state":"([^"]*)"/.exec(w.value);
      return state && !w.key.includes('/assignment/') ? `${w.key} ${state[1]}` : `put ${w.key}`;
    });
  }
}
