// `node status --wait` right after a change on the Kubernetes datastore: two nodes in network
// namespaces (real BIRD, `calicoctl node run` against the API-server stand-in), the mesh
// Established. With n1's agent paused (SIGSTOP, a deterministic stand-in for its lag), a BGPPeer
// created through the API is already waited for; once the agent has resumed and it is deleted
// again, --wait succeeds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKddLab, kddLabSkipReason, type KddLab } from './kdd-lab.js';
import { haveStandIn, raw, startStandIn, type StandIn } from '../datastore/kube-helpers.js';
import { readPid } from '../../src/node/run/procs.js';
import { until } from './netns-helpers.js';

const skip = !haveStandIn ? 'the API-server stand-in is missing' : kddLabSkipReason();
const NODES = [1, 2];

describe.skipIf(skip !== undefined)(`node status --wait on the Kubernetes datastore${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let server: StandIn;
  let lab: KddLab;
  const under = (ip: string) => ip.replace(/\./g, '_');
  const bgpStates = (i: number): Record<string, string> => lab.bgpStates(i);
  const statusWait = async (i: number, wait: string) => {
    const r = await lab.cli(i, ['node', 'status', '--run-dir', lab.runDir(i), `--wait=${wait}`, '-o', 'json'], 60_000);
    return { ...r, json: JSON.parse(r.stdout) as { expectedFrom?: string; pending?: { name: string; state: string }[] } };
  };

  beforeAll(async () => {
    server = await startStandIn();
    lab = await createKddLab(server.url);
    for (const i of NODES) lab.addNode(i);
    for (const i of NODES) {
      expect((await raw(server, 'POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: `k${i}` } })).status).toBe(201);
    }
    const runs = await Promise.all(NODES.map((i) =>
      lab.cli(i, ['node', 'run', '--name', `k${i}`, '--ip', lab.nodeIP(i), '--run-dir', lab.runDir(i), '--log-dir', lab.logDir(i), '--health-port', '0'], 60_000)));
    for (const r of runs) expect(r).toMatchObject({ code: 0, stderr: '' });
    await until('the mesh Established', () => NODES.every((i) => bgpStates(i)[`Mesh_${under(lab.nodeIP(3 - i))}`] === 'Established'), 60_000);
  }, 120_000);
  afterAll(async () => {
    await lab?.cleanup();
    await server?.stop();
  }, 60_000);

  it('a BGPPeer the agent has not seen yet is waited for; deleted again, --wait succeeds', { timeout: 90_000 }, async () => {
    const far = lab.nodeIP(77);
    const farName = `Global_${under(far)}`;
    const pid = readPid(join(lab.runDir(1), 'agent.pid'))!;
    const peerPath = '/apis/crd.projectcalico.org/v1/bgppeers';
    process.kill(pid, 'SIGSTOP');
    try {
      const created = await raw(server, 'POST', peerPath, { apiVersion: 'crd.projectcalico.org/v1', kind: 'BGPPeer', metadata: { name: 'far' }, spec: { peerIP: far, asNumber: 64512 } });
      expect(created.status).toBe(201);
      const agentList = JSON.parse(readFileSync(join(lab.runDir(1), 'expected-peers.json'), 'utf8')) as { name: string }[];
      expect(agentList.map((p) => p.name)).toEqual([`Mesh_${under(lab.nodeIP(2))}`]);
      const st = await statusWait(1, '2s');
      expect(st.code).toBe(1);
      expect(st.stderr).toBe(`BGP peers not Established after 2s: ${far} (global, not configured in BIRD)\n`);
      expect(st.json.expectedFrom).toBe('datastore');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await until(`${farName} in n1's BIRD`, () => bgpStates(1)[farName] !== undefined, 15_000);
    expect((await raw(server, 'DELETE', `${peerPath}/far`)).status).toBe(200);
    const st = await statusWait(1, '10s');
    expect(st.stderr).toBe('');
    expect(st.code).toBe(0);
    expect(st.json).toMatchObject({ expectedFrom: 'datastore', pending: [] });
  });
});
