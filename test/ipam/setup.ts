/**
 * Shared set-up for the IPAM tests: a real etcd, or the Kubernetes API-server stand-in, the
 * datastore, an IpamClient on it, and pools/nodes/reservations.
 */
import { startEtcd, type EtcdInstance } from '../helpers/etcd.js';
import { loadClientConfig, type ClientConfig } from '../../src/datastore/config.js';
import { openEtcdDatastore, type EtcdDatastore } from '../../src/datastore/etcd/etcd.js';
import type { KubeDatastore } from '../../src/datastore/kube/kube.js';
import type { Datastore } from '../../src/datastore/types.js';
import { lookupKind } from '../../src/resources/registry.js';
import { DatastoreIpamResources, EtcdIpamKV, IpamClient, KubeIpamKV, type IpamKV } from '../../src/ipam/index.js';
import { openKube, raw, startStandIn, type StandIn } from '../datastore/kube-helpers.js';

export type DatastoreKind = 'etcd' | 'kube';

export interface BaseIpamEnv {
  kind: DatastoreKind;
  cfg: ClientConfig;
  ds: Datastore;
  kv: IpamKV;
  ipam: IpamClient;
  /** Removes every object (between tests). */
  wipe(): Promise<void>;
  /** The stored value at an IPAM key in etcd's JSON (etcdctl on etcd; on Kubernetes the object read back through the mapping). */
  value(key: string): Promise<string>;
  /** The IPAM keys under prefix, sorted. */
  keyList(prefix: string): Promise<string[]>;
  /** Stores a value at an IPAM key directly (bypassing the library). */
  put(key: string, value: string): Promise<void>;
  pool(name: string, spec: Record<string, unknown>): Promise<void>;
  node(name: string, labels: Record<string, string>): Promise<void>;
  reservation(name: string, cidrs: string[]): Promise<void>;
  stop(): Promise<void>;
}

export interface IpamEnv extends BaseIpamEnv {
  etcd: EtcdInstance;
  ds: EtcdDatastore;
  /** The stored value at key, as etcdctl prints it. */
  stored(key: string): string;
  keys(prefix: string): string[];
}

export interface KubeIpamEnv extends BaseIpamEnv {
  server: StandIn;
  ds: KubeDatastore;
}

function resourceCreator(ds: Datastore) {
  return async (kind: string, name: string, spec: Record<string, unknown>, labels?: Record<string, string>): Promise<void> => {
    const def = lookupKind(kind);
    await ds.create(def, { apiVersion: 'projectcalico.org/v3', kind: def.kind, metadata: { name, ...(labels ? { labels } : {}) }, spec });
  };
}

function common(ds: Datastore, kv: IpamKV) {
  const create = resourceCreator(ds);
  return {
    value: async (key: string) => {
      const p = await kv.get(key);
      if (!p) throw new Error(`nothing stored at ${key}`);
      return p.value;
    },
    keyList: async (prefix: string) => (await kv.list(prefix)).map((p) => p.key),
    put: async (key: string, value: string) => {
      if ((await kv.put(key, value, { create: true })) === undefined) throw new Error(`${key} already exists`);
    },
    pool: (name: string, spec: Record<string, unknown>) => create('ippool', name, { nodeSelector: 'all()', ...spec }),
    reservation: (name: string, cidrs: string[]) => create('ipreservation', name, { reservedCIDRs: cidrs }),
  };
}

export async function ipamEnv(): Promise<IpamEnv>;
export async function ipamEnv(kind: 'etcd'): Promise<IpamEnv>;
export async function ipamEnv(kind: 'kube'): Promise<KubeIpamEnv>;
export async function ipamEnv(kind: DatastoreKind): Promise<IpamEnv | KubeIpamEnv>;
export async function ipamEnv(kind: DatastoreKind = 'etcd'): Promise<IpamEnv | KubeIpamEnv> {
  return kind === 'kube' ? kubeIpamEnv() : etcdIpamEnv();
}

async function etcdIpamEnv(): Promise<IpamEnv> {
  const etcd = await startEtcd();
  const cfg = loadClientConfig({ env: { ETCD_ENDPOINTS: etcd.endpoint }, defaultConfigPath: '/nonexistent/calicoctl.cfg' });
  const ds = await openEtcdDatastore(cfg);
  const kv = new EtcdIpamKV(ds);
  const ipam = new IpamClient(kv, new DatastoreIpamResources(ds));
  const c = common(ds, kv);
  const stored = (key: string): string => etcd.etcdctl(['get', key, '--print-value-only']).replace(/\n$/, '');
  const keys = (prefix: string): string[] => etcd.etcdctl(['get', '--prefix', prefix, '--keys-only']).split('\n').filter((l) => l !== '');
  return {
    kind: 'etcd',
    etcd,
    cfg,
    ds,
    kv,
    ipam,
    ...c,
    wipe: async () => etcd.wipe(),
    // etcdctl shows exactly what is stored.
    stored,
    keys,
    value: async (key) => stored(key),
    keyList: async (prefix) => keys(prefix),
    node: (name, labels) => resourceCreator(ds)('node', name, {}, labels),
    stop: async () => {
      await ds.close();
      await etcd.stop();
    },
  };
}

async function kubeIpamEnv(): Promise<KubeIpamEnv> {
  const server = await startStandIn();
  const env = { DATASTORE_TYPE: 'kubernetes', KUBECONFIG: server.kubeconfigPath };
  const cfg = loadClientConfig({ env, defaultConfigPath: '/nonexistent/calicoctl.cfg' });
  const ds = (await openKube(env)) as KubeDatastore;
  const kv = new KubeIpamKV(ds.http, ds.endpoint);
  const ipam = new IpamClient(kv, new DatastoreIpamResources(ds));
  return {
    kind: 'kube',
    server,
    cfg,
    ds,
    kv,
    ipam,
    ...common(ds, kv),
    wipe: () => server.reset(),
    // Nodes are core Kubernetes Nodes on this datastore.
    node: async (name, labels) => {
      const r = await raw(server, 'POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name, labels } });
      if (r.status !== 201) throw new Error(`creating node ${name}: HTTP ${r.status}`);
    },
    stop: async () => {
      await ds.close();
      await server.stop();
    },
  };
}
