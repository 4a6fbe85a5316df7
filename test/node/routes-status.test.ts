// CalicoNodeStatus status.routes from BIRD 2's routes (fixtures/bird: captured from a real BIRD 2.0.12
// with kernel-learned, static, direct and BGP routes over Mesh_/Node_/Global_ sessions).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseShowRoute, type BirdRoute } from '../../src/node/bird/show-route.js';
import { learnedFrom, routesStatus, type CalicoNodeRoute } from '../../src/node/agent/routes-status.js';

const DIR = join(import.meta.dirname, '../../fixtures/bird');
const fixture = (name: string): string => readFileSync(join(DIR, name), 'utf8');

type Src = CalicoNodeRoute['learnedFrom']['sourceType'];
const r = (type: 'FIB' | 'RIB', destination: string, gateway: string, iface: string, sourceType: Src, peerIP?: string): CalicoNodeRoute => ({
  type, destination, gateway, interface: iface, learnedFrom: peerIP ? { sourceType, peerIP } : { sourceType },
});

const WANT_V4 = [
  r('FIB', '0.0.0.0/0', '10.9.0.254', 'eth0', 'Kernel'),
  r('FIB', '172.16.5.0/24', '10.8.0.3', 'eth1', 'Kernel'),
  r('FIB', '172.16.5.0/24', '10.9.0.2', 'eth0', 'Kernel'),
  r('FIB', '172.16.6.0/24', 'N/A', 'blackhole', 'Kernel'),
  r('FIB', '10.9.0.0/24', 'N/A', 'eth0', 'Direct'),
  r('RIB', '10.9.0.0/24', '10.9.0.2', 'eth0', 'NodeMesh', '10.9.0.2'),
  r('FIB', '192.168.20.0/26', '10.8.0.3', 'eth1', 'BGPPeer', '10.8.0.3'),
  r('RIB', '192.168.20.0/26', '10.9.0.2', 'eth0', 'NodeMesh', '10.9.0.2'),
  r('FIB', '172.22.0.0/24', '10.8.0.9', 'eth1', 'BGPPeer', '10.8.0.3'),
  r('RIB', '172.22.0.0/24', '10.9.0.9', 'eth0', 'NodeMesh', '10.9.0.2'),
  r('FIB', '172.30.0.0/24', '10.8.0.3', 'eth1', 'Static'),
  r('FIB', '172.30.0.0/24', '10.9.0.2', 'eth0', 'Static'),
  r('FIB', '192.168.11.0/26', 'N/A', 'unreachable', 'Static'),
  r('FIB', '192.168.10.0/26', 'N/A', 'blackhole', 'Static'),
  r('FIB', '10.77.0.0/28', 'N/A', 'dum0', 'Direct'),
  r('FIB', '192.168.12.0/26', 'N/A', 'prohibit', 'Static'),
  r('FIB', '172.31.0.0/24', '10.9.0.2', 'eth0', 'Static'),
  r('FIB', '10.8.0.0/24', 'N/A', 'eth1', 'Direct'),
  r('RIB', '10.8.0.0/24', '10.8.0.3', 'eth1', 'BGPPeer', '10.8.0.3'),
];
const WANT_V6 = [
  r('FIB', 'fd10:bb::/64', 'fd08::3', 'eth1', 'Static'),
  r('FIB', 'fd10:bb::/64', 'fd09::2', 'eth0', 'Static'),
  r('FIB', 'fd10:aa::/122', 'N/A', 'blackhole', 'Static'),
  r('FIB', 'fd20:cc::/122', 'fd08::3', 'eth1', 'BGPPeer', 'fd08::3'),
  r('RIB', 'fd20:cc::/122', 'fd09::2', 'eth0', 'NodeMesh', 'fd09::2'),
  r('FIB', 'fd08::/64', 'N/A', 'eth1', 'Direct'),
  r('RIB', 'fd08::/64', 'fd08::3', 'eth1', 'BGPPeer', 'fd08::3'),
  r('FIB', 'fd09::/64', 'N/A', 'eth0', 'Direct'),
  r('RIB', 'fd09::/64', 'fd09::2', 'eth0', 'NodeMesh', 'fd09::2'),
  r('FIB', 'fd30::/64', 'fd09::2', 'eth0', 'Kernel'),
];

const route = (over: Partial<BirdRoute>): BirdRoute => ({
  table: 'master4', network: '192.168.1.0/26', family: 4, kind: 'unicast', protocol: 'x', since: '', primary: true,
  nextHops: [{ gateway: '10.0.0.9', iface: 'eth0' }], attributes: {}, ...over,
});

describe('routesStatus', () => {
  it('maps every route and next hop of `show route all` to a CalicoNodeRoute', () => {
    expect(routesStatus(parseShowRoute(fixture('show-route-all.txt')))).toEqual({ routesV4: WANT_V4, routesV6: WANT_V6 });
  });

  it('gives the same from plain `show route` (source from the protocol name)', () => {
    expect(routesStatus(parseShowRoute(fixture('show-route.txt')))).toEqual({ routesV4: WANT_V4, routesV6: WANT_V6 });
  });

  it('omits an empty family', () => {
    expect(routesStatus(parseShowRoute(fixture('show-route-all-master6.txt')))).toEqual({ routesV6: WANT_V6 });
    expect(routesStatus([])).toEqual({});
  });

  it('takes a BGP peer from the agent\'s sessions first, then the protocol name (without its port)', () => {
    const peers = new Map([['rr1', { peerIP: '10.0.0.50', type: 'global' }], ['Mesh_10_0_0_2', { peerIP: '10.0.0.2', type: 'node-to-node mesh' }]]);
    expect(learnedFrom(route({ protocol: 'rr1', source: 'BGP' }), peers)).toEqual({ sourceType: 'BGPPeer', peerIP: '10.0.0.50' });
    expect(learnedFrom(route({ protocol: 'rr1' }), peers)).toEqual({ sourceType: 'BGPPeer', peerIP: '10.0.0.50' });
    expect(learnedFrom(route({ protocol: 'Mesh_10_0_0_2' }), peers)).toEqual({ sourceType: 'NodeMesh', peerIP: '10.0.0.2' });
    expect(learnedFrom(route({ protocol: 'Global_10_0_0_9_port_1790', source: 'BGP' }))).toEqual({ sourceType: 'BGPPeer', peerIP: '10.0.0.9' });
    expect(learnedFrom(route({ protocol: 'Node_fd00__9_port_1790', source: 'BGP' }))).toEqual({ sourceType: 'BGPPeer', peerIP: 'fd00::9' });
    // An unnamed BGP session: BGPPeer, with the neighbour only when BIRD printed `from`.
    expect(learnedFrom(route({ protocol: 'bgp1', source: 'BGP' }))).toEqual({ sourceType: 'BGPPeer' });
    expect(learnedFrom(route({ protocol: 'bgp1', source: 'BGP', from: '10.0.0.7' }))).toEqual({ sourceType: 'BGPPeer', peerIP: '10.0.0.7' });
  });

  it('leaves out routes from sources Calico has no type for', () => {
    expect(learnedFrom(route({ protocol: 'pipe1', source: 'pipe' }))).toBeUndefined();
    expect(learnedFrom(route({ protocol: 'ospf1' }))).toBeUndefined();
    expect(routesStatus([route({ protocol: 'ospf1', source: 'OSPF-E2' }), route({ protocol: 'static1', source: 'static' })]))
      .toEqual({ routesV4: [r('FIB', '192.168.1.0/26', '10.0.0.9', 'eth0', 'Static')] });
  });
});
