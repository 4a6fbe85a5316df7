/** Minimal KindDefinitions for datastore tests (independent of src/resources/kinds). */
import type { KindDefinition, Scope } from '../../src/resources/types.js';

function kind(k: string, plural: string, scope: Scope, isPolicy = false): KindDefinition {
  return {
    kind: k,
    plural,
    scope,
    isPolicy,
    aliases: [],
    listedInHelp: true,
    goSpecType: `${k}Spec`,
    columns: { ps: [], wide: [], values: {} },
  };
}

export const GlobalNetworkSet = kind('GlobalNetworkSet', 'globalnetworksets', 'Cluster');
export const NetworkSet = kind('NetworkSet', 'networksets', 'Namespaced');
export const GlobalNetworkPolicy = kind('GlobalNetworkPolicy', 'globalnetworkpolicies', 'Cluster', true);
export const NetworkPolicy = kind('NetworkPolicy', 'networkpolicies', 'Namespaced', true);
export const IPPool = kind('IPPool', 'ippools', 'Cluster');
export const Profile = kind('Profile', 'profiles', 'Cluster');
export const BGPFilter = kind('BGPFilter', 'bgpfilters', 'Cluster');
