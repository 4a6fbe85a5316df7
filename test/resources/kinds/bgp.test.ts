import { describe, it, expect } from 'vitest';
import { type Case, cells, check, res } from './util.js';

const peer = (spec: Record<string, unknown>) => res('BGPPeer', 'peer1', spec);
const conf = (name: string, spec: Record<string, unknown>) => res('BGPConfiguration', name, spec);
const filter = (spec: Record<string, unknown>) => res('BGPFilter', 'f1', spec);

const PEERS: Case[] = [
  { name: 'ip peer', r: peer({ peerIP: '192.168.1.1', asNumber: 64512, node: 'node1' }), expect: [] },
  { name: 'ip:port peer', r: peer({ peerIP: '192.168.1.1:8552', asNumber: '64512' }), expect: [] },
  { name: 'v6 peer with port', r: peer({ peerIP: '[fd00::1]:179', asNumber: '1.10' }), expect: [] },
  { name: 'selector peer', r: peer({ peerSelector: "rr == 'true'", nodeSelector: 'all()' }), expect: [] },
  { name: 'port 0', r: peer({ peerIP: '10.0.0.1:0' }), expect: ['PeerIP: Reason: failed to validate Field: PeerIP because of Tag: IP:port '] },
  { name: 'port too big', r: peer({ peerIP: '10.0.0.1:65536' }), expect: ['PeerIP: Reason'] },
  { name: 'no ip', r: peer({ peerIP: ':8552' }), expect: ['PeerIP: Reason'] },
  { name: 'unbracketed v6 with port', r: peer({ peerIP: 'fd00::1:179:x' }), expect: ['PeerIP: Reason'] },
  { name: 'node and nodeSelector', r: peer({ node: 'n', nodeSelector: 'all()' }), expect: ['spec: node and nodeSelector cannot both be set'] },
  { name: 'peerIP and peerSelector', r: peer({ peerIP: '10.0.0.1', peerSelector: 'all()' }), expect: ['spec: peerIP and peerSelector cannot both be set'] },
  { name: 'asNumber with peerSelector', r: peer({ peerSelector: 'all()', asNumber: 1 }), expect: ['spec: asNumber must be empty when peerSelector is set'] },
  { name: 'localWorkloadSelector needs asNumber', r: peer({ localWorkloadSelector: 'all()' }), expect: ['spec: asNumber is required when localWorkloadSelector is set'] },
  { name: 'reachableBy needs peerIP', r: peer({ reachableBy: '10.0.0.1' }), expect: ['spec: reachableBy must be empty when peerIP is empty'] },
  { name: 'reachableBy family', r: peer({ peerIP: '10.0.0.1', reachableBy: 'fd00::1' }), expect: ['ReachableBy: ReachableBy and PeerIP address family mismatched'] },
  { name: 'bad asNumber', r: peer({ peerIP: '10.0.0.1', asNumber: '1.2.3' }), expect: ['ASNumber: AS number must be'] },
  { name: 'keepOriginalNextHop and nextHopMode', r: peer({ keepOriginalNextHop: true, nextHopMode: 'Self' }), expect: ['keepOriginalNextHop and nextHopMode cannot both be set'] },
  { name: 'bad nextHopMode', r: peer({ nextHopMode: 'self' }), expect: ['spec.nextHopMode: supported values: "Auto", "Self", "Keep"'] },
  { name: 'bad node name', r: peer({ node: 'Node_1' }), expect: ['Node: Reason: failed to validate Field: Node because of Tag: name '] },
];

const CONFIGS: Case[] = [
  { name: 'default config', r: conf('default', { logSeverityScreen: 'info', nodeToNodeMeshEnabled: false, asNumber: 63400, listenPort: 178 }), expect: [] },
  { name: 'per-node config', r: conf('node.node1', { logSeverityScreen: 'Debug' }), expect: [] },
  { name: 'bad name', r: conf('mine', {}), expect: ["Metadata.Name: BGPConfiguration name must be 'default' or 'node.<nodename>'"] },
  { name: 'default-only fields', r: conf('node.node1', { asNumber: 1, nodeToNodeMeshEnabled: true, serviceClusterIPs: [{ cidr: '10.96.0.0/12' }] }), expect: [
    'BGPConfiguration.Spec.ASNumber: Cannot set asNumber on a non default BGP Configuration.',
    'BGPConfiguration.Spec.NodeToNodeMeshEnabled: Cannot set nodeToNodeMeshEnabled on a non default BGP Configuration.',
    'Cannot set serviceClusterIPs',
  ] },
  { name: 'severity', r: conf('default', { logSeverityScreen: 'Critical' }), expect: ["spec.logSeverityScreen: should match '^(?i)(Trace|Debug|Info|Warning|Error|Fatal)?$'"] },
  { name: 'listen port', r: conf('default', { listenPort: 0 }), expect: ['spec.listenPort: should be greater than or equal to 1'] },
  { name: 'service cidr', r: conf('default', { serviceExternalIPs: [{ cidr: '10.0.0.1' }] }), expect: ['spec.serviceExternalIPs[0].cidr: spec.serviceExternalIPs[0].cidr in body must be of type cidr: "10.0.0.1"'] },
  { name: 'communities used', r: conf('default', { communities: [{ name: 'c1', value: '100:200' }], prefixAdvertisements: [{ cidr: '10.0.0.0/8', communities: ['c1', '300:400'] }] }), expect: [] },
  { name: 'communities unused', r: conf('default', { communities: [{ name: 'c1', value: '100:200' }] }), expect: ['spec: communities are defined but not used in prefixAdvertisements'] },
  { name: 'community 16-bit', r: conf('default', { communities: [{ name: 'c1', value: '65536:1' }], prefixAdvertisements: [{ cidr: '10.0.0.0/8', communities: ['c1'] }] }), expect: ['Spec.Communities[].Value: invalid community value, expected 16 bit value'] },
  { name: 'community undefined', r: conf('default', { prefixAdvertisements: [{ cidr: '10.0.0.0/8', communities: ['nope'] }] }), expect: ['Spec.PrefixAdvertisement[].Communities[]: community used is invalid or not defined.'] },
  { name: 'mesh password without mesh', r: conf('default', { nodeToNodeMeshEnabled: false, nodeMeshPassword: { secretKeyRef: { name: 's', key: 'k' } } }), expect: ['spec: nodeMeshPassword cannot be set when nodeToNodeMeshEnabled is false'] },
  { name: 'ignored interface *', r: conf('default', { ignoredInterfaces: ['*'] }), expect: ['IgnoredInterfaces[0]: Reason: failed to validate Field: IgnoredInterfaces[0] because of Tag: ignoredInterface '] },
];

const FILTERS: Case[] = [
  { name: 'filter ok', r: filter({ exportV4: [{ action: 'Accept', cidr: '10.0.0.0/8', matchOperator: 'In', prefixLength: { min: 16, max: 24 } }], importV6: [{ action: 'Reject', interface: 'eth*' }] }), expect: [] },
  { name: 'filter bad action', r: filter({ exportV4: [{ action: 'accept' }] }), expect: ['spec.exportV4[0].action: supported values: "Accept", "Reject"'] },
  { name: 'filter cidr without operator', r: filter({ importV4: [{ action: 'Accept', cidr: '10.0.0.0/8' }] }), expect: ['spec.importV4[0]: cidr and matchOperator must both be set or both be empty'] },
  { name: 'filter wrong family', r: filter({ exportV6: [{ action: 'Accept', cidr: '10.0.0.0/8', matchOperator: 'Equal' }] }), expect: ['CIDR: Reason: failed to validate Field: CIDR because of Tag: netv6 '] },
  { name: 'filter prefix length', r: filter({ exportV4: [{ action: 'Accept', cidr: '10.0.0.0/8', matchOperator: 'In', prefixLength: { max: 33 } }] }), expect: ['spec.exportV4[0].prefixLength.max: should be less than or equal to 32'] },
  { name: 'filter operations on reject', r: filter({ exportV4: [{ action: 'Reject', operations: [{ setPriority: { value: 1 } }] }] }), expect: ['operations may only be used with action Accept'] },
];

describe('BGPPeer validate', () => {
  for (const c of PEERS) it(c.name, () => check(c));
});
describe('BGPConfiguration validate', () => {
  for (const c of CONFIGS) it(c.name, () => check(c));
});
describe('BGPFilter validate', () => {
  for (const c of FILTERS) it(c.name, () => check(c));
});

describe('BGP columns', () => {
  it('BGPPeer NODE falls back to the selector, then (global); ASN 0 when unset', () => {
    const cols = ['NAME', 'PEERIP', 'NODE', 'ASN'];
    expect(cells(peer({ peerIP: '10.0.0.1', node: 'n1', asNumber: 64512 }), cols)).toEqual(['peer1', '10.0.0.1', 'n1', '64512']);
    expect(cells(peer({ nodeSelector: "rack == 'a'" }), cols)).toEqual(['peer1', '', "rack == 'a'", '0']);
    expect(cells(peer({ asNumber: '1.10' }), ['NODE', 'ASN'])).toEqual(['(global)', '65546']);
  });

  it('BGPConfiguration prints - for unset mesh/AS, and the log severity as given', () => {
    const cols = ['NAME', 'LOGSEVERITY', 'MESHENABLED', 'ASNUMBER'];
    expect(cells(conf('default', { logSeverityScreen: 'Info', nodeToNodeMeshEnabled: false, asNumber: 64512 }), cols)).toEqual(['default', 'Info', 'false', '64512']);
    expect(cells(conf('node.x', {}), cols)).toEqual(['node.x', '', '-', '-']);
    expect(cells(conf('default', { asNumber: 0, nodeToNodeMeshEnabled: true }), ['MESHENABLED', 'ASNUMBER'])).toEqual(['true', '0']);
  });

  it('BGPFilter counts each rule list', () => {
    const r = filter({ exportV4: [{}, {}], importV6: [{}] });
    expect(cells(r, ['NUMEXPORTV4', 'NUMIMPORTV4', 'NUMEXPORTV6', 'NUMIMPORTV6'])).toEqual(['2', '0', '0', '1']);
  });
});
