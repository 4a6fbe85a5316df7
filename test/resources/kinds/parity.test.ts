import { describe, it, expect } from 'vitest';
import { type Case, check, problems, res } from './util.js';
import { checkBGPPeerFilters, checkIPPoolWithDatastore, checkPolicyTier } from '../../../src/resources/kinds/datastore-rules.js';
import type { DatastoreLookup, Resource } from '../../../src/resources/types.js';

const felix = (spec: Record<string, unknown>) => res('FelixConfiguration', 'default', spec);
const sknp = (spec: Record<string, unknown>) => res('StagedKubernetesNetworkPolicy', 'k1', spec, { namespace: 'default' });
const TAG = (f: string, t: string) => `${f}: Reason: failed to validate Field: ${f} because of Tag: ${t} `;

const CASES: Case[] = [
  { name: 'felix valid tags', r: felix({ wireguardListeningPort: 51820, wireguardRoutingRulePriority: 99, prometheusMetricsHost: '0.0.0.0', bpfDataIfacePattern: '^(eth|ens).*', healthTimeoutOverrides: [{ name: 'InternalDataplaneMainLoop', timeout: '30s' }] }), expect: [] },
  { name: 'felix wireguard port 0', r: felix({ wireguardListeningPort: 0 }), expect: [TAG('WireguardListeningPort', 'gt')] },
  { name: 'felix wireguard v6 port too big', r: felix({ wireguardListeningPortV6: 65536 }), expect: [TAG('WireguardListeningPortV6', 'lte')] },
  { name: 'felix routing rule priority', r: felix({ wireguardRoutingRulePriority: 32766 }), expect: [TAG('WireguardRoutingRulePriority', 'lte')] },
  { name: 'felix elevated route priority', r: felix({ ipv4ElevatedRoutePriority: 0 }), expect: [TAG('IPv4ElevatedRoutePriority', 'gt')] },
  { name: 'felix prometheus host', r: felix({ prometheusMetricsHost: 'bad host!' }), expect: [TAG('PrometheusMetricsHost', 'prometheusHost')] },
  { name: 'felix iface regexp', r: felix({ mtuIfacePattern: '^(eth' }), expect: [TAG('MTUIfacePattern', 'regexp')] },
  { name: 'felix connmark range', r: felix({ bpfExtToServiceConnmark: -1 }), expect: [TAG('BPFExtToServiceConnmark', 'gte')] },
  { name: 'felix health override name', r: felix({ healthTimeoutOverrides: [{ name: 'bad/name', timeout: '1s' }] }), expect: [TAG('HealthTimeoutOverrides[0].Name', 'regexp')] },
  { name: 'sknp valid with rules', r: sknp({ podSelector: { matchLabels: { app: 'x' } }, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ protocol: 'TCP', port: 80 }] }], policyTypes: ['Ingress'] }), expect: [] },
  { name: 'sknp bad port (checked as the converted policy)', r: sknp({ podSelector: {}, ingress: [{ ports: [{ protocol: 'TCP', port: 70000 }] }] }), expect: ['StagedKubernetesNetworkPolicySpec: invalid port 70000: port number must be between 1 and 65535'] },
  { name: 'sknp bad label value becomes a bad selector', r: sknp({ podSelector: { matchLabels: { app: "it's" } } }), expect: ['Selector: Reason: failed to validate Field: Selector because of Tag: selector '] },
  { name: 'rule services: Go and CRD (CEL) reports', r: res('NetworkPolicy', 'p', { egress: [{ action: 'Allow', destination: { services: { namespace: 'x' }, selector: 'a == "b"', nets: ['10.0.0.0/8'] } }] }, { namespace: 'd' }), expect: [
    'Services field: must specify a service name',
    'spec.egress[0].destination: services must specify a service name',
    'spec.egress[0].destination: cannot specify Selector/NotSelector and Services on the same rule',
    'spec.egress[0].destination: cannot specify Nets/NotNets and Services on the same rule',
  ] },
  { name: 'entity selector global(): CRD path too', r: res('GlobalNetworkPolicy', 'p', { ingress: [{ action: 'Allow', source: { selector: 'global()' } }] }), expect: ['spec.ingress[0].source: global() can only be used in an EntityRule namespaceSelector'] },
  { name: 'profile rules (no CRD): Go report only', r: res('Profile', 'p', { ingress: [{ action: 'Allow', source: { services: { namespace: 'x' } } }] }), expect: ['Services field: must specify a service name'] },
  { name: 'sknp delete skips conversion', r: sknp({ stagedAction: 'Delete' }), expect: [] },
];

describe('per-kind parity', () => {
  for (const c of CASES) it(c.name, () => check(c));

  it('a kind without a CRD gets no CRD-path report', () => {
    const got = problems(res('Profile', 'p', { ingress: [{ action: 'Allow', source: { services: { namespace: 'x' } } }] }));
    expect(got.filter((g) => g.startsWith('spec.'))).toEqual([]);
  });
});

/** An in-memory DatastoreLookup: the hooks are pure functions of what it returns. */
function lookup(objects: Resource[]): DatastoreLookup {
  return {
    list: async (kind) => objects.filter((o) => o.kind === kind),
    get: async (kind, name) => objects.find((o) => o.kind === kind && o.metadata.name === name),
  };
}
const pool = (name: string, cidr: string, blockSize?: number) => res('IPPool', name, { cidr, ...(blockSize ? { blockSize } : {}) });

describe('datastore rules', () => {
  const stored = lookup([pool('a', '10.0.0.0/16', 26), pool('v6', 'fd00::/64', 122), res('Tier', 'default'), res('BGPFilter', 'f1')]);

  const OVERLAP: [string, Resource, string[]][] = [
    ['inside another pool', pool('b', '10.0.128.0/17'), ['IPPool.Spec.CIDR: IPPool(b) CIDR overlaps with IPPool(a) CIDR 10.0.0.0/16']],
    ['containing another pool', pool('b', '10.0.0.0/8'), ['IPPool.Spec.CIDR: IPPool(b) CIDR overlaps with IPPool(a) CIDR 10.0.0.0/16']],
    ['v6 overlap', pool('b', 'fd00::/48'), ['IPPool.Spec.CIDR: IPPool(b) CIDR overlaps with IPPool(v6) CIDR fd00::/64']],
    ['adjacent, no overlap', pool('b', '10.1.0.0/16'), []],
    ['itself (re-apply)', pool('a', '10.0.0.0/16'), []],
  ];
  for (const [name, r, want] of OVERLAP) {
    it(`IPPool create: ${name}`, async () => {
      const got = (await checkIPPoolWithDatastore(r, stored, 'create')).map((e) => `${e.field}: ${e.reason}`);
      expect(got).toEqual(want);
    });
  }

  it('IPPool update: CIDR and blockSize are immutable, canonical rewrites allowed', async () => {
    const old = pool('v6', 'fd00::/64', 122);
    expect(await checkIPPoolWithDatastore(pool('v6', 'FD00:0::/64', 122), stored, 'update', old)).toEqual([]);
    const got = await checkIPPoolWithDatastore(pool('v6', 'fd01::/64', 116), stored, 'update', old);
    expect(got).toEqual([
      { field: 'IPPool.Spec.CIDR', value: 'fd01::/64', reason: 'IPPool CIDR cannot be modified' },
      { field: 'IPPool.Spec.BlockSize', value: 116, reason: 'IPPool BlockSize cannot be modified' },
    ]);
    expect(await checkIPPoolWithDatastore(pool('a', '10.9.0.0/16'), stored, 'update', pool('a', '10.0.0.0/16', 26))).toHaveLength(2);
  });

  it('policy tier must exist on create only', async () => {
    await expect(checkPolicyTier(res('NetworkPolicy', 'p', { tier: 'default' }), stored, 'create')).resolves.toEqual([]);
    await expect(checkPolicyTier(res('NetworkPolicy', 'p', { tier: 'sec' }), stored, 'create')).rejects.toThrow('resource does not exist: Tier(sec) with error: <nil>');
    await expect(checkPolicyTier(res('NetworkPolicy', 'p', { tier: 'sec' }), stored, 'update')).resolves.toEqual([]);
  });

  it('BGPPeer filters must exist', async () => {
    expect(await checkBGPPeerFilters(res('BGPPeer', 'p', { filters: ['f1'] }), stored)).toEqual([]);
    expect(await checkBGPPeerFilters(res('BGPPeer', 'p', { filters: ['f1', 'f2', 'f3'] }), stored)).toEqual([
      { field: 'BGPPeer.Spec.Filters', value: '[f2 f3]', reason: 'BGPFilter(s) not found' },
    ]);
  });
});
