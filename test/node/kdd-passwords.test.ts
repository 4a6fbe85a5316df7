// BGP passwords from Kubernetes Secrets in the node agent (a process on the API-server stand-in):
// a BGPPeer's secretKeyRef and BGPConfiguration nodeMeshPassword render `password "…";` in the
// right protocol blocks; a changed Secret re-renders (watched); a missing Secret or key renders the
// session without a password and is logged once. BIRD is not started (`bird -p` checks each config).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runStartup } from '../../src/node/run/startup.js';
import { parseIpAddrJson } from '../../src/node/run/interfaces.js';
import { lookupKind } from '../../src/resources/registry.js';
import type { Datastore } from '../../src/datastore/types.js';
import { createNamespaces, haveStandIn, openKube, raw, startStandIn, type StandIn } from '../datastore/kube-helpers.js';

const ENTRY = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'node', 'agent', 'main.js');
const noBird = spawnSync('sh', ['-c', 'command -v bird']).status !== 0;
const skip = !haveStandIn ? 'the API-server stand-in is missing' : noBird ? 'bird2 is not installed' : undefined;
const interfaces = parseIpAddrJson(JSON.stringify([
  { ifindex: 2, ifname: 'eth0', addr_info: [{ family: 'inet', local: '10.0.0.5', prefixlen: 24 }] },
]));
const NS = 'calico-system';
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

async function until<T>(what: string, fn: () => T | undefined | false, ms: number, every = 10): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

describe.skipIf(skip !== undefined)(`node agent: BGP passwords from Secrets${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let server: StandIn;
  let ds: Datastore;
  let agent: ChildProcess | undefined;
  let exited: Promise<number | null>;
  const runDir = mkdtempSync(join(tmpdir(), 'ctsrun-kddpw-'));
  const cfg = (): string => (existsSync(join(runDir, 'bird.cfg')) ? readFileSync(join(runDir, 'bird.cfg'), 'utf8') : '');
  /** The text of one `protocol bgp <name>` block, or undefined. */
  const block = (name: string): string | undefined => {
    const text = cfg();
    const at = text.indexOf(`protocol bgp ${name} `);
    return at < 0 ? undefined : text.slice(at, text.indexOf('\n}', at) + 2);
  };
  const agentLog = (): string => (existsSync(join(runDir, 'agent.out')) ? readFileSync(join(runDir, 'agent.out'), 'utf8') : '');
  const secret = (method: 'POST' | 'PUT', ns: string, name: string, data: Record<string, string>) =>
    raw(server, method, `/api/v1/namespaces/${ns}/secrets${method === 'PUT' ? `/${name}` : ''}`, {
      apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns }, type: 'Opaque',
      data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
    });
  const peer = lookupKind('bgppeer');

  beforeAll(async () => {
    server = await startStandIn();
    await createNamespaces(server, [NS]);
    ds = await openKube({ KUBECONFIG: server.kubeconfigPath });
    for (const name of ['n1', 'n2']) {
      const r = await raw(server, 'POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name } });
      expect(r.status).toBe(201);
    }
    const common = { ipMethod: 'first-found', ip6Method: 'first-found', backend: 'bird', noDefaultPools: true, env: {}, deps: { interfaces } } as const;
    await runStartup(ds, { ...common, name: 'n1', ip: '10.0.0.5' });
    await runStartup(ds, { ...common, name: 'n2', ip: '10.0.0.6' });
    writeFileSync(join(runDir, 'nodename'), 'n1\n');
    // The same Secret name in kube-system: the agent must read calico-system ($NAMESPACE) instead.
    expect((await secret('POST', 'kube-system', 'bgp-secrets', { tor: 'wrong-namespace' })).status).toBe(201);
    expect((await secret('POST', NS, 'bgp-secrets', { tor: 'tor pass#1', mesh: 'mesh-pw' })).status).toBe(201);

    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^(CALICO_|DATASTORE_TYPE|ETCD_|K8S_|KUBECONFIG|NAMESPACE)/.test(k)) env[k] = v;
    const out = join(runDir, 'agent.out');
    agent = spawn(process.execPath, [ENTRY, '--run-dir', runDir, '--log-dir', runDir, '--name', 'n1', '--backend', 'bird', '--health-port', '0'], {
      env: { ...env, DATASTORE_TYPE: 'kubernetes', KUBECONFIG: server.kubeconfigPath, NAMESPACE: NS },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    agent.stdout!.on('data', (d: Buffer) => writeFileSync(out, d, { flag: 'a' }));
    agent.stderr!.on('data', (d: Buffer) => writeFileSync(out, d, { flag: 'a' }));
    exited = new Promise((r) => agent!.once('exit', (code) => r(code)));
    await until('the first bird.cfg', () => block('Mesh_10_0_0_6'), 15_000, 50);
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

  it('says where it reads Secrets from; no password anywhere before one is referenced', () => {
    expect(agentLog()).toContain(`BGP passwords from Secrets in namespace ${NS} (watched)`);
    expect(cfg()).not.toContain('password');
  });

  it("a BGPPeer's password.secretKeyRef renders `password \"…\";` in that peer's block only", async () => {
    await ds.create(peer, {
      apiVersion: 'projectcalico.org/v3', kind: 'BGPPeer', metadata: { name: 'tor' },
      spec: { peerIP: '10.0.0.99', asNumber: 65010, password: { secretKeyRef: { name: 'bgp-secrets', key: 'tor' } } },
    });
    const b = await until('the tor block', () => block('Global_10_0_0_99'), 2000);
    expect(b).toContain('  password "tor pass#1";');
    expect(block('Mesh_10_0_0_6')).not.toContain('password');
    expect(cfg()).not.toContain('wrong-namespace');
  });

  it('the Secret changed → re-rendered with the new password (watched, well under the 5 s poll)', async () => {
    const t0 = Date.now();
    expect((await secret('PUT', NS, 'bgp-secrets', { tor: 'rotated-2', mesh: 'mesh-pw' })).status).toBe(200);
    await until('the new password', () => block('Global_10_0_0_99')?.includes('password "rotated-2";'), 1500);
    process.stdout.write(`[kdd-passwords] re-render after Secret update: ${Date.now() - t0} ms\n`);
    expect(cfg()).not.toContain('tor pass#1');
    expect(agentLog()).toContain('BIRD configuration updated');
  });

  it('a missing Secret: the session is rendered without a password and one line is logged; creating it renders it', async () => {
    await ds.create(peer, {
      apiVersion: 'projectcalico.org/v3', kind: 'BGPPeer', metadata: { name: 'spine' },
      spec: { peerIP: '10.0.0.98', asNumber: 65011, password: { secretKeyRef: { name: 'spine-secret', key: 'pw' } } },
    });
    const b = await until('the spine block', () => block('Global_10_0_0_98'), 2000);
    expect(b).not.toContain('password');
    expect(block('Global_10_0_0_99')).toContain('password "rotated-2";');
    const line = `BGPPeer spine: can't read password: Secret ${NS}/spine-secret not found; rendering the session(s) without a password`;
    await until('the log line', () => agentLog().includes(line), 1000);
    // Another re-render (an unrelated change) does not repeat the line.
    const r = await raw(server, 'POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n3', annotations: { 'projectcalico.org/IPv4Address': '10.0.0.7/24' } } });
    expect(r.status).toBe(201);
    await until('the third node', () => block('Mesh_10_0_0_7'), 1500);
    expect(agentLog().split(line).length - 1).toBe(1);

    // The Secret appears (the watch follows Secrets the render referred to).
    expect((await secret('POST', NS, 'spine-secret', { other: 'x' })).status).toBe(201);
    const noKey = `BGPPeer spine: can't read password: Secret ${NS}/spine-secret has no key pw; rendering the session(s) without a password`;
    await until('the missing-key line', () => agentLog().includes(noKey), 1500);
    expect(block('Global_10_0_0_98')).not.toContain('password');
    expect((await secret('PUT', NS, 'spine-secret', { pw: 'spine-pw' })).status).toBe(200);
    await until('the spine password', () => block('Global_10_0_0_98')?.includes('password "spine-pw";'), 1500);
  });

  it('a Secret deleted → its sessions lose the password (and it is logged)', async () => {
    expect((await raw(server, 'DELETE', `/api/v1/namespaces/${NS}/secrets/spine-secret`)).status).toBe(200);
    await until('no spine password', () => block('Global_10_0_0_98') !== undefined && !block('Global_10_0_0_98')!.includes('password'), 1500);
    expect(agentLog().split(`Secret ${NS}/spine-secret not found`).length - 1).toBe(2);
  });

  it('BGPConfiguration nodeMeshPassword puts the password in every mesh session, and only there', async () => {
    // calico-node's startup stored the default BGPConfiguration already.
    const kind = lookupKind('bgpconfiguration');
    const cur = await ds.get(kind, 'default');
    await ds.update(kind, { ...cur, spec: { ...(cur.spec as object), nodeMeshPassword: { secretKeyRef: { name: 'bgp-secrets', key: 'mesh' } } } });
    await until('mesh passwords', () => block('Mesh_10_0_0_6')?.includes('password "mesh-pw";') && block('Mesh_10_0_0_7')?.includes('password "mesh-pw";'), 2000);
    expect(block('Global_10_0_0_99')).toContain('password "rotated-2";');
    expect(block('Global_10_0_0_99')).not.toContain('mesh-pw');
    expect(block('Global_10_0_0_98')).not.toContain('password');
  });

  it('a value BIRD cannot hold in a string (a quote) is not rendered, and is logged', async () => {
    expect((await secret('PUT', NS, 'bgp-secrets', { tor: 'rotated-2', mesh: 'has"quote' })).status).toBe(200);
    await until('mesh without password', () => block('Mesh_10_0_0_6') !== undefined && !block('Mesh_10_0_0_6')!.includes('password'), 1500);
    expect(agentLog()).toContain(`BGPConfiguration nodeMeshPassword: password in Secret ${NS}/bgp-secrets key mesh contains a quote, backslash or line break, which BIRD cannot read`);
    expect(block('Global_10_0_0_99')).toContain('password "rotated-2";');
  });

  it('stops on SIGTERM', async () => {
    agent!.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(agentLog()).toContain('[agent] stopped');
  });
});
