/** Shared set-up for the IPAM tests: a real etcd, the datastore, pools/nodes/reservations. */
import { startEtcd, type EtcdInstance } from '../helpers/etcd.js';
import { loadClientConfig, type ClientConfig } from '../../src/datastore/config.js';
import { openEtcdDatastore, type EtcdDatastore } from '../../src/datastore/etcd/etcd.js';
import { lookupKind } from '../../src/resources/registry.js';
import { DatastoreIpamResources, EtcdIpamKV, IpamClient } from '../../src/ipam/index.js';

export interface IpamEnv {
  etcd: EtcdInstance;
  cfg: ClientConfig;
  ds: EtcdDatastore;
  ipam: IpamClient;
  /** The stored value at key, as etcdctl prints it. */
  stored(key: string): string;
  keys(prefix: string): string[];
  pool(name: string, spec: Record<string, unknown>): Promise<void>;
  node(name: string, labels: Record<string, string>): Promise<void>;
  reservation(name: string, cidrs: string[]): Promise<void>;
  stop(): Promise<void>;
}

export async function ipamEnv(): Promise<IpamEnv> {
  const etcd = await startEtcd();
  const cfg = loadClientConfig({ env: { ETCD_ENDPOINTS: etcd.endpoint }, defaultConfigPath: '/nonexistent/calicoctl.cfg' });
  const ds = await openEtcdDatastore(cfg);
  const ipam = new IpamClient(new EtcdIpamKV(ds), new DatastoreIpamResources(ds));
  const create = async (kind: string, name: string, spec: Record<string, unknown>, labels?: Record<string, string>) => {
    const def = lookupKind(kind);
    await ds.create(def, { apiVersion: 'projectcalico.org/v3', kind: def.kind, metadata: { name, ...(labels ? { labels } : {}) }, spec });
  };
  return {
    etcd,
    cfg,
    ds,
    ipam,
    stored: (key) => etcd.etcdctl(['get', key, '--print-value-only']).replace(/\n$/, ''),
    keys: (prefix) => etcd.etcdctl(['get', '--prefix', prefix, '--keys-only']).split('\n').filter((l) => l !== ''),
    pool: (name, spec) => create('ippool', name, { nodeSelector: 'all()', ...spec }),
    node: (name, labels) => create('node', name, {}, labels),
    reservation: (name, cidrs) => create('ipreservation', name, { reservedCIDRs: cidrs }),
    stop: async () => {
      await ds.close();
      await etcd.stop();
    },
  };
}
