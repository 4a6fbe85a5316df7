// CalicoNodeStatus filled by a running agent: two nodes in network namespaces on a real etcd with
// real BIRD (a mesh session n1↔n2 that comes up, and a global peer nobody answers); objects are
// created with the CLI and read back with `calicoctl get caliconodestatus -o yaml`. With Routes,
// n1 reports the block a CNI ADD on n2 allocated, learned over the mesh from n2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { createLab, netnsSkipReason, until, type Lab } from './netns-helpers.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bgpStatus, isDue, nodeStatusWriter, routesFromShowRoute, statusFor, type BirdSnapshot } from '../../src/node/agent/nodestatus.js';
import { calicoNodeStatus } from '../../src/resources/kinds/caliconodestatus.js';
import { haveStandIn, raw, useStandInDatastore } from '../datastore/kube-helpers.js';

const skip = netnsSkipReason();
let lab: Lab;

interface Route {
  type: string;
  destination: string;
  gateway: string;
  interface?: string;
  learnedFrom: { sourceType: string; peerIP?: string };
}

interface Got {
  spec: Record<string, unknown>;
  status?: {
    lastUpdated?: string;
    agent?: { birdV4: Record<string, string>; birdV6: Record<string, string> };
    bgp?: Record<string, unknown> & { peersV4?: { peerIP: string; type: string; state: string; since: string }[] };
    routes?: { routesV4?: Route[]; routesV6?: Route[] };
  };
}

async function getStatus(name: string): Promise<Got> {
  const r = await lab.cli(1, ['get', 'caliconodestatus', name, '-o', 'yaml']);
  expect(r.code, r.stderr).toBe(0);
  return yaml.load(r.stdout) as Got;
}

const cns = (name: string, node: string, classes: string[], period?: number): string =>
  `apiVersion: projectcalico.org/v3\nkind: CalicoNodeStatus\nmetadata: {name: ${name}}\nspec: {node: ${node}, classes: [${classes.join(', ')}]${period === undefined ? '' : `, updatePeriodSeconds: ${period}`}}\n`;

// What the agent knows about BIRD, as it would pass it on.
const snap: BirdSnapshot = {
  up: true,
  showStatus: 'BIRD 2.0.12 ready.\nBIRD 2.0.12\nRouter ID is 10.0.0.1\nLast reboot on 2026-11-21 20:00:00.000\nLast reconfiguration on 2026-11-21 20:01:00.000\n',
  version: '2.0.12',
  routerID: '10.0.0.1',
  peers: [
    { peerIP: '10.0.0.2', type: 'node-to-node mesh', family: 4, state: 'up', since: '20:00:01', info: 'Established' },
    { peerIP: '10.0.0.9', type: 'node specific', family: 4, state: 'start', since: '20:00:01', info: 'Active Socket: Connection refused' },
    { peerIP: 'fd00::9', type: 'global', family: 6, state: 'down', since: '20:00:01', info: '' },
  ],
};
describe.skipIf(skip !== undefined)(`CalicoNodeStatus written by the agent${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    lab = await createLab();
    for (const i of [1, 2]) lab.addNode(i);
  }, 60_000);
  afterAll(async () => lab?.cleanup(), 60_000);

  it('fills Agent and BGP for this node every second, and leaves other nodes\' and period-0 objects alone', { timeout: 120_000 }, async () => {
    const silentPeer = `${lab.subnet}.200`;
    for (const i of [1, 2]) {
      const r = await lab.runNode(i);
      expect(r, r.stderr).toMatchObject({ code: 0, stderr: '' });
    }
    await lab.apply(1, `apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata: {name: silent}\nspec: {peerIP: ${silentPeer}, asNumber: 65099}\n`);
    const mesh = `Mesh_${lab.nodeIP(2).replace(/\./g, '_')}`;
    await until('mesh n1↔n2 Established', () => lab.bgpProtocols(1)[mesh] === 'Established', 30_000);

    await lab.apply(1, [cns('n1-full', 'n1', ['Agent', 'BGP'], 1), cns('n1-agent', 'n1', ['Agent'], 1), cns('n1-off', 'n1', ['Agent', 'BGP'], 0), cns('other', 'n9', ['Agent', 'BGP'], 1)].join('---\n'));
    const t0 = Date.now();

    const full = await until('n1-full with status showing the silent peer', async () => {
      const g = await getStatus('n1-full');
      return g.status?.bgp?.peersV4?.length === 2 && g.status.bgp.numberEstablishedV4 === 1 ? g : undefined;
    }, 15_000);
    console.log(`CalicoNodeStatus filled ${Date.now() - t0} ms after it was created`);
    const st = full.status!;
    const routerID = /Router ID is (\S+)/.exec(lab.birdc(1, 'show', 'status'))![1]!;
    expect(routerID).toBe(lab.nodeIP(1));
    expect(st.agent!.birdV4).toMatchObject({ state: 'Ready', routerID });
    expect(st.agent!.birdV4.version).toMatch(/^2\.\d+/);
    expect(st.agent!.birdV4.lastBootTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
    expect(st.bgp).toMatchObject({ numberEstablishedV4: 1, numberNotEstablishedV4: 1, numberEstablishedV6: 0, numberNotEstablishedV6: 0 });
    const peers = [...st.bgp!.peersV4!].sort((a, b) => a.peerIP.localeCompare(b.peerIP));
    expect(peers.map((p) => `${p.peerIP} ${p.type}`)).toEqual([`${lab.nodeIP(2)} NodeMesh`, `${silentPeer} GlobalPeer`]);
    expect(peers[0]!.state).toBe('Established');
    expect(['Idle', 'Connect', 'Active']).toContain(peers[1]!.state);
    expect(peers[0]!.since).not.toBe('');
    expect(st.routes).toBeUndefined();
    expect(Date.now() - Date.parse(st.lastUpdated!)).toBeLessThan(5_000);

    // Updated again after the period.
    await until('n1-full lastUpdated moving on', async () => {
      const g = await getStatus('n1-full');
      return g.status?.lastUpdated !== undefined && Date.parse(g.status.lastUpdated) > Date.parse(st.lastUpdated!) ? true : undefined;
    }, 10_000);

    // Only the asked-for classes.
    const agentOnly = await getStatus('n1-agent');
    expect(agentOnly.status?.agent?.birdV4).toMatchObject({ state: 'Ready', routerID });
    expect(agentOnly.status?.bgp).toBeUndefined();

    // Period 0 and another node's object: never written.
    expect((await getStatus('n1-off')).status).toBeUndefined();
    expect((await getStatus('other')).status).toBeUndefined();
    expect((await getStatus('other')).spec).toEqual({ node: 'n9', classes: ['Agent', 'BGP'], updatePeriodSeconds: 1 });
  });

  it('fills Routes: n1 reports the block of a workload on n2, learned from n2 over the mesh', { timeout: 60_000 }, async () => {
    await lab.apply(1, cns('n1-routes', 'n1', ['Routes'], 1));
    const add = await lab.cni(2, 'ADD', 'pod-r');
    expect(add.code, add.stderr).toBe(0);
    const o = add.json!.ips![0]!.address.split('/')[0]!.split('.').map(Number);
    const block = `${o[0]}.${o[1]}.${o[2]}.${o[3]! & ~63}/26`;
    const t0 = Date.now();
    const fromN2 = (g: Got) => g.status?.routes?.routesV4?.find((r) => r.destination === block);
    const g = await until(`n1-routes showing ${block}`, async () => {
      const got = await getStatus('n1-routes');
      return fromN2(got) ? got : undefined;
    }, 20_000);
    console.log(`block route in CalicoNodeStatus ${Date.now() - t0} ms after the CNI ADD returned`);
    // BIRD's view, for comparison: the route came from the mesh session with n2.
    expect(lab.birdc(1, 'show', 'route', 'for', block, 'all')).toContain(`[Mesh_${lab.nodeIP(2).replace(/\./g, '_')} `);
    expect(fromN2(g)).toEqual({ type: 'FIB', destination: block, gateway: lab.nodeIP(2), interface: 'eth0', learnedFrom: { sourceType: 'NodeMesh', peerIP: lab.nodeIP(2) } });
    expect(lab.kernelRoutes(1).some((l) => l.startsWith(`${block} via ${lab.nodeIP(2)} dev eth0 proto bird`))).toBe(true);
    // n1's own subnet, from the direct protocol.
    expect(g.status!.routes!.routesV4).toContainEqual({ type: 'FIB', destination: `${lab.subnet}.0/24`, gateway: 'N/A', interface: 'eth0', learnedFrom: { sourceType: 'Direct' } });
    expect(g.status!.routes!.routesV6).toBeUndefined();
    expect(g.status!.agent).toBeUndefined();

    // n2 reports the same block as its own blackhole (the static aggregate), not as learned.
    await lab.apply(1, cns('n2-routes', 'n2', ['Routes'], 1));
    const g2 = await until('n2-routes filled', async () => {
      const got = await getStatus('n2-routes');
      return got.status?.routes?.routesV4 ? got : undefined;
    }, 20_000);
    expect(g2.status!.routes!.routesV4!.filter((r) => r.destination === block)).toEqual([
      { type: 'FIB', destination: block, gateway: 'N/A', interface: 'blackhole', learnedFrom: { sourceType: 'Static' } },
    ]);

    // Dropping Routes from the classes removes status.routes.
    await lab.apply(1, cns('n1-routes', 'n1', ['Agent'], 1));
    await until('n1-routes without routes', async () => {
      const got = await getStatus('n1-routes');
      return got.status?.agent && got.status.routes === undefined ? true : undefined;
    }, 10_000);
  });
});

// `show route all` from a real BIRD 2 (fixtures/bird/capture-routes.mjs).
const SHOW_ROUTE_ALL = readFileSync(join(import.meta.dirname, '../../fixtures/bird/show-route-all.txt'), 'utf8');

describe('CalicoNodeStatus helpers', () => {
  const obj = (spec: Record<string, unknown>, lastUpdated?: string) => ({
    apiVersion: 'projectcalico.org/v3', kind: 'CalicoNodeStatus', metadata: { name: 'x' }, spec, status: lastUpdated ? { lastUpdated } : undefined,
  });

  it('maps BIRD protocol rows to Calico peer types and BGP states', () => {
    expect(bgpStatus(snap)).toEqual({
      numberEstablishedV4: 1, numberNotEstablishedV4: 1, numberEstablishedV6: 0, numberNotEstablishedV6: 1,
      peersV4: [
        { peerIP: '10.0.0.2', type: 'NodeMesh', state: 'Established', since: '20:00:01' },
        { peerIP: '10.0.0.9', type: 'NodePeer', state: 'Active', since: '20:00:01' },
      ],
      peersV6: [{ peerIP: 'fd00::9', type: 'GlobalPeer', state: 'Idle', since: '20:00:01' }],
    });
  });

  it('fills the agent class from show status, with a whole-second lastUpdated', () => {
    const s = statusFor(obj({ node: 'n1', classes: ['Agent'] }), snap, new Date('2026-11-21T20:02:03.456Z'));
    expect(s).toEqual({
      lastUpdated: '2026-11-21T20:02:03Z',
      agent: {
        birdV4: { state: 'Ready', version: '2.0.12', routerID: '10.0.0.1', lastBootTime: '2026-11-21 20:00:00.000', lastReconfigurationTime: '2026-11-21 20:01:00.000' },
        birdV6: { state: 'Ready', version: '2.0.12', routerID: '10.0.0.1', lastBootTime: '2026-11-21 20:00:00.000', lastReconfigurationTime: '2026-11-21 20:01:00.000' },
      },
    });
    expect(statusFor(obj({ classes: ['Agent'] }), { ...snap, up: false }, new Date()).agent).toEqual({ birdV4: { state: 'NotReady' }, birdV6: { state: 'NotReady' } });
  });

  it('fills routes only for the Routes class: as BIRD reported them, empty while BIRD is down, kept when show route failed', () => {
    const now = new Date('2026-11-21T20:02:03Z');
    const routes = { routesV4: [{ type: 'FIB' as const, destination: '192.168.1.0/26', gateway: '10.0.0.2', interface: 'eth0', learnedFrom: { sourceType: 'NodeMesh' as const, peerIP: '10.0.0.2' } }] };
    const old = { routesV6: [{ type: 'FIB' as const, destination: 'fd00::/122', gateway: 'N/A', interface: 'blackhole', learnedFrom: { sourceType: 'Static' as const } }] };
    const withOld = (classes: string[]) => ({ ...obj({ node: 'n1', classes }), status: { lastUpdated: '2026-11-21T20:00:00Z', routes: old } });
    expect(statusFor(obj({ node: 'n1', classes: ['Routes'] }), snap, now, routes)).toEqual({ lastUpdated: '2026-11-21T20:02:03Z', routes });
    expect(statusFor(withOld(['Routes']), snap, now, routes).routes).toEqual(routes);
    expect(statusFor(withOld(['Routes']), snap, now, undefined).routes).toEqual(old);
    expect(statusFor(withOld(['Routes']), { ...snap, up: false }, now, routes).routes).toEqual({});
    expect(statusFor(withOld(['Agent']), snap, now, routes).routes).toBeUndefined();
  });

  it('attributes BGP routes with the agent\'s sessions, by protocol name', () => {
    const byName = routesFromShowRoute(SHOW_ROUTE_ALL, snap);
    const meshBlock = { type: 'RIB', destination: '192.168.20.0/26', gateway: '10.9.0.2', interface: 'eth0', learnedFrom: { sourceType: 'NodeMesh', peerIP: '10.9.0.2' } };
    expect(byName.routesV4).toContainEqual(meshBlock);
    // The agent says that session is a global peer: its type wins over the name's.
    const known = routesFromShowRoute(SHOW_ROUTE_ALL, { ...snap, peers: [{ name: 'Mesh_10_9_0_2', peerIP: '10.9.0.2', type: 'global', family: 4, state: 'up', since: '', info: 'Established' }] });
    expect(known.routesV4).toContainEqual({ ...meshBlock, learnedFrom: { sourceType: 'BGPPeer', peerIP: '10.9.0.2' } });
    expect(known.routesV4).toHaveLength(byName.routesV4!.length);
  });

  it('is due after updatePeriodSeconds (default 10, 0 = never)', () => {
    const now = new Date('2026-11-21T20:00:10Z');
    expect(isDue(obj({}), now)).toBe(true);
    expect(isDue(obj({}, '2026-11-21T20:00:05Z'), now)).toBe(false);
    expect(isDue(obj({}, '2026-11-21T20:00:00Z'), now)).toBe(true);
    expect(isDue(obj({ updatePeriodSeconds: 5 }, '2026-11-21T20:00:05Z'), now)).toBe(true);
    expect(isDue(obj({ updatePeriodSeconds: 0 }), now)).toBe(false);
  });
});

describe.skipIf(!haveStandIn)('CalicoNodeStatus on the Kubernetes datastore (status subresource)', () => {
  const kube = useStandInDatastore();
  const CRS = '/apis/crd.projectcalico.org/v1/caliconodestatuses';

  it('writes .status through /status, only for this node, and not again before the period', async () => {
    const mk = (name: string, node: string, updatePeriodSeconds: number) =>
      kube.ds.create(calicoNodeStatus, { apiVersion: 'projectcalico.org/v3', kind: 'CalicoNodeStatus', metadata: { name }, spec: { node, classes: ['Agent', 'BGP'], updatePeriodSeconds } });
    await mk('mine', 'n1', 60);
    await mk('theirs', 'n9', 1);
    const logs: string[] = [];
    const w = nodeStatusWriter(kube.ds, 'n1', (l) => logs.push(l));
    await w.cycle(snap);
    expect(logs).toEqual([]);

    const cr = (await raw(kube.server, 'GET', `${CRS}/mine`)).body;
    expect(cr.spec).toEqual({ node: 'n1', classes: ['Agent', 'BGP'], updatePeriodSeconds: 60 });
    expect(cr.status.agent.birdV4).toMatchObject({ state: 'Ready', routerID: '10.0.0.1', version: '2.0.12' });
    expect(cr.status.bgp).toMatchObject({ numberEstablishedV4: 1, numberNotEstablishedV4: 1, numberNotEstablishedV6: 1 });
    expect(cr.status.lastUpdated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // What calicoctl reads back.
    const got = await kube.ds.get(calicoNodeStatus, 'mine');
    expect((got.status as { bgp: { peersV4: unknown[] } }).bgp.peersV4).toHaveLength(2);
    expect((await raw(kube.server, 'GET', `${CRS}/theirs`)).body.status).toBeUndefined();

    // Not due again for 60 s: the next cycle leaves it alone.
    await w.cycle({ ...snap, routerID: '10.0.0.99' });
    const again = (await raw(kube.server, 'GET', `${CRS}/mine`)).body;
    expect(again.metadata.resourceVersion).toBe(cr.metadata.resourceVersion);
    expect(again.status.agent.birdV4.routerID).toBe('10.0.0.1');
  });

  it('writes status.routes (accepted by the CRD schema), asking BIRD once per cycle and only when a due object wants Routes', async () => {
    for (const [name, classes] of [['r1', ['Routes']], ['r2', ['BGP', 'Routes']], ['b1', ['BGP']]] as const) {
      await kube.ds.create(calicoNodeStatus, { apiVersion: 'projectcalico.org/v3', kind: 'CalicoNodeStatus', metadata: { name }, spec: { node: 'n2', classes: [...classes], updatePeriodSeconds: 60 } });
    }
    let asked = 0;
    const logs: string[] = [];
    const w = nodeStatusWriter(kube.ds, 'n2', (l) => logs.push(l), { showRoute: async () => (asked++, SHOW_ROUTE_ALL) });
    await w.cycle(snap);
    expect(logs).toEqual([]);
    expect(asked).toBe(1);
    const r1 = (await raw(kube.server, 'GET', `${CRS}/r1`)).body;
    expect(r1.status.routes.routesV4).toHaveLength(19);
    expect(r1.status.routes.routesV6).toHaveLength(10);
    expect(r1.status.routes.routesV4).toContainEqual({ type: 'FIB', destination: '192.168.20.0/26', gateway: '10.8.0.3', interface: 'eth1', learnedFrom: { sourceType: 'BGPPeer', peerIP: '10.8.0.3' } });
    expect(r1.status.bgp).toBeUndefined();
    expect((await raw(kube.server, 'GET', `${CRS}/r2`)).body.status.routes).toEqual(r1.status.routes);
    expect((await raw(kube.server, 'GET', `${CRS}/b1`)).body.status.routes).toBeUndefined();
    // What calicoctl reads back.
    expect((await kube.ds.get(calicoNodeStatus, 'r1')).status).toMatchObject({ routes: r1.status.routes });

    // Nothing due: BIRD is not asked.
    await w.cycle(snap);
    expect(asked).toBe(1);
    // show route failing: the routes written before stay, and it is logged once.
    const w2 = nodeStatusWriter(kube.ds, 'n2', (l) => logs.push(l), { showRoute: async () => undefined });
    await kube.ds.create(calicoNodeStatus, { apiVersion: 'projectcalico.org/v3', kind: 'CalicoNodeStatus', metadata: { name: 'r3' }, spec: { node: 'n2', classes: ['Routes'], updatePeriodSeconds: 1 } });
    await w2.cycle(snap);
    const r3 = (await raw(kube.server, 'GET', `${CRS}/r3`)).body;
    expect(r3.status.lastUpdated).toBeDefined();
    expect(r3.status.routes).toBeUndefined();
    expect(logs).toEqual(['CalicoNodeStatus routes: BIRD did not answer show route; keeping the last routes']);
  });
});
