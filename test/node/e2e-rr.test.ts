// A route-reflector topology set up while three nodes run (started with `calicoctl node run`, the
// node-to-node mesh disabled): n1 becomes a route reflector (routeReflectorClusterID plus a
// label, and a BGPPeer from every node to the nodes with that label, as in Calico's docs). The
// running BIRDs are reconfigured in place, the client sessions come up, and a block on one client
// reaches the other client through the reflector with its original next hop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLab, netnsSkipReason, until, type Lab } from './netns-helpers.js';
import { isAlive, readPid } from '../../src/node/run/procs.js';

const skip = netnsSkipReason();
let lab: Lab;
const NODES = [1, 2, 3];
const CLUSTER_ID = '244.0.0.1';
const peerName = (j: number) => `Node_${lab.nodeIP(j).replace(/\./g, '_')}`;
const birdPid = (i: number) => readPid(join(lab.runDir(i), 'bird.pid'));
const esc = (s: string) => s.replace(/[./]/g, '\\$&');

interface StatusJson {
  bird: { ipv4: { peers: { name: string; address: string; type: string; info: string }[] } };
}

describe.skipIf(skip !== undefined)(`route reflector topology${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    lab = await createLab();
    for (const i of NODES) lab.addNode(i);
  }, 60_000);
  afterAll(async () => lab?.cleanup(), 60_000);

  it('reconfigures the running BIRDs into RR + clients, and client routes cross the reflector', { timeout: 90_000 }, async () => {
    await lab.apply(1, 'apiVersion: projectcalico.org/v3\nkind: BGPConfiguration\nmetadata: {name: default}\nspec: {nodeToNodeMeshEnabled: false}\n');
    const runs = await Promise.all(NODES.map((i) => lab.runNode(i)));
    for (const r of runs) expect(r).toMatchObject({ code: 0, stderr: '' });
    for (const i of NODES) expect(lab.bgpProtocols(i)).toEqual({});
    const pids = NODES.map(birdPid);

    // n1 becomes the route reflector, as Calico's docs describe it.
    const patch = await lab.cli(1, ['patch', 'node', 'n1', '-p', JSON.stringify({ spec: { bgp: { routeReflectorClusterID: CLUSTER_ID } } })]);
    expect(patch, patch.stderr).toMatchObject({ code: 0 });
    const label = await lab.cli(1, ['label', 'nodes', 'n1', 'route-reflector=true']);
    expect(label, label.stderr).toMatchObject({ code: 0 });
    const tApply = Date.now();
    await lab.apply(1, [
      'apiVersion: projectcalico.org/v3',
      'kind: BGPPeer',
      'metadata: {name: peer-with-route-reflectors}',
      "spec: {nodeSelector: all(), peerSelector: route-reflector == 'true'}",
      '',
    ].join('\n'));

    const want: Record<number, number[]> = { 1: [2, 3], 2: [1], 3: [1] };
    // `node status --wait` waits for the peers the agent expects; first let every agent see the
    // new BGPPeer (its watch re-renders within a second, longer on a loaded machine).
    const expectedPeers = (i: number): string[] =>
      (JSON.parse(readFileSync(join(lab.runDir(i), 'expected-peers.json'), 'utf8')) as { address: string }[]).map((p) => p.address).sort();
    await until('every agent to expect its RR sessions', () => NODES.every((i) => expectedPeers(i).join() === want[i]!.map((j) => lab.nodeIP(j)).sort().join()), 20_000);
    const statuses = await Promise.all(NODES.map((i) => lab.cli(i, ['node', 'status', '--run-dir', lab.runDir(i), '--wait=20s', '-o', 'json'], 40_000)));
    console.log(`RR BGPPeer applied → every session Established (node status --wait on all 3) after ${Date.now() - tApply} ms`);
    for (const [k, i] of NODES.entries()) {
      expect(statuses[k]!.code, statuses[k]!.stderr).toBe(0);
      const s = JSON.parse(statuses[k]!.stdout) as StatusJson;
      expect(s.bird.ipv4.peers.map(({ name, address, type, info }) => ({ name, address, type, info }))).toEqual(
        want[i]!.map((j) => ({ name: peerName(j), address: lab.nodeIP(j), type: 'node specific', info: 'Established' })));
    }
    // The clients do not peer with each other.
    expect(lab.bgpProtocols(2)[peerName(3)]).toBeUndefined();
    // Reconfigured, not restarted.
    expect(NODES.map(birdPid)).toEqual(pids);
    for (const pid of pids) expect(isAlive(pid!)).toBe(true);
    // The reflector treats both as clients of its cluster; the clients do not.
    const rrCfg = readFileSync(join(lab.runDir(1), 'bird.cfg'), 'utf8');
    expect(rrCfg.match(/rr client;/g)).toHaveLength(2);
    expect(rrCfg).toContain(`rr cluster id ${CLUSTER_ID};`);
    expect(readFileSync(join(lab.runDir(2), 'bird.cfg'), 'utf8')).not.toContain('rr client');

    // A workload on each client: the other client learns its block through n1, next hop kept.
    const blocks: Record<number, { ip: string; block: string }> = {};
    for (const i of [2, 3]) {
      const add = await lab.cni(i, 'ADD', `pod-${i}`);
      expect(add.code, add.stderr).toBe(0);
      const ip = add.json!.ips![0]!.address.split('/')[0]!;
      const o = ip.split('.').map(Number);
      blocks[i] = { ip, block: `${o[0]}.${o[1]}.${o[2]}.${o[3]! & ~63}/26` };
    }
    const tRoutes = Date.now();
    for (const [i, from] of [[3, 2], [2, 3], [1, 2], [1, 3]] as const) {
      const via = new RegExp(`^${esc(blocks[from]!.block)} via ${esc(lab.nodeIP(from))} dev eth0 proto bird metric 1024\\b`);
      await until(`n${i}'s kernel route to n${from}'s block`, () => lab.kernelRoutes(i).some((l) => via.test(l)), 15_000);
    }
    console.log(`client blocks in every kernel ${Date.now() - tRoutes} ms after the CNI ADDs`);
    // On the clients the route was reflected: learned from n1's session, originated by the other client.
    for (const [i, from] of [[3, 2], [2, 3]] as const) {
      const route = lab.birdc(i, 'show', 'route', 'for', blocks[from]!.ip, 'all');
      expect(route).toContain(`[${peerName(1)} `);
      expect(route).toMatch(new RegExp(`BGP\\.originator_id: ${esc(lab.nodeIP(from))}\\b`));
      expect(route).toMatch(new RegExp(`BGP\\.cluster_list: ${esc(CLUSTER_ID)}\\b`));
    }
  });
});
