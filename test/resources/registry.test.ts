import { describe, it, expect } from 'vitest';
import { KINDS, _buildAliasIndex, findKind, helpKindNames, kindForDocument, lookupKind } from '../../src/resources/registry.js';
import { UsageError } from '../../src/errors.js';
import type { KindDefinition } from '../../src/resources/types.js';

/** The alias table of calicoctl-features.md §3. */
const TABLE: Record<string, string[]> = {
  BGPConfiguration: ['bgpconfiguration', 'bgpconfigurations', 'bgpconfig', 'bgpconfigs'],
  BGPFilter: ['bgpfilter', 'bgpfilters', 'bgpf', 'bgpfs', 'bf', 'bfs'],
  BGPPeer: ['bgppeer', 'bgppeers', 'bgpp', 'bgpps', 'bp', 'bps'],
  ClusterInformation: ['clusterinformation', 'clusterinformations', 'clusterinfo', 'clusterinfos'],
  FelixConfiguration: ['felixconfiguration', 'felixconfigurations', 'felixconfig', 'felixconfigs'],
  GlobalNetworkPolicy: ['globalnetworkpolicy', 'globalnetworkpolicies', 'gnp', 'gnps'],
  GlobalNetworkSet: ['globalnetworkset', 'globalnetworksets', 'gnetsets'],
  HostEndpoint: ['hostendpoint', 'hostendpoints', 'hep', 'heps'],
  IPPool: ['ippool', 'ippools', 'ipp', 'ipps', 'pool', 'pools'],
  IPReservation: ['ipreservation', 'ipreservations', 'reservation', 'reservations'],
  KubeControllersConfiguration: [
    'kubecontrollersconfiguration',
    'kubecontrollersconfigurations',
    'kubecontrollersconfig',
    'kubecontrollersconfigs',
  ],
  NetworkPolicy: ['networkpolicy', 'networkpolicies', 'policy', 'np', 'policies', 'pol', 'pols'],
  NetworkSet: ['networkset', 'networksets', 'netsets'],
  Node: ['node', 'nodes', 'no', 'nos'],
  Profile: ['profile', 'profiles', 'pro', 'pros'],
  StagedGlobalNetworkPolicy: ['stagedglobalnetworkpolicy', 'stagedglobalnetworkpolicies', 'sgnp', 'sgnps'],
  StagedKubernetesNetworkPolicy: [
    'stagedkubernetesnetworkpolicy',
    'stagedkubernetesnetworkpolicies',
    'stagedkubernetespolicy',
    'sknp',
    'stagedkubernetespolicies',
    'skpol',
    'skpols',
  ],
  StagedNetworkPolicy: ['stagednetworkpolicy', 'stagednetworkpolicies', 'stagedpolicy', 'snp', 'stagedpolicies', 'spol', 'spols'],
  Tier: ['tier', 'tiers'],
  WorkloadEndpoint: ['workloadendpoint', 'workloadendpoints', 'wep', 'weps'],
  IPAMConfiguration: ['ipamconfiguration', 'ipamconfigurations', 'ipamconfig', 'ipamconfigs'],
  CalicoNodeStatus: ['caliconodestatus', 'caliconodestatuses', 'nodestatus', 'nodestatuses'],
};

const NAMESPACED = ['NetworkPolicy', 'StagedNetworkPolicy', 'StagedKubernetesNetworkPolicy', 'NetworkSet', 'WorkloadEndpoint'];

describe('registry', () => {
  it('registers exactly the 22 kinds of the table', () => {
    expect(KINDS.map((k) => k.kind).sort()).toEqual(Object.keys(TABLE).sort());
  });

  for (const [kind, aliases] of Object.entries(TABLE)) {
    it(`resolves every alias of ${kind}, in any case`, () => {
      for (const alias of aliases) {
        expect(findKind(alias)?.kind).toBe(kind);
        expect(findKind(alias.toUpperCase())?.kind).toBe(kind);
        expect(lookupKind(alias[0]!.toUpperCase() + alias.slice(1)).kind).toBe(kind);
      }
      expect([...findKind(kind)!.aliases].sort()).toEqual([...aliases].sort());
    });
  }

  it('refuses unknown kinds with a usage error', () => {
    expect(findKind('ippoolz')).toBeUndefined();
    expect(() => lookupKind('Foo')).toThrow(UsageError);
    expect(() => lookupKind('Foo')).toThrow("resource type 'Foo' is not supported");
  });

  it('has no alias registered twice, and the check catches duplicates', () => {
    const all = KINDS.flatMap((k) => k.aliases.map((a) => a.toLowerCase()));
    expect(new Set(all).size).toBe(all.length);
    const a = { ...KINDS[0]!, kind: 'A', aliases: ['x'] } as KindDefinition;
    const b = { ...KINDS[1]!, kind: 'B', aliases: ['X'] } as KindDefinition;
    expect(() => _buildAliasIndex([a, b])).toThrow(/registered for both A and B/);
  });

  it('matches document kinds exactly, including <Kind>List', () => {
    expect(kindForDocument('IPPool')).toEqual({ def: findKind('ippool'), isList: false });
    expect(kindForDocument('IPPoolList')).toEqual({ def: findKind('ippool'), isList: true });
    expect(kindForDocument('ippool')).toBeUndefined();
    expect(kindForDocument('IPPoolLists')).toBeUndefined();
    expect(kindForDocument('List')).toBeUndefined();
  });

  it('lists the 20 v3.32 kinds in help, lower-cased and sorted', () => {
    const names = helpKindNames();
    expect(names).toHaveLength(20);
    expect(names).toEqual([...names].sort());
    expect(names).toContain('stagedkubernetesnetworkpolicy');
    expect(names).not.toContain('ipamconfiguration');
    expect(names).not.toContain('caliconodestatus');
  });

  for (const def of KINDS) {
    it(`${def.kind} declares plural, scope, schema and consistent columns`, () => {
      expect(def.plural).toMatch(/^[a-z]+$/);
      expect(def.scope).toBe(NAMESPACED.includes(def.kind) ? 'Namespaced' : 'Cluster');
      expect(def.schemaName !== undefined || def.inlineSchema !== undefined).toBe(true);
      expect(def.goSpecType).toBe(`${def.kind}Spec`);
      const headings = Object.keys(def.columns.values);
      for (const h of [...def.columns.ps, ...def.columns.wide]) expect(headings).toContain(h);
      expect(def.columns.ps).not.toContain('NAMESPACE');
      expect(def.columns.wide).not.toContain('NAMESPACE');
      if (def.scope === 'Namespaced') expect(headings).toContain('NAMESPACE');
      expect(def.isPolicy ?? false).toBe(
        ['NetworkPolicy', 'GlobalNetworkPolicy', 'StagedNetworkPolicy', 'StagedGlobalNetworkPolicy'].includes(def.kind),
      );
    });
  }

  it('uses the etcd plurals, with ipamconfigurations backed by the ipamconfigs CRD', () => {
    expect(findKind('ipamconfig')!.plural).toBe('ipamconfigurations');
    expect(findKind('ipamconfig')!.schemaName).toBe('ipamconfigs');
    expect(findKind('bgpfilter')!.plural).toBe('bgpfilters');
    expect(findKind('caliconodestatus')!.plural).toBe('caliconodestatuses');
    for (const k of ['node', 'wep', 'profile']) expect(findKind(k)!.schemaName).toBeUndefined();
  });
});
