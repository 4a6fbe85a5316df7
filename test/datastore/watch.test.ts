/**
 * The datastore watch (`watchKinds`) on both adapters: a real etcd and the Kubernetes API-server
 * stand-in. The same contract on each (changes written by another client fire the callback,
 * with kind, name and namespace; unwatched kinds and other hosts' affinities stay silent), then
 * what is specific to Kubernetes: re-watching after the server ends a stream, re-listing after
 * a dropped connection outlived the server's history (410), Profiles, and refusals.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdInstance } from '../helpers/etcd.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { loadClientConfig } from '../../src/datastore/config.js';
import { openDatastore } from '../../src/datastore/index.js';
import type { EtcdDatastore } from '../../src/datastore/etcd/etcd.js';
import type { KubeDatastore } from '../../src/datastore/kube/kube.js';
import type { Datastore, WatchEvent, WatchHandle, WatchKind } from '../../src/datastore/types.js';
import { OperationNotSupportedError } from '../../src/errors.js';
import { gns, ns } from './contract.js';
import { GlobalNetworkPolicy, GlobalNetworkSet, NetworkSet, Profile } from './kinds.js';
import { createNamespaces, haveStandIn, openKube, raw, type StandIn } from './kube-helpers.js';
import { gnp } from './contract.js';
import type { KindDefinition } from '../../src/resources/types.js';
import { startKubeApiServer } from '../kube-apiserver/index.mjs';

const Node = { ...GlobalNetworkSet, kind: 'Node', plural: 'nodes' } as KindDefinition;
const WorkloadEndpoint = { ...NetworkSet, kind: 'WorkloadEndpoint', plural: 'workloadendpoints' } as KindDefinition;

/** Collects events; `until` waits for one matching `pred` (or fails after `ms`). */
class Recorder {
  readonly events: WatchEvent[] = [];
  private waiters: Array<{ pred: (e: WatchEvent) => boolean; resolve: (e: WatchEvent) => void }> = [];
  readonly cb = (e: WatchEvent): void => {
    this.events.push(e);
    this.waiters = this.waiters.filter((w) => (w.pred(e) ? (w.resolve(e), false) : true));
  };
  until(pred: (e: WatchEvent) => boolean, ms = 5000): Promise<WatchEvent> {
    const seen = this.events.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no matching event within ${ms} ms; got ${JSON.stringify(this.events)}`)), ms);
      this.waiters.push({ pred, resolve: (e) => (clearTimeout(t), resolve(e)) });
    });
  }
}

const is = (type: WatchEvent['type'], kind: string, name?: string) => (e: WatchEvent) =>
  e.type === type && e.kind === kind && (name === undefined || e.name === name);

interface WatchSetup {
  watcher: Datastore;
  writer: Datastore;
  putNode(name: string): Promise<void>;
  putAffinity(host: string, cidr: string): Promise<void>;
  wipe(): Promise<void>;
  close(): Promise<void>;
}

function watchContract(name: string, open: () => Promise<WatchSetup>): void {
  describe(`watchKinds contract: ${name}`, () => {
    let s: WatchSetup;
    let handle: WatchHandle | undefined;
    const watch = async (kinds: WatchKind[]): Promise<Recorder> => {
      const r = new Recorder();
      handle = await s.watcher.watchKinds!(kinds, r.cb);
      return r;
    };
    beforeAll(async () => {
      s = await open();
    });
    afterAll(async () => s?.close());
    beforeEach(async () => {
      await handle?.close();
      handle = undefined;
      await s.wipe();
    });

    it('fires on create, update and delete made by another client, naming kind, name and namespace', async () => {
      const r = await watch([GlobalNetworkSet, NetworkSet]);
      const created = await s.writer.create(GlobalNetworkSet, gns('a'));
      expect(await r.until(is('put', 'GlobalNetworkSet', 'a'))).toEqual({ type: 'put', kind: 'GlobalNetworkSet', name: 'a' });
      await s.writer.update(GlobalNetworkSet, { ...created, spec: { nets: ['10.9.0.0/24'] } });
      await r.until((e) => r.events.filter(is('put', 'GlobalNetworkSet', 'a')).length === 2 && e.name === 'a');
      await s.writer.create(NetworkSet, ns('ns1', 'b'));
      expect(await r.until(is('put', 'NetworkSet', 'b'))).toEqual({ type: 'put', kind: 'NetworkSet', name: 'b', namespace: 'ns1' });
      await s.writer.delete(GlobalNetworkSet, 'a');
      expect(await r.until(is('delete', 'GlobalNetworkSet', 'a'))).toEqual({ type: 'delete', kind: 'GlobalNetworkSet', name: 'a' });
    });

    it('stays silent for kinds it does not watch', async () => {
      const r = await watch([GlobalNetworkSet]);
      await s.writer.create(GlobalNetworkPolicy, gnp('p1'));
      await s.writer.create(GlobalNetworkSet, gns('sentinel'));
      await r.until(is('put', 'GlobalNetworkSet', 'sentinel'));
      expect(r.events).toEqual([{ type: 'put', kind: 'GlobalNetworkSet', name: 'sentinel' }]);
    });

    it("follows Nodes and one host's block affinities, not another host's", async () => {
      const r = await watch([Node, { ipam: 'blockaffinities', host: 'n1' }]);
      await s.putNode('n1');
      await r.until(is('put', 'Node', 'n1'));
      await s.putAffinity('n2', '10.0.1.0/26');
      await s.putAffinity('n1', '10.0.0.0/26');
      expect(await r.until(is('put', 'BlockAffinity'))).toEqual({ type: 'put', kind: 'BlockAffinity', name: 'n1-10-0-0-0-26' });
      await s.putNode('n2');
      await r.until(is('put', 'Node', 'n2'));
      expect(r.events.filter((e) => e.kind === 'BlockAffinity')).toHaveLength(1);
    });

    it('stops calling back once closed', async () => {
      const r = await watch([GlobalNetworkSet]);
      await handle!.close();
      handle = undefined;
      await s.writer.create(GlobalNetworkSet, gns('late'));
      // A second watcher proves the change was made and delivered to whoever still watches.
      const other = new Recorder();
      const h2 = await s.watcher.watchKinds!([GlobalNetworkSet], other.cb);
      await s.writer.delete(GlobalNetworkSet, 'late');
      await other.until(is('delete', 'GlobalNetworkSet', 'late'));
      await h2.close();
      expect(r.events).toEqual([]);
    });
  });
}

// ---- etcd ----------------------------------------------------------------------------------------

let etcd: EtcdInstance;
beforeAll(async () => {
  etcd = await startEtcd();
});
afterAll(async () => etcd?.stop());

watchContract('etcdv3', async () => {
  const open = () => openDatastore(loadClientConfig({ env: { DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: etcd.endpoint }, defaultConfigPath: '/nonexistent' }));
  const watcher = await open();
  const writer = await open();
  return {
    watcher,
    writer,
    putNode: async (name) => void (await writer.create(Node, { apiVersion: 'projectcalico.org/v3', kind: 'Node', metadata: { name }, spec: {} })),
    putAffinity: async (host, cidr) =>
      void (await (writer as EtcdDatastore).putRaw(`/calico/ipam/v2/host/${host}/ipv4/block/${cidr.replace('/', '-')}`, '{"state":"confirmed","deleted":false}')),
    wipe: async () => etcd.wipe(),
    close: async () => {
      await watcher.close();
      await writer.close();
    },
  };
});

// ---- Kubernetes ------------------------------------------------------------------------------------

async function postNode(server: StandIn, name: string): Promise<void> {
  const r = await raw(server, 'POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name } });
  if (r.status !== 201) throw new Error(`creating node ${name}: HTTP ${r.status}`);
}

async function postAffinity(server: StandIn, host: string, cidr: string): Promise<void> {
  const body = {
    apiVersion: 'crd.projectcalico.org/v1',
    kind: 'BlockAffinity',
    metadata: { name: `${host}-${cidr.replace(/[./]/g, '-')}` },
    spec: { state: 'confirmed', node: host, type: 'host', cidr, deleted: 'false' },
  };
  const r = await raw(server, 'POST', '/apis/crd.projectcalico.org/v1/blockaffinities', body);
  if (r.status !== 201) throw new Error(`creating affinity: HTTP ${r.status} ${JSON.stringify(r.body)}`);
}

describe.skipIf(!haveStandIn)('Kubernetes watch (stand-in API server)', () => {
  let server: StandIn;
  beforeAll(async () => {
    server = await startKubeApiServer();
  });
  afterAll(async () => server?.stop());

  watchContract('kubernetes', async () => {
    const watcher = await openKube({ KUBECONFIG: server.kubeconfigPath });
    const writer = await openKube({ KUBECONFIG: server.kubeconfigPath });
    return {
      watcher,
      writer,
      putNode: (name) => postNode(server, name),
      putAffinity: (host, cidr) => postAffinity(server, host, cidr),
      wipe: async () => {
        await server.reset();
        await createNamespaces(server, ['ns1']);
      },
      close: async () => {
        await watcher.close();
        await writer.close();
      },
    };
  });

  describe('kubernetes specifics', () => {
    let ds: KubeDatastore;
    let handle: WatchHandle | undefined;
    beforeAll(async () => {
      ds = (await openKube({ KUBECONFIG: server.kubeconfigPath })) as KubeDatastore;
    });
    afterAll(async () => ds?.close());
    beforeEach(async () => {
      await handle?.close();
      handle = undefined;
      await server.reset();
    });

    it('watches again from where it was when the server ends the stream, without replaying old objects', async () => {
      await ds.create(GlobalNetworkSet, gns('before'));
      const r = new Recorder();
      handle = await ds.watchKinds([GlobalNetworkSet], r.cb, { timeoutSeconds: 1 });
      // Each stream lasts 1–2 s: by 2.5 s the first one has ended and a second one is running.
      await new Promise((res) => setTimeout(res, 2500));
      await ds.create(GlobalNetworkSet, gns('after'));
      await r.until(is('put', 'GlobalNetworkSet', 'after'));
      expect(r.events).toEqual([{ type: 'put', kind: 'GlobalNetworkSet', name: 'after' }]);
    });

    it('follows Namespaces and ServiceAccounts as Profiles, and refuses WorkloadEndpoints', async () => {
      const r = new Recorder();
      handle = await ds.watchKinds([Profile], r.cb);
      await createNamespaces(server, ['team-a']);
      await r.until(is('put', 'Profile', 'kns.team-a'));
      const sa = await raw(server, 'POST', '/api/v1/namespaces/team-a/serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } });
      expect(sa.status).toBe(201);
      await r.until(is('put', 'Profile', 'ksa.team-a.robot'));
      await expect(ds.watchKinds([WorkloadEndpoint], r.cb)).rejects.toBeInstanceOf(OperationNotSupportedError);
    });

    it('fails with our error when the collection cannot be listed', async () => {
      const down = (await openKube({ K8S_API_ENDPOINT: 'http://127.0.0.1:1' })) as KubeDatastore;
      try {
        await expect(down.watchKinds([GlobalNetworkSet], () => {})).rejects.toThrow(/^datastore http:\/\/127\.0\.0\.1:1 is unavailable: connection refused$/);
      } finally {
        await down.close();
      }
    });
  });

  it('watches over TLS with a bearer token', async () => {
    const secure = await startKubeApiServer({ tls: true, token: 'watch-token' });
    const ds = await openKube({ KUBECONFIG: secure.kubeconfigPath });
    try {
      const r = new Recorder();
      const h = await ds.watchKinds!([GlobalNetworkSet], r.cb);
      await ds.create(GlobalNetworkSet, gns('over-tls'));
      await r.until(is('put', 'GlobalNetworkSet', 'over-tls'));
      await h.close();
    } finally {
      await ds.close();
      await secure.stop();
    }
  }, 20_000);

  describe('a connection dropped for longer than the server keeps history', () => {
    let small: StandIn;
    let proxy: TcpProxy;
    beforeAll(async () => {
      small = await startKubeApiServer({ historySize: 5 });
      proxy = await startTcpProxy(small.url);
    });
    afterAll(async () => {
      await proxy?.close();
      await small?.stop();
    });

    it('re-lists (a resync event) and keeps watching', async () => {
      const watcher = (await openKube({ KUBECONFIG: small.kubeconfigPath, K8S_API_ENDPOINT: proxy.url })) as KubeDatastore;
      const writer = await openKube({ KUBECONFIG: small.kubeconfigPath });
      try {
        const r = new Recorder();
        const h = await watcher.watchKinds([GlobalNetworkSet], r.cb, { backoffMs: 100, maxBackoffMs: 400 });
        await writer.create(GlobalNetworkSet, gns('first'));
        await r.until(is('put', 'GlobalNetworkSet', 'first'));
        proxy.cut();
        for (let i = 0; i < 12; i++) await writer.create(GlobalNetworkSet, gns(`missed-${i}`));
        proxy.restore();
        await r.until(is('resync', 'GlobalNetworkSet'), 10_000);
        await writer.create(GlobalNetworkSet, gns('next'));
        await r.until(is('put', 'GlobalNetworkSet', 'next'));
        // The missed objects were covered by the re-list, not replayed one by one.
        expect(r.events.map((e) => `${e.type}:${e.name ?? ''}`)).toEqual(['put:first', 'resync:', 'put:next']);
        await h.close();
      } finally {
        await watcher.close();
        await writer.close();
      }
    }, 20_000);
  });
});
