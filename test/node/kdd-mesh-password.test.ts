// The node-to-node mesh with a BGP password (BGPConfiguration nodeMeshPassword → a Secret) between
// two nodes on the Kubernetes datastore, each in its own network namespace with real BIRD (TCP MD5).
// k1 reads Secrets from kube-system (the default), k2 from calico-system ($NAMESPACE): while the two
// Secrets hold different passwords the session must not come up; once they agree it is Established.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKddLab, kddLabSkipReason, type KddLab } from './kdd-lab.js';
import { createNamespaces, haveStandIn, openKube, raw, startStandIn, type StandIn } from '../datastore/kube-helpers.js';
import { lookupKind } from '../../src/resources/registry.js';

const skip = !haveStandIn ? 'the API-server stand-in is missing' : kddLabSkipReason();
const NODES = [1, 2];
const NAMESPACE: Record<number, string> = { 1: 'kube-system', 2: 'calico-system' };
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

describe.skipIf(skip !== undefined)(`2-node mesh with a BGP password from Secrets (KDD)${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let server: StandIn;
  let lab: KddLab;
  beforeAll(async () => {
    server = await startStandIn();
    await createNamespaces(server, ['calico-system']);
    lab = await createKddLab(server.url);
    for (const i of NODES) lab.addNode(i);
  }, 60_000);
  afterAll(async () => {
    await lab?.cleanup();
    await server?.stop();
  }, 60_000);

  const bgpStates = (i: number): Record<string, string> => lab.bgpStates(i);
  const meshName = (i: number) => `Mesh_${lab.nodeIP(3 - i).replace(/\./g, '_')}`;
  const established = () => NODES.every((i) => bgpStates(i)[meshName(i)] === 'Established');
  const birdCfg = (i: number) => readFileSync(join(lab.runDir(i), 'bird.cfg'), 'utf8');
  const meshBlock = (i: number) => {
    const text = birdCfg(i);
    const at = text.indexOf(`protocol bgp ${meshName(i)} `);
    return at < 0 ? '' : text.slice(at, text.indexOf('\n}', at));
  };
  async function until(what: string, fn: () => boolean, ms: number): Promise<number> {
    const t0 = Date.now();
    while (!fn()) {
      if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(NODES.map(bgpStates))}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return Date.now() - t0;
  }
  const putSecret = (ns: string, mesh: string, method: 'POST' | 'PUT') =>
    raw(server, method, `/api/v1/namespaces/${ns}/secrets${method === 'PUT' ? '/bgp-secrets' : ''}`, {
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 'bgp-secrets', namespace: ns }, type: 'Opaque', data: { mesh: b64(mesh) },
    });

  it('mismatched passwords keep the session down; matching ones bring it to Established', { timeout: 120_000 }, async () => {
    for (const i of NODES) {
      expect((await raw(server, 'POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: `k${i}` } })).status).toBe(201);
    }
    expect((await putSecret('kube-system', 'pw-one', 'POST')).status).toBe(201);
    expect((await putSecret('calico-system', 'pw-two', 'POST')).status).toBe(201);
    const runs = await Promise.all(NODES.map((i) =>
      lab.cli(i, ['node', 'run', '--name', `k${i}`, '--ip', lab.nodeIP(i), '--run-dir', lab.runDir(i), '--log-dir', lab.logDir(i), '--health-port', '0'], 60_000, { NAMESPACE: NAMESPACE[i]! })));
    for (const r of runs) expect(r).toMatchObject({ code: 0, stderr: '' });
    // No password yet: the mesh comes up as usual.
    await until('the mesh without password', established, 60_000);
    for (const i of NODES) {
      expect(meshBlock(i)).not.toContain('password');
      expect(readFileSync(join(lab.logDir(i), 'agent.log'), 'utf8')).toContain(`BGP passwords from Secrets in namespace ${NAMESPACE[i]} (watched)`);
    }

    // nodeMeshPassword set: each node renders the password from its own namespace → they differ.
    const ds = await openKube({ KUBECONFIG: server.kubeconfigPath });
    try {
      const kind = lookupKind('bgpconfiguration');
      const cur = await ds.get(kind, 'default');
      await ds.update(kind, { ...cur, spec: { ...(cur.spec as object), nodeMeshPassword: { secretKeyRef: { name: 'bgp-secrets', key: 'mesh' } } } });
    } finally {
      await ds.close();
    }
    await until('both configs with their password', () => meshBlock(1).includes('password "pw-one";') && meshBlock(2).includes('password "pw-two";'), 10_000);
    await until('the mesh session down', () => NODES.every((i) => bgpStates(i)[meshName(i)] !== 'Established'), 15_000);
    // It stays down while the passwords differ (TCP MD5 drops the other side's segments).
    const t0 = Date.now();
    while (Date.now() - t0 < 4000) {
      expect(NODES.map((i) => bgpStates(i)[meshName(i)])).not.toContain('Established');
      await new Promise((r) => setTimeout(r, 200));
    }

    // k2's Secret changed to the same password: its agent re-renders (Secret watch) and they agree.
    const tFix = Date.now();
    expect((await putSecret('calico-system', 'pw-one', 'PUT')).status).toBe(200);
    await until('k2 with the agreed password', () => meshBlock(2).includes('password "pw-one";'), 5000);
    await until('the mesh Established with the password', established, 30_000);
    console.log(`mesh with password Established ${Date.now() - tFix} ms after the Secret update`);
    for (const i of NODES) expect(meshBlock(i)).toContain('password "pw-one";');

    for (const i of NODES) expect((await lab.cli(i, ['node', 'stop', '--run-dir', lab.runDir(i)])).code).toBe(0);
  });
});
