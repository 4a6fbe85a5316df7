/**
 * `node status --wait` taking its expected peers from the datastore (a real etcd, and the
 * Kubernetes API-server stand-in), for a run dir that records node n1 and whose agent PID file
 * points at this test process. No BIRD runs here, so every expected peer is "not configured in
 * BIRD": what is asserted is WHICH peers the command waits for, and where it says they came from.
 * The agent's own list (expected-peers.json) is deliberately stale, as right after a change.
 */
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etcdEnv, runCli } from '../helpers/cli.js';
import { startEtcd, type EtcdInstance } from '../helpers/etcd.js';
import { haveStandIn, raw, startStandIn, type StandIn } from '../datastore/kube-helpers.js';

const isRoot = process.getuid?.() === 0;

interface WaitJson {
  running: boolean;
  expectedFrom?: string;
  pending?: { name: string; address: string; type?: string; state: string }[];
}

function runDirFor(tag: string, stale: unknown[] | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), `ctlts-wait-${tag}-`));
  writeFileSync(join(dir, 'agent.pid'), `${process.pid}\n`);
  writeFileSync(join(dir, 'nodename'), 'n1\n');
  if (stale) writeFileSync(join(dir, 'expected-peers.json'), JSON.stringify(stale));
  return dir;
}

const STALE = [{ name: 'Mesh_10_0_0_2', address: '10.0.0.2', type: 'node-to-node mesh', family: 4 }];

describe.skipIf(!isRoot)('node status --wait with an etcd datastore', () => {
  let etcd: EtcdInstance;
  let env: Record<string, string>;
  let dir = '';
  const apply = async (yaml: string): Promise<void> => {
    const r = await runCli(['apply', '-f', '-'], { env, stdin: yaml });
    expect(r.code, r.stdout + r.stderr).toBe(0);
  };
  const status = (args: string[], extraEnv: Record<string, string | undefined> = env) =>
    runCli(['node', 'status', '--run-dir', dir, ...args], { env: extraEnv });

  beforeAll(async () => {
    etcd = await startEtcd();
    env = etcdEnv(etcd.endpoint);
    dir = runDirFor('etcd', STALE);
    await apply(
      ['n1', 'n2', 'n3']
        .map((n, i) => `apiVersion: projectcalico.org/v3\nkind: Node\nmetadata: {name: ${n}}\nspec: {bgp: {ipv4Address: 10.0.0.${i + 1}/24}}\n`)
        .join('---\n'),
    );
  }, 30_000);
  afterAll(async () => {
    await etcd?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('waits for the peers the datastore implies, not the agent’s stale list', async () => {
    const r = await status(['--wait=300ms']);
    expect(r.code).toBe(1);
    // n3 was added after the agent wrote its list: it is waited for all the same.
    expect(r.stderr).toBe(
      'BGP peers not Established after 300ms: 10.0.0.2 (node-to-node mesh, not configured in BIRD), 10.0.0.3 (node-to-node mesh, not configured in BIRD)\n',
    );
    const j = await status(['--wait=300ms', '-o', 'json']);
    expect(j.code).toBe(1);
    const doc = JSON.parse(j.stdout) as WaitJson;
    expect(doc.expectedFrom).toBe('datastore');
    expect(doc.pending).toEqual([
      { name: 'Mesh_10_0_0_2', address: '10.0.0.2', type: 'node-to-node mesh', state: 'not configured in BIRD' },
      { name: 'Mesh_10_0_0_3', address: '10.0.0.3', type: 'node-to-node mesh', state: 'not configured in BIRD' },
    ]);
  });

  it('a node run with --backend none (status.json: BIRD Disabled) expects no peers', async () => {
    writeFileSync(join(dir, 'status.json'), JSON.stringify({ node: 'n1', bird: { state: 'Disabled' } }));
    try {
      const r = await status(['--wait=2s', '-o', 'json']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ expectedFrom: 'datastore', pending: [] });
    } finally {
      unlinkSync(join(dir, 'status.json'));
    }
  });

  it('follows a change made while it waits (re-computed every round)', async () => {
    const waiting = status(['--wait=10s', '-o', 'json']);
    await new Promise((r) => setTimeout(r, 1000));
    const t = Date.now();
    // The mesh off and no explicit peer: nothing is expected any more.
    await apply('apiVersion: projectcalico.org/v3\nkind: BGPConfiguration\nmetadata: {name: default}\nspec: {nodeToNodeMeshEnabled: false}\n');
    const r = await waiting;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(Date.now() - t).toBeLessThan(5000);
    expect(JSON.parse(r.stdout)).toMatchObject({ expectedFrom: 'datastore', pending: [] });
  }, 20_000);

  it('a new explicit BGPPeer is waited for at once, by its name and type', async () => {
    await apply('apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata: {name: tor}\nspec: {peerIP: 10.0.0.77, asNumber: 65010}\n');
    const r = await status(['--wait=300ms']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('BGP peers not Established after 300ms: 10.0.0.77 (global, not configured in BIRD)\n');
    const del = await runCli(['delete', 'bgppeer', 'tor'], { env });
    expect(del.code).toBe(0);
  });

  it('reads the datastore named by -c/--config', async () => {
    const cfg = join(dir, 'calicoctl.cfg');
    writeFileSync(cfg, `apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nmetadata: {}\nspec:\n  datastoreType: etcdv3\n  etcdEndpoints: ${etcd.endpoint}\n`);
    await apply('apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata: {name: rr}\nspec: {node: n1, peerIP: 10.0.0.9, asNumber: 64512}\n');
    try {
      // No datastore in the environment: only the file says where it is.
      for (const flag of [['-c', cfg], [`--config=${cfg}`]]) {
        const r = await status([...flag, '--wait=200ms', '-o', 'json'], {});
        expect(r.code).toBe(1);
        expect(JSON.parse(r.stdout)).toMatchObject({ expectedFrom: 'datastore', pending: [{ name: 'Node_10_0_0_9', type: 'node specific' }] });
      }
    } finally {
      expect((await runCli(['delete', 'bgppeer', 'rr'], { env })).code).toBe(0);
    }
  });

  it('-c naming a missing file fails as every command does', async () => {
    const r = await status(['-c', join(dir, 'nope.cfg'), '--wait=200ms'], {});
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`Error reading config file: ${join(dir, 'nope.cfg')}\n`);
  });

  it('a malformed datastore configuration fails as every command does', async () => {
    const r = await status(['--wait=200ms'], etcdEnv('10.0.0.1:2379'));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("Failed to create Calico API client: invalid etcd endpoint '10.0.0.1:2379': expected http(s)://host:port\n");
  });

  it('an unreachable datastore: one warning line, then the agent’s list', async () => {
    const r = await status(['--wait=500ms', '-o', 'json'], etcdEnv('http://127.0.0.1:1'));
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^Warning: cannot compute the expected BGP peers from the datastore \(.*127\.0\.0\.1:1.*\); waiting for the peers the agent listed in .*expected-peers\.json$/);
    expect(lines[1]).toBe('BGP peers not Established after 500ms: 10.0.0.2 (node-to-node mesh, not configured in BIRD)');
    expect(JSON.parse(r.stdout)).toMatchObject({ expectedFrom: 'agent', pending: [{ name: 'Mesh_10_0_0_2' }] });
  });

  it('no node name recorded: warned, and the agent’s list', async () => {
    unlinkSync(join(dir, 'nodename'));
    try {
      const r = await status(['--wait=200ms', '-o', 'json']);
      expect(r.code).toBe(1);
      expect(r.stderr.split('\n')[0]).toBe(
        `Warning: cannot compute the expected BGP peers from the datastore (no node name recorded in ${join(dir, 'nodename')}); waiting for the peers the agent listed in ${join(dir, 'expected-peers.json')}`,
      );
      expect(JSON.parse(r.stdout).expectedFrom).toBe('agent');
    } finally {
      writeFileSync(join(dir, 'nodename'), 'n1\n');
    }
  });

  it('no datastore configured at all: the agent’s list, silently', async () => {
    const r = await status(['--wait=200ms', '-o', 'json'], {});
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('BGP peers not Established after 200ms: 10.0.0.2 (node-to-node mesh, not configured in BIRD)\n');
    expect(JSON.parse(r.stdout).expectedFrom).toBe('agent');
  });

  it('plain node status never opens the datastore (no connection, no expectedFrom)', async () => {
    // A listener that counts connections and never answers, standing in for the datastore.
    let connections = 0;
    const server = createServer((sock) => {
      connections++;
      sock.on('error', () => {});
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const r = await status(['-o', 'json'], etcdEnv(endpoint));
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      const doc = JSON.parse(r.stdout) as WaitJson;
      expect(doc.running).toBe(true);
      expect('expectedFrom' in doc || 'pending' in doc).toBe(false);
      expect(connections).toBe(0);
      // The same with --wait does connect (and, unanswered, gives up with the warning).
      const w = await status(['--wait=200ms'], etcdEnv(endpoint));
      expect(connections).toBeGreaterThan(0);
      expect(w.stderr).toMatch(/^Warning: cannot compute the expected BGP peers from the datastore \(etcdv3 datastore http:\/\/127\.0\.0\.1:\d+: no answer within 1000 ms\)/);
    } finally {
      server.close();
    }
  });
});

describe.skipIf(!isRoot || !haveStandIn)('node status --wait with the Kubernetes datastore', () => {
  let server: StandIn;
  let dir = '';
  beforeAll(async () => {
    server = await startStandIn();
    dir = runDirFor('kdd', STALE);
    for (const [name, ip] of [['n1', '10.0.0.1/24'], ['n2', '10.0.0.2/24'], ['n4', '10.0.0.4/24']]) {
      const r = await raw(server, 'POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name, annotations: { 'projectcalico.org/IPv4Address': ip } } });
      expect(r.status).toBe(201);
    }
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('waits for every node of the cluster, from the API server', async () => {
    const r = await runCli(['node', 'status', '--run-dir', dir, '--wait=300ms', '-o', 'json'], { env: { DATASTORE_TYPE: 'kubernetes', KUBECONFIG: server.kubeconfigPath } });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as WaitJson;
    expect(doc.expectedFrom).toBe('datastore');
    expect(doc.pending!.map((p) => p.name)).toEqual(['Mesh_10_0_0_2', 'Mesh_10_0_0_4']);
    expect(r.stderr).toBe('BGP peers not Established after 300ms: 10.0.0.2 (node-to-node mesh, not configured in BIRD), 10.0.0.4 (node-to-node mesh, not configured in BIRD)\n');
  });
});
