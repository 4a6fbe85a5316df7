// Two nodes on the Kubernetes datastore, each in its own network namespace with real BIRD,
// started with `calicoctl node run` against the API-server stand-in: the node-to-node mesh
// session reaches Established on both sides, a BGPPeer created through the API reaches both
// BIRDs through the agents' watches, and node stop stops everything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKddLab, kddLabSkipReason, type KddLab } from './kdd-lab.js';
import { haveStandIn, openKube, raw, startStandIn, type StandIn } from '../datastore/kube-helpers.js';
import { isAlive, readPid } from '../../src/node/run/procs.js';
import { lookupKind } from '../../src/resources/registry.js';

const skip = !haveStandIn ? 'the API-server stand-in is missing' : kddLabSkipReason();
const NODES = [1, 2];

describe.skipIf(skip !== undefined)(`2-node mesh on the Kubernetes datastore${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let server: StandIn;
  let lab: KddLab;
  beforeAll(async () => {
    server = await startStandIn();
    lab = await createKddLab(server.url);
    for (const i of NODES) lab.addNode(i);
  }, 60_000);
  afterAll(async () => {
    await lab?.cleanup();
    await server?.stop();
  }, 60_000);

  const bgpStates = (i: number): Record<string, string> => lab.bgpStates(i);

  it('node run in each namespace brings the mesh session up', { timeout: 90_000 }, async () => {
    for (const i of NODES) {
      expect((await raw(server, 'POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: `k${i}` } })).status).toBe(201);
    }
    const t0 = Date.now();
    const runs = await Promise.all(NODES.map((i) =>
      lab.cli(i, ['node', 'run', '--name', `k${i}`, '--ip', lab.nodeIP(i), '--run-dir', lab.runDir(i), '--log-dir', lab.logDir(i), '--health-port', '0'], 60_000)));
    for (const r of runs) expect(r).toMatchObject({ code: 0, stderr: '' });
    for (const r of runs) expect(r.stdout).toContain(`K8S_API_ENDPOINT=${lab.apiEndpoint}`);

    const want = (i: number) => `Mesh_${lab.nodeIP(3 - i).replace(/\./g, '_')}`;
    const end = Date.now() + 60_000;
    let last: Record<string, string>[] = [];
    for (;;) {
      last = NODES.map(bgpStates);
      if (NODES.every((i, k) => last[k]![want(i)] === 'Established')) break;
      if (Date.now() > end) throw new Error(`mesh not Established: ${JSON.stringify(last)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    console.log(`2-node mesh on KDD: all Established ${Date.now() - t0} ms after node run started`);
    for (const i of NODES) {
      const node = (await raw(server, 'GET', `/api/v1/nodes/k${i}`)).body;
      expect(node.metadata.annotations['projectcalico.org/IPv4Address']).toBe(`${lab.nodeIP(i)}/24`);
      expect(readFileSync(join(lab.logDir(i), 'agent.log'), 'utf8')).toContain('following kubernetes datastore changes by watching');
    }
    expect((await raw(server, 'GET', '/apis/crd.projectcalico.org/v1/clusterinformations/default')).body.spec.clusterType).toBe('kdd');

    // A BGPPeer created through the API: both agents re-render and reload BIRD.
    const ds2 = await openKube({ KUBECONFIG: server.kubeconfigPath });
    const tPeer = Date.now();
    try {
      await ds2.create(lookupKind('bgppeer'), { apiVersion: 'projectcalico.org/v3', kind: 'BGPPeer', metadata: { name: 'tor' }, spec: { peerIP: `${lab.nodeIP(9)}`, asNumber: 65010 } });
    } finally {
      await ds2.close();
    }
    const globalName = `Global_${lab.nodeIP(9).replace(/\./g, '_')}`;
    const end2 = Date.now() + 10_000;
    while (!NODES.every((i) => bgpStates(i)[globalName] !== undefined)) {
      if (Date.now() > end2) throw new Error(`${globalName} never appeared: ${JSON.stringify(NODES.map(bgpStates))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    console.log(`BGPPeer created through the API → in both BIRDs after ${Date.now() - tPeer} ms`);
    for (const i of NODES) expect(bgpStates(i)[want(i)]).toBe('Established');

    for (const i of NODES) {
      const pids = ['supervisor', 'agent', 'bird'].map((n) => readPid(join(lab.runDir(i), `${n}.pid`))!);
      expect((await lab.cli(i, ['node', 'stop', '--run-dir', lab.runDir(i)])).code).toBe(0);
      for (const pid of pids) expect(isAlive(pid)).toBe(false);
    }
  });
});
