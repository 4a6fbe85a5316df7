/**
 * Where the agent reads this node's IPAM block affinities from: the one place that picks an
 * IpamKV for a datastore (etcd: the raw-key EtcdIpamKV).
 */
import type { Datastore } from '../../datastore/types.js';
import type { EtcdDatastore } from '../../datastore/etcd/etcd.js';
import { CommandError } from '../../errors.js';
import { EtcdIpamKV, type IpamKV } from '../../ipam/kv.js';

/** The Kubernetes IpamKV (BlockAffinity CRs) is not wired into the agent yet. */
export class IpamNotWiredError extends CommandError {
  constructor(datastoreType: string) {
    super(`IPAM block affinities on the ${datastoreType} datastore are not yet wired into the node agent`);
  }
}

export function ipamKVFor(ds: Datastore): IpamKV {
  switch (ds.type) {
    case 'etcdv3':
      return new EtcdIpamKV(ds as EtcdDatastore);
    case 'kubernetes':
      throw new IpamNotWiredError(ds.type);
    default: {
      const t: never = ds.type;
      throw new CommandError(`unknown datastore type: ${String(t)}`);
    }
  }
}
