/** Raw key access for data that is not a v3 resource (IPAM), available on etcd only. */
import type { EtcdDatastore } from '../../datastore/etcd/etcd.js';
import type { Datastore } from '../../datastore/types.js';
import { CommandError } from '../../errors.js';

export type RawKV = Pick<EtcdDatastore, 'getRaw' | 'listRaw' | 'putRaw' | 'deleteRaw' | 'txn'>;

export function hasRawKV(ds: Datastore): ds is Datastore & RawKV {
  const d = ds as Partial<RawKV>;
  return ['getRaw', 'listRaw', 'putRaw', 'deleteRaw', 'txn'].every((m) => typeof (d as Record<string, unknown>)[m] === 'function');
}

export function rawKV(ds: Datastore): Datastore & RawKV {
  if (!hasRawKV(ds)) throw new CommandError(`IPAM data is not available on the ${ds.type} datastore in this calicoctl yet`);
  return ds;
}
