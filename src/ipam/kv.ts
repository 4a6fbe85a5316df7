/**
 * The small key-value contract the IPAM library needs: reads with a revision, and writes that
 * are always compare-and-swap (on the key's mod revision, or create-only).
 */
import type { EtcdDatastore, ITxnRequest } from '../datastore/etcd/etcd.js';

export interface KVPair {
  key: string;
  value: string;
  /** The key's mod revision (decimal string). */
  rev: string;
}

/** `{ rev }` = the key must still be at that mod revision; `{ create: true }` = must not exist. */
export type CasCondition = { rev: string } | { create: true };

/** One write of an atomic commit: put `value` (or delete when undefined) if `cond` holds. */
export interface KVWrite {
  key: string;
  value?: string;
  cond: CasCondition;
  /**
   * For a write that applies a delta (a handle's count): the same change made again on fresh
   * data (`1`), or undone (`-1`). Stores without multi-key transactions (Kubernetes) use it
   * when another write of the commit conflicts; see kubekv.ts.
   */
  redo?: (sign: 1 | -1) => Promise<void>;
}

export interface IpamKV {
  get(key: string): Promise<KVPair | undefined>;
  /** Every key under `prefix`, sorted by key. */
  list(prefix: string): Promise<KVPair[]>;
  /** Returns the new revision, or undefined when the condition did not hold. */
  put(key: string, value: string, cond: CasCondition): Promise<string | undefined>;
  /** True when deleted; false when the revision did not match or the key was gone. */
  delete(key: string, rev: string): Promise<boolean>;
  /**
   * Applies every write or none; false when any condition failed. On etcd this is one
   * transaction; on Kubernetes the writes are applied in order, with `redo` to re-apply or undo
   * deltas (kubekv.ts), so callers list them in the order Calico writes them.
   */
  commit(writes: readonly KVWrite[]): Promise<boolean>;
}

// etcdserverpb enums.
const CMP_EQUAL = 0;
const TARGET_VERSION = 0;
const TARGET_MOD = 2;

/** IpamKV over the etcd datastore's raw helpers. */
export class EtcdIpamKV implements IpamKV {
  constructor(private readonly ds: Pick<EtcdDatastore, 'getRaw' | 'listRaw' | 'putRaw' | 'deleteRaw' | 'txn'>) {}

  async get(key: string): Promise<KVPair | undefined> {
    const r = await this.ds.getRaw(key);
    return r ? { key, value: r.value.toString('utf8'), rev: r.modRevision } : undefined;
  }

  async list(prefix: string): Promise<KVPair[]> {
    const r = await this.ds.listRaw(prefix);
    return r.items.map((i) => ({ key: i.key, value: i.value.toString('utf8'), rev: i.modRevision }));
  }

  put(key: string, value: string, cond: CasCondition): Promise<string | undefined> {
    return this.ds.putRaw(key, value, { modRevision: 'create' in cond ? '0' : cond.rev });
  }

  delete(key: string, rev: string): Promise<boolean> {
    return this.ds.deleteRaw(key, { modRevision: rev });
  }

  async commit(writes: readonly KVWrite[]): Promise<boolean> {
    const req: ITxnRequest = { compare: [], success: [] };
    for (const w of writes) {
      const k = Buffer.from(w.key);
      req.compare!.push(
        'create' in w.cond
          ? { key: k, target: TARGET_VERSION, result: CMP_EQUAL, version: 0 }
          : { key: k, target: TARGET_MOD, result: CMP_EQUAL, mod_revision: w.cond.rev },
      );
      req.success!.push(w.value === undefined ? { request_delete_range: { key: k } } : { request_put: { key: k, value: Buffer.from(w.value) } });
    }
    return (await this.ds.txn(req)).succeeded;
  }
}
