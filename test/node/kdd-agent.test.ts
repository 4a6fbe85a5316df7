// The node agent as a process on the Kubernetes datastore (the API-server stand-in): it renders
// BIRD's configuration from the core Nodes and Calico CRDs, and re-renders on changes made through
// the API because it watches them (well inside the 5 s poll interval it would otherwise use).
// BIRD itself is not started (the agent only needs `bird -p` to check what it installs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runStartup } from '../../src/node/run/startup.js';
import { parseIpAddrJson } from '../../src/node/run/interfaces.js';
import { ipamKVFor } from '../../src/ipam/datastore-kv.js';
import { KubeIpamKV } from '../../src/ipam/kubekv.js';
import { watchForChanges, POLL_INTERVAL_MS } from '../../src/node/agent/watch.js';
import { lookupKind } from '../../src/resources/registry.js';
import type { Datastore } from '../../src/datastore/types.js';
import { haveStandIn, openKube, raw, startStandIn, useStandInDatastore, type StandIn } from '../datastore/kube-helpers.js';

const ENTRY = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'node', 'agent', 'main.js');
const noBird = spawnSync('sh', ['-c', 'command -v bird']).status !== 0;
const skip = !haveStandIn ? 'the API-server stand-in is missing' : noBird ? 'bird2 is not installed' : undefined;
const interfaces = parseIpAddrJson(JSON.stringify([
  { ifindex: 2, ifname: 'eth0', addr_info: [{ family: 'inet', local: '10.0.0.5', prefixlen: 24 }] },
]));

async function until<T>(what: string, fn: () => T | undefined | false, ms: number, every = 10): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

describe.skipIf(skip !== undefined)(`node agent on the Kubernetes datastore${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let server: StandIn;
  let ds: Datastore;
  let agent: ChildProcess | undefined;
  let exited: Promise<number | null>;
  const runDir = mkdtempSync(join(tmpdir(), 'ctsrun-kddagent-'));
  const rendered = (): string => readdirSync(runDir).filter((f) => f.endsWith('.cfg')).map((f) => readFileSync(join(runDir, f), 'utf8')).join('\n');
  const agentLog = (): string => (existsSync(join(runDir, 'agent.out')) ? readFileSync(join(runDir, 'agent.out'), 'utf8') : '');

  beforeAll(async () => {
    server = await startStandIn();
    ds = await openKube({ KUBECONFIG: server.kubeconfigPath });
    for (const name of ['n1', 'n2']) {
      const r = await raw(server, 'POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name } });
      expect(r.status).toBe(201);
    }
    const common = { ipMethod: 'first-found', ip6Method: 'first-found', backend: 'bird', noDefaultPools: true, env: {}, deps: { interfaces } } as const;
    await runStartup(ds, { ...common, name: 'n1', ip: '10.0.0.5' });
    await runStartup(ds, { ...common, name: 'n2', ip: '10.0.0.6' });
    writeFileSync(join(runDir, 'nodename'), 'n1\n');

    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^(CALICO_|DATASTORE_TYPE|ETCD_|K8S_|KUBECONFIG)/.test(k)) env[k] = v;
    const out = join(runDir, 'agent.out');
    agent = spawn(process.execPath, [ENTRY, '--run-dir', runDir, '--log-dir', runDir, '--name', 'n1', '--backend', 'bird', '--health-port', '0'], {
      env: { ...env, DATASTORE_TYPE: 'kubernetes', KUBECONFIG: server.kubeconfigPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    agent.stdout!.on('data', (d: Buffer) => writeFileSync(out, d, { flag: 'a' }));
    agent.stderr!.on('data', (d: Buffer) => writeFileSync(out, d, { flag: 'a' }));
    exited = new Promise((r) => agent!.once('exit', (code) => r(code)));
  }, 30_000);

  afterAll(async () => {
    if (agent?.pid !== undefined && agent.exitCode === null) {
      agent.kill('SIGTERM');
      await exited;
    }
    await ds?.close();
    await server?.stop();
    rmSync(runDir, { recursive: true, force: true });
  });

  it('renders bird.cfg with the mesh peer taken from the other Node, watching (not polling) the API', async () => {
    await until('bird.cfg with the mesh peer', () => existsSync(join(runDir, 'bird.cfg')) && rendered().includes('10.0.0.6'), 15_000, 50);
    expect(readFileSync(join(runDir, 'bird.cfg'), 'utf8')).toContain('router id 10.0.0.5;');
    expect(agentLog()).toContain('following kubernetes datastore changes by watching');
  });

  it('re-renders when a BGPPeer is created and deleted through the API, well under the poll interval', async () => {
    const peer = lookupKind('bgppeer');
    const t0 = Date.now();
    await ds.create(peer, { apiVersion: 'projectcalico.org/v3', kind: 'BGPPeer', metadata: { name: 'tor' }, spec: { peerIP: '10.0.0.99', asNumber: 65010 } });
    await until('the new peer in the BIRD config', () => rendered().includes('10.0.0.99'), POLL_INTERVAL_MS);
    const added = Date.now() - t0;
    expect(added).toBeLessThan(1500);

    const t1 = Date.now();
    await ds.delete(peer, 'tor');
    await until('the peer gone from the BIRD config', () => !rendered().includes('10.0.0.99'), POLL_INTERVAL_MS);
    expect(Date.now() - t1).toBeLessThan(1500);
    process.stdout.write(`[kdd-agent] re-render after BGPPeer create: ${added} ms, after delete: ${Date.now() - t1} ms\n`);
  });

  it('re-renders when a Node changes (a third node joins the mesh)', async () => {
    const r = await raw(server, 'POST', '/api/v1/nodes', {
      apiVersion: 'v1', kind: 'Node', metadata: { name: 'n3', annotations: { 'projectcalico.org/IPv4Address': '10.0.0.7/24' } },
    });
    expect(r.status).toBe(201);
    await until('the third node in the BIRD config', () => rendered().includes('10.0.0.7'), 1500);
  });

  it('re-renders with a blackhole route when this node gets a BlockAffinity', async () => {
    const r = await raw(server, 'POST', '/apis/crd.projectcalico.org/v1/blockaffinities', {
      apiVersion: 'crd.projectcalico.org/v1', kind: 'BlockAffinity', metadata: { name: 'n1-192-168-5-0-26' },
      spec: { state: 'confirmed', node: 'n1', type: 'host', cidr: '192.168.5.0/26', deleted: 'false' },
    });
    expect(r.status).toBe(201);
    await until('the block route', () => rendered().includes('route 192.168.5.0/26 blackhole;'), 1500);
  });

  it('stops on SIGTERM', async () => {
    agent!.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(agentLog()).toContain('[agent] stopped');
  });
});

describe.skipIf(!haveStandIn)('agent watch on the Kubernetes datastore', () => {
  const kube = useStandInDatastore();

  it("fires for this node's new BlockAffinity and not for another node's", async () => {
    let fired = 0;
    const w = await watchForChanges(kube.ds, 'n1', () => fired++, 50);
    try {
      expect(w.mode).toBe('watch');
      const post = (node: string, cidr: string) =>
        raw(kube.server, 'POST', '/apis/crd.projectcalico.org/v1/blockaffinities', {
          apiVersion: 'crd.projectcalico.org/v1', kind: 'BlockAffinity', metadata: { name: `${node}-${cidr.replace(/[./]/g, '-')}` },
          spec: { state: 'confirmed', node, type: 'host', cidr, deleted: 'false' },
        });
      expect((await post('n2', '10.0.1.0/26')).status).toBe(201);
      await new Promise((r) => setTimeout(r, 400));
      expect(fired).toBe(0);
      expect((await post('n1', '10.0.0.0/26')).status).toBe(201);
      await until('a callback', () => fired === 1, 2000);
    } finally {
      await w.close();
    }
  });

  it('the agent reads block affinities from the IPAM CRDs on Kubernetes', () => {
    expect(ipamKVFor(kube.ds)).toBeInstanceOf(KubeIpamKV);
  });
});
