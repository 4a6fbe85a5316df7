/**
 * The kinds by command-line name, each loaded on demand: a command that reads one kind (`get
 * ippools`) imports that kind's module (and its validators) only, not registry.ts's every
 * kind. Names and aliases mirror the kinds' own definitions; test/resources/kind-index.test.ts
 * checks that they agree with registry.ts, which stays the one list of kinds.
 */
import { UsageError } from '../errors.js';
import type { KindDefinition } from './types.js';

interface LazyKind {
  kind: string;
  aliases: readonly string[];
  load: () => Promise<KindDefinition>;
}

export const LAZY_KINDS: readonly LazyKind[] = [
  {
    kind: 'BGPConfiguration',
    aliases: ['bgpconfiguration', 'bgpconfigurations', 'bgpconfig', 'bgpconfigs'],
    load: async () => (await import('./kinds/bgpconfiguration.js')).bgpConfiguration,
  },
  {
    kind: 'BGPFilter',
    aliases: ['bgpfilter', 'bgpfilters', 'bgpf', 'bgpfs', 'bf', 'bfs'],
    load: async () => (await import('./kinds/bgpfilter.js')).bgpFilter,
  },
  {
    kind: 'BGPPeer',
    aliases: ['bgppeer', 'bgppeers', 'bgpp', 'bgpps', 'bp', 'bps'],
    load: async () => (await import('./kinds/bgppeer.js')).bgpPeer,
  },
  {
    kind: 'ClusterInformation',
    aliases: ['clusterinformation', 'clusterinformations', 'clusterinfo', 'clusterinfos'],
    load: async () => (await import('./kinds/clusterinformation.js')).clusterInformation,
  },
  {
    kind: 'FelixConfiguration',
    aliases: ['felixconfiguration', 'felixconfigurations', 'felixconfig', 'felixconfigs'],
    load: async () => (await import('./kinds/felixconfiguration.js')).felixConfiguration,
  },
  {
    kind: 'GlobalNetworkPolicy',
    aliases: ['globalnetworkpolicy', 'globalnetworkpolicies', 'gnp', 'gnps'],
    load: async () => (await import('./kinds/globalnetworkpolicy.js')).globalNetworkPolicy,
  },
  {
    kind: 'GlobalNetworkSet',
    aliases: ['globalnetworkset', 'globalnetworksets', 'gnetsets'],
    load: async () => (await import('./kinds/globalnetworkset.js')).globalNetworkSet,
  },
  {
    kind: 'HostEndpoint',
    aliases: ['hostendpoint', 'hostendpoints', 'hep', 'heps'],
    load: async () => (await import('./kinds/hostendpoint.js')).hostEndpoint,
  },
  {
    kind: 'IPPool',
    aliases: ['ippool', 'ippools', 'ipp', 'ipps', 'pool', 'pools'],
    load: async () => (await import('./kinds/ippool.js')).ipPool,
  },
  {
    kind: 'IPReservation',
    aliases: ['ipreservation', 'ipreservations', 'reservation', 'reservations'],
    load: async () => (await import('./kinds/ipreservation.js')).ipReservation,
  },
  {
    kind: 'KubeControllersConfiguration',
    aliases: ['kubecontrollersconfiguration', 'kubecontrollersconfigurations', 'kubecontrollersconfig', 'kubecontrollersconfigs'],
    load: async () => (await import('./kinds/kubecontrollersconfiguration.js')).kubeControllersConfiguration,
  },
  {
    kind: 'NetworkPolicy',
    aliases: ['networkpolicy', 'networkpolicies', 'policy', 'np', 'policies', 'pol', 'pols'],
    load: async () => (await import('./kinds/networkpolicy.js')).networkPolicy,
  },
  {
    kind: 'NetworkSet',
    aliases: ['networkset', 'networksets', 'netsets'],
    load: async () => (await import('./kinds/networkset.js')).networkSet,
  },
  {
    kind: 'Node',
    aliases: ['node', 'nodes', 'no', 'nos'],
    load: async () => (await import('./kinds/node.js')).node,
  },
  {
    kind: 'Profile',
    aliases: ['profile', 'profiles', 'pro', 'pros'],
    load: async () => (await import('./kinds/profile.js')).profile,
  },
  {
    kind: 'StagedGlobalNetworkPolicy',
    aliases: ['stagedglobalnetworkpolicy', 'stagedglobalnetworkpolicies', 'sgnp', 'sgnps'],
    load: async () => (await import('./kinds/stagedglobalnetworkpolicy.js')).stagedGlobalNetworkPolicy,
  },
  {
    kind: 'StagedKubernetesNetworkPolicy',
    aliases: ['stagedkubernetesnetworkpolicy', 'stagedkubernetesnetworkpolicies', 'stagedkubernetespolicy', 'sknp', 'stagedkubernetespolicies', 'skpol', 'skpols'],
    load: async () => (await import('./kinds/stagedkubernetesnetworkpolicy.js')).stagedKubernetesNetworkPolicy,
  },
  {
    kind: 'StagedNetworkPolicy',
    aliases: ['stagednetworkpolicy', 'stagednetworkpolicies', 'stagedpolicy', 'snp', 'stagedpolicies', 'spol', 'spols'],
    load: async () => (await import('./kinds/stagednetworkpolicy.js')).stagedNetworkPolicy,
  },
  {
    kind: 'Tier',
    aliases: ['tier', 'tiers'],
    load: async () => (await import('./kinds/tier.js')).tier,
  },
  {
    kind: 'WorkloadEndpoint',
    aliases: ['workloadendpoint', 'workloadendpoints', 'wep', 'weps'],
    load: async () => (await import('./kinds/workloadendpoint.js')).workloadEndpoint,
  },
  {
    kind: 'IPAMConfiguration',
    aliases: ['ipamconfiguration', 'ipamconfigurations', 'ipamconfig', 'ipamconfigs'],
    load: async () => (await import('./kinds/ipamconfiguration.js')).ipamConfiguration,
  },
  {
    kind: 'CalicoNodeStatus',
    aliases: ['caliconodestatus', 'caliconodestatuses', 'nodestatus', 'nodestatuses'],
    load: async () => (await import('./kinds/caliconodestatus.js')).calicoNodeStatus,
  },
];

let byAlias: Map<string, LazyKind> | undefined;

/** The kind a command-line name refers to (case-insensitive over the aliases), loaded. */
export async function loadKind(nameOrAlias: string): Promise<KindDefinition | undefined> {
  byAlias ??= new Map(LAZY_KINDS.flatMap((k) => k.aliases.map((a) => [a.toLowerCase(), k] as const)));
  return byAlias.get(nameOrAlias.toLowerCase())?.load();
}

/** Like loadKind, but an unknown name is a usage error, worded as registry.ts's lookupKind words it. */
export async function requireKind(nameOrAlias: string): Promise<KindDefinition> {
  const def = await loadKind(nameOrAlias);
  if (!def) throw new UsageError(`resource type '${nameOrAlias}' is not supported`);
  return def;
}
