/** expectedPeers / planPeers: which sessions a node configures, their names and options. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectedPeers, planPeers, type BirdInput } from '../../../src/node/bird/index.js';

const DIR = join(import.meta.dirname, '../../../fixtures/node/bird');
const fixture = (c: string): BirdInput => JSON.parse(readFileSync(join(DIR, `${c}.input.json`), 'utf8')) as BirdInput;
/** The same cluster seen from another node. */
function as(input: BirdInput, nodeName: string): BirdInput {
  const n = input.nodes.find((x) => x.name === nodeName)!;
  return { ...input, nodeName, ipv4: n.ipv4, ipv6: n.ipv6, routerId: n.ipv4?.split('/')[0] ?? input.routerId };
}
const names = (i: BirdInput) => expectedPeers(i).map((p) => `${p.name} ${p.type}`);
const peer = (name: string, spec: Record<string, unknown>) => ({ apiVersion: 'projectcalico.org/v3', kind: 'BGPPeer', metadata: { name }, spec });

describe('expectedPeers', () => {
  it('node-to-node mesh: every other node, named Mesh_<ip>, with its address', () => {
    const m = fixture('mesh-3node');
    expect(expectedPeers(m)).toEqual([
      { name: 'Mesh_10_0_0_2', address: '10.0.0.2', type: 'node-to-node mesh', family: 4 },
      { name: 'Mesh_10_0_0_3', address: '10.0.0.3', type: 'node-to-node mesh', family: 4 },
    ]);
    expect(names(as(m, 'n3'))).toEqual(['Mesh_10_0_0_1 node-to-node mesh', 'Mesh_10_0_0_2 node-to-node mesh']);
  });

  it('seed scenario (mesh off): peerSelector/nodeSelector pair calico=1 nodes together and calico=2 nodes together', () => {
    const s = fixture('seed-mesh-disabled');
    expect(names(s)).toEqual(['Node_10_0_1_2 node specific']);
    expect(names(as(s, 'node2'))).toEqual(['Node_10_0_1_1 node specific']);
    expect(names(as(s, 'node4'))).toEqual(['Node_10_0_1_3 node specific']);
    // Mesh back on: mesh sessions come first and the same IPs are not repeated as Node_.
    const meshOn = { ...s, bgpConfig: { ...s.bgpConfig, nodeToNodeMeshEnabled: true } };
    expect(names(meshOn)).toEqual([
      'Mesh_10_0_1_2 node-to-node mesh',
      'Mesh_10_0_1_3 node-to-node mesh',
      'Mesh_10_0_1_4 node-to-node mesh',
      'Node_10_0_1_2 node specific',
    ]);
  });

  it('route reflector: the RR peers with every client as an rr client; clients peer only with the RR', () => {
    const r = fixture('route-reflector');
    const rr = planPeers(r, 4);
    expect(rr.map((p) => [p.name, p.type, p.rrClusterID, p.passive])).toEqual([
      ['Node_10_0_0_2', 'node specific', '244.0.0.1', false],
      ['Node_10_0_0_3', 'node specific', '244.0.0.1', false],
    ]);
    const c1 = planPeers(as(r, 'c1'), 4);
    expect(c1.map((p) => [p.name, p.rrClusterID])).toEqual([['Node_10_0_0_1', undefined]]);
    // With the mesh enabled the RR stays out of it; clients still mesh with each other.
    const meshOn = { ...r, bgpConfig: { nodeToNodeMeshEnabled: true } };
    expect(names(as(meshOn, 'c1'))).toEqual(['Mesh_10_0_0_3 node-to-node mesh', 'Node_10_0_0_1 node specific']);
    expect(names(meshOn)).toEqual(['Node_10_0_0_2 node specific', 'Node_10_0_0_3 node specific']);
  });

  it('global peerIP with a port, node-specific peers, reversePeering Manual, eBGP mesh AS and options', () => {
    const f = fixture('bgpfilter');
    const plans = planPeers(f, 4);
    expect(plans.map((p) => p.name)).toEqual(['Global_10_0_0_254_port_1179', 'Mesh_10_0_0_2']);
    const tor = plans[0]!;
    expect(tor).toMatchObject({ address: '10.0.0.254', port: 1179, asNumber: 65001, type: 'global', sourceAddress: false, ttlSecurity: 2, restartTime: 120, keepaliveTime: 20, nextHop: 'keep', allowLocalAS: 1 });
    expect(plans[1]).toMatchObject({ asNumber: 64513, port: 1790 });
    // n2 gets its own node-specific peer; the remote is not a Calico node so no reverse side exists.
    expect(names(as(f, 'n2'))).toEqual(['Global_10_0_0_254_port_1179 global', 'Mesh_10_0_0_1 node-to-node mesh', 'Node_10_0_0_253 node specific']);
  });

  it('drops a node-specific peering to an address that already has a global one, and never peers with itself', () => {
    const m = fixture('mesh-3node');
    const input = {
      ...m,
      bgpConfig: { nodeToNodeMeshEnabled: false },
      peers: [peer('g', { peerIP: '10.0.0.9', asNumber: 65000 }), peer('n', { node: 'n1', peerIP: '10.0.0.9', asNumber: 65000 }), peer('self', { peerIP: '10.0.0.1', asNumber: 64512 })],
    };
    // No session to its own address; being the target of a global peering, it peers back with the others.
    expect(names(input)).toEqual(['Global_10_0_0_9 global', 'Node_10_0_0_2 node specific', 'Node_10_0_0_3 node specific']);
    expect(names(as(input, 'n2'))).toEqual(['Global_10_0_0_1 global', 'Global_10_0_0_9 global']);
  });

  it('reverse peering: a peerIP naming a Calico node gets a Node_ session back, unless reversePeering is Manual', () => {
    const m = fixture('mesh-3node');
    const base = { ...m, bgpConfig: { nodeToNodeMeshEnabled: false } };
    const auto = { ...base, peers: [peer('p', { node: 'n1', peerIP: '10.0.0.3', asNumber: 64512 })] };
    expect(names(auto)).toEqual(['Node_10_0_0_3 node specific']);
    expect(names(as(auto, 'n3'))).toEqual(['Node_10_0_0_1 node specific']);
    expect(names(as(auto, 'n2'))).toEqual([]);
    const manual = { ...base, peers: [peer('p', { node: 'n1', peerIP: '10.0.0.3', asNumber: 64512, reversePeering: 'Manual' })] };
    expect(names(as(manual, 'n3'))).toEqual([]);
  });

  it('IPv6: names use _ for :, v6-only nodes appear only in the IPv6 list, ports in brackets', () => {
    const v6 = fixture('ipv6');
    expect(expectedPeers(v6).map((p) => `${p.family} ${p.name} ${p.address}`)).toEqual([
      '4 Mesh_10_0_0_2 10.0.0.2',
      '6 Global_fd00__100_port_1790 fd00::100',
      '6 Mesh_fd00__2 fd00::2',
      '6 Mesh_fd00__3 fd00::3',
    ]);
    // A node without IPv6 renders no IPv6 sessions.
    expect(expectedPeers(fixture('mesh-3node')).every((p) => p.family === 4)).toBe(true);
  });

  it('IPv6 addresses written non-canonically still name, match and order sessions as their canonical text', () => {
    const input: BirdInput = {
      nodeName: 'a', routerId: '10.0.0.1', ipv6: 'FD00:0:0::1/64', asNumber: 64512, bgpConfig: {},
      nodes: [{ name: 'a', ipv6: 'FD00:0:0::1/64' }, { name: 'b', ipv6: 'fd00:0000::0002/64' }],
      // A global peer at node b's address (written differently) is that node; one at our own address is dropped.
      peers: [peer('to-b', { peerIP: 'FD00::2', asNumber: 64512 }), peer('self', { peerIP: '[fd00:0::1]:179' })],
      filters: [], pools: [], affineBlocks: [], secrets: {},
    };
    expect(planPeers(input, 6).map((p) => [p.name, p.address, p.passive])).toEqual([
      ['Global_fd00__2', 'fd00::2', true],
      ['Mesh_fd00__2', 'fd00::2', true],
    ]);
  });

  it('passwords come from the resolved secrets; a missing secret renders no password', () => {
    const plans = planPeers(fixture('passwords'), 4);
    expect(plans.map((p) => [p.name, p.password, p.restartTime])).toEqual([
      ['Global_10_0_0_200', 'ext pass!', undefined],
      ['Global_10_0_0_201', undefined, undefined],
      ['Mesh_10_0_0_1', 's3cret', 90],
    ]);
  });

  it('the passive rule: the lexically higher address connects (10.0.0.10 < 10.0.0.9 as strings)', () => {
    const input: BirdInput = {
      nodeName: 'a', routerId: '10.0.0.9', ipv4: '10.0.0.9', asNumber: 64512, bgpConfig: {},
      nodes: [{ name: 'a', ipv4: '10.0.0.9' }, { name: 'b', ipv4: '10.0.0.10' }, { name: 'c', ipv4: '10.0.0.95' }],
      peers: [], filters: [], pools: [], affineBlocks: [], secrets: {},
    };
    expect(planPeers(input, 4).map((p) => [p.name, p.passive])).toEqual([['Mesh_10_0_0_10', false], ['Mesh_10_0_0_95', true]]);
  });
});
