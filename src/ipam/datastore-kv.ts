/**
 * The IPAM key store of an open datastore: etcd's raw `/calico/ipam/v2/...` keys, or Calico's IPAM
 * custom resources on the Kubernetes datastore (kubekv.ts maps the same keys onto them).
 */
import type { Datastore } from '../datastore/types.js';
import type { EtcdDatastore } from '../datastore/etcd/etcd.js';
import type { KubeDatastore } from '../datastore/kube/kube.js';
import { EtcdIpamKV, type IpamKV } from './kv.js';
import { KubeIpamKV, checkIpamGroup } from './kubekv.js';
import { IpamError } from './errors.js';

export function ipamKVFor(ds: Datastore): IpamKV {
  if (ds.type === 'kubernetes') {
    const kube = ds as KubeDatastore;
    checkIpamGroup(kube.group.apiVersion);
    return new KubeIpamKV(kube.http, kube.endpoint);
  }
  const etcd = ds as Partial<EtcdDatastore>;
  if (typeof etcd.getRaw !== 'function' || typeof etcd.txn !== 'function') {
    throw new IpamError(`IPAM data is not available through this ${ds.type} datastore client`);
  }
  return new EtcdIpamKV(ds as EtcdDatastore);
}
