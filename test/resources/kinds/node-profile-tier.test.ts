import { describe, it, expect } from 'vitest';
import { type Case, cells, check, kind, problems, res } from './util.js';

const WG_KEY = Buffer.alloc(32, 7).toString('base64');

const CASES: Case[] = [
  { name: 'node', r: res('Node', 'node1', { bgp: { ipv4Address: '10.0.0.1/24', ipv6Address: 'fd00::1/64', asNumber: 64512, routeReflectorClusterID: '224.0.0.1' }, ipv4VXLANTunnelAddr: '10.244.0.1', vxlanTunnelMACAddr: '66:2f:d4:0a:5e:01', addresses: [{ address: '10.0.0.1', type: 'InternalIP' }], orchRefs: [{ nodeName: 'node1', orchestrator: 'k8s' }] }), expect: [] },
  { name: 'node empty bgp', r: res('Node', 'node1', { bgp: {} }), expect: ['BGP: Spec.BGP should not be empty'] },
  { name: 'node v6 in v4 field', r: res('Node', 'node1', { bgp: { ipv4Address: 'fd00::1/64' } }), expect: ['IPv4Address: Reason: failed to validate Field: IPv4Address because of Tag: cidrv4 '] },
  { name: 'node tunnel family', r: res('Node', 'node1', { bgp: { ipv4Address: '10.0.0.1/24', ipv4IPIPTunnelAddr: 'fd00::1' } }), expect: ['IPv4IPIPTunnelAddr: Reason: failed to validate Field: IPv4IPIPTunnelAddr because of Tag: ipv4 '] },
  { name: 'node mac', r: res('Node', 'node1', { vxlanTunnelMACAddr: 'not-a-mac' }), expect: ['VXLANTunnelMACAddr: Reason'] },
  { name: 'node address with its prefix (as Calico lists BGP addresses)', r: res('Node', 'node1', { addresses: [{ address: '10.0.0.1/8', type: 'CalicoNodeIP' }, { address: 'fd00::5/64' }] }), expect: [] },
  { name: 'node address', r: res('Node', 'node1', { addresses: [{ address: '10.0.0.1/40' }, { address: 'node1.example' }] }), expect: ['Address: Reason: failed to validate Field: Address because of Tag: net ', 'Address: Reason: failed to validate Field: Address because of Tag: net '] },
  { name: 'node wireguard key', r: { ...res('Node', 'node1', {}), status: { wireguardPublicKey: 'short' } }, expect: ['WireguardPublicKey: Reason'] },
  { name: 'node good wireguard key', r: { ...res('Node', 'node1', {}), status: { wireguardPublicKey: WG_KEY } }, expect: [] },
  { name: 'profile', r: res('Profile', 'kns.default', { labelsToApply: { 'pcns.name': 'default' }, ingress: [{ action: 'Allow' }], egress: [{ action: 'Allow', protocol: 'TCP', destination: { ports: [443] } }] }), expect: [] },
  { name: 'profile labels', r: res('Profile', 'p', { labelsToApply: { 'bad key': 'v' } }), expect: ['LabelsToApply: Reason: failed to validate Field: LabelsToApply because of Tag: labels '] },
  { name: 'profile rule ports', r: res('Profile', 'p', { ingress: [{ action: 'Allow', destination: { ports: [80] } }] }), expect: ['Destination.Ports: rules with numeric port or port range must set protocol to TCP or UDP or SCTP'] },
  { name: 'tier', r: res('Tier', 'security', { order: 100, defaultAction: 'Pass' }), expect: [] },
  { name: 'tier dotted', r: res('Tier', 'a.b', { order: 1 }), expect: ["Metadata.Name: name must consist of lower case alphanumeric characters or '-' (regex: [a-z0-9]([-a-z0-9]*[a-z0-9])?)"] },
  { name: 'tier long', r: res('Tier', 'a'.repeat(64), {}), expect: ['Metadata.Name: name is too long by 1 bytes'] },
  { name: 'tier action', r: res('Tier', 't', { defaultAction: 'Allow' }), expect: ['spec.defaultAction: supported values: "Pass", "Deny"'] },
  { name: 'built-in default tier', r: res('Tier', 'default', { order: 1000000, defaultAction: 'Deny' }), expect: [] },
  { name: 'built-in kube-admin tier', r: res('Tier', 'kube-admin', { order: 1000, defaultAction: 'Pass' }), expect: [] },
  { name: 'default tier changed', r: res('Tier', 'default', { order: 5, defaultAction: 'Pass' }), expect: ["Tier: The 'default' tier must have default action 'Deny'", 'Tier: default tier order must be 1000000'] },
  { name: 'kube-baseline changed', r: res('Tier', 'kube-baseline', { order: 10000000, defaultAction: 'Deny' }), expect: ["Tier: The 'kube-baseline' tier must have default action 'Pass'"] },
  { name: 'sknp', r: res('StagedKubernetesNetworkPolicy', 'k1', { stagedAction: 'Set', podSelector: { matchLabels: { app: 'x' } }, policyTypes: ['Ingress'] }, { namespace: 'default' }), expect: [] },
  { name: 'sknp delete with fields', r: res('StagedKubernetesNetworkPolicy', 'k1', { stagedAction: 'Delete', policyTypes: ['Ingress'] }), expect: ['StagedKubernetesNetworkPolicySpec: Spec fields should all be zero-value if stagedAction is Delete'] },
  { name: 'sknp operator', r: res('StagedKubernetesNetworkPolicy', 'k1', { podSelector: { matchExpressions: [{ key: 'a', operator: 'Equals' }] } }), expect: ['spec.podSelector.matchExpressions[0].operator: supported values'] },
];

describe('Node, Profile, Tier, SKNP validate', () => {
  for (const c of CASES) it(c.name, () => check(c));
});

describe('Tier defaults and sorting', () => {
  it('defaults order and action only when unset', () => {
    expect(kind('tier').defaults!(res('Tier', 't')).spec).toEqual({ order: 1000000, defaultAction: 'Deny' });
    expect(kind('tier').defaults!(res('Tier', 't', { order: 5, defaultAction: 'Pass' })).spec).toEqual({ order: 5, defaultAction: 'Pass' });
  });

  it('sorts by order with unset orders last', () => {
    const t = (name: string, order?: number) => res('Tier', name, order === undefined ? {} : { order });
    const sorted = kind('tier').sortList!([t('default', 1000000), t('t1', 2000000), t('kube-baseline', 10000000), t('none'), t('kube-admin', 1000), t('t2', 10)]);
    expect(sorted.map((r) => r.metadata.name)).toEqual(['t2', 'kube-admin', 'default', 't1', 'kube-baseline', 'none']);
  });

  it('prints order in Go float form', () => {
    expect(cells(res('Tier', 'default', { order: 1000000 }), ['NAME', 'ORDER'])).toEqual(['default', '1e+06']);
    expect(cells(res('Tier', 'kube-admin', { order: 1000 }), ['ORDER'])).toEqual(['1000']);
    expect(cells(res('Tier', 'x'), ['ORDER'])).toEqual(['<nil>']);
  });
});

describe('Node columns', () => {
  const wide = ['NAME', 'ASN', 'IPV4', 'IPV6'];
  it('uses the node AS number, else the global one in parentheses', () => {
    expect(cells(res('Node', 'n1', { bgp: { ipv4Address: '10.0.0.1/24', asNumber: 65001 } }), wide)).toEqual(['n1', '65001', '10.0.0.1/24', '']);
    expect(cells(res('Node', 'n1', { bgp: { ipv6Address: 'fd00::1/64' } }), wide)).toEqual(['n1', '(64512)', '', 'fd00::1/64']);
    expect(cells(res('Node', 'n1', { bgp: { ipv4Address: '10.0.0.1/24' } }), ['ASN'], { globalASNumber: '63400' })).toEqual(['(63400)']);
  });
  it('prints nothing for a node without BGP', () => {
    expect(cells(res('Node', 'n1', {}), wide)).toEqual(['n1', '', '', '']);
  });
});

describe('Profile and SKNP columns', () => {
  it('Profile LABELS are sorted k=v pairs', () => {
    expect(cells(res('Profile', 'p', { labelsToApply: { z: '1', a: '2' } }), ['NAME', 'LABELS'])).toEqual(['p', 'a=2,z=1']);
    expect(cells(res('Profile', 'p', {}), ['LABELS'])).toEqual(['']);
  });

  it('PODSELECTOR prints the Go form of the label selector', () => {
    const r = res('StagedKubernetesNetworkPolicy', 'k', {
      podSelector: { matchLabels: { b: 'y', a: 'x' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe', 'be'] }] },
    });
    expect(cells(r, ['PODSELECTOR'])).toEqual([
      '&LabelSelector{MatchLabels:map[string]string{a: x,b: y,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:tier,Operator:In,Values:[fe be],},},}',
    ]);
    expect(cells(res('StagedKubernetesNetworkPolicy', 'k', {}), ['PODSELECTOR'])).toEqual([
      '&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}',
    ]);
  });

  it('SKNP defaults stagedAction to Set', () => {
    const out = kind('sknp').defaults!(res('StagedKubernetesNetworkPolicy', 'k', {}));
    expect(out.spec?.stagedAction).toBe('Set');
    expect(problems(out)).toEqual([]);
  });
});

describe('inline schemas', () => {
  it('are whole-object schemas with the spec fields Calico has', () => {
    const spec = (k: string) => ((kind(k).inlineSchema as { properties: { spec: { properties: Record<string, unknown> } } }).properties.spec.properties);
    expect(Object.keys(spec('node'))).toEqual(expect.arrayContaining(['bgp', 'ipv4VXLANTunnelAddr', 'vxlanTunnelMACAddr', 'ipv6VXLANTunnelAddr', 'vxlanTunnelMACAddrV6', 'orchRefs', 'wireguard', 'addresses']));
    expect(Object.keys(spec('wep'))).toEqual(expect.arrayContaining(['orchestrator', 'workload', 'node', 'containerID', 'pod', 'endpoint', 'ipNetworks', 'ipNATs', 'profiles', 'interfaceName', 'mac', 'ports']));
    expect(Object.keys(spec('profile')).sort()).toEqual(['egress', 'ingress', 'labelsToApply']);
  });
});
