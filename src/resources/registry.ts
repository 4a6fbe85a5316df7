/**
 * The one list of kinds, and lookups over it. Adding a kind = one file in ./kinds plus one
 * line in KINDS.
 */
import { UsageError } from '../errors.js';
import { registerKinds } from './kind-catalog.js';
import type { KindDefinition } from './types.js';
import { bgpConfiguration } from './kinds/bgpconfiguration.js';
import { bgpFilter } from './kinds/bgpfilter.js';
import { bgpPeer } from './kinds/bgppeer.js';
import { calicoNodeStatus } from './kinds/caliconodestatus.js';
import { clusterInformation } from './kinds/clusterinformation.js';
import { felixConfiguration } from './kinds/felixconfiguration.js';
import { globalNetworkPolicy } from './kinds/globalnetworkpolicy.js';
import { globalNetworkSet } from './kinds/globalnetworkset.js';
import { hostEndpoint } from './kinds/hostendpoint.js';
import { ipamConfiguration } from './kinds/ipamconfiguration.js';
import { ipPool } from './kinds/ippool.js';
import { ipReservation } from './kinds/ipreservation.js';
import { kubeControllersConfiguration } from './kinds/kubecontrollersconfiguration.js';
import { networkPolicy } from './kinds/networkpolicy.js';
import { networkSet } from './kinds/networkset.js';
import { node } from './kinds/node.js';
import { profile } from './kinds/profile.js';
import { stagedGlobalNetworkPolicy } from './kinds/stagedglobalnetworkpolicy.js';
import { stagedKubernetesNetworkPolicy } from './kinds/stagedkubernetesnetworkpolicy.js';
import { stagedNetworkPolicy } from './kinds/stagednetworkpolicy.js';
import { tier } from './kinds/tier.js';
import { workloadEndpoint } from './kinds/workloadendpoint.js';

export const KINDS: readonly KindDefinition[] = Object.freeze([
  bgpConfiguration,
  bgpFilter,
  bgpPeer,
  clusterInformation,
  felixConfiguration,
  globalNetworkPolicy,
  globalNetworkSet,
  hostEndpoint,
  ipPool,
  ipReservation,
  kubeControllersConfiguration,
  networkPolicy,
  networkSet,
  node,
  profile,
  stagedGlobalNetworkPolicy,
  stagedKubernetesNetworkPolicy,
  stagedNetworkPolicy,
  tier,
  workloadEndpoint,
  ipamConfiguration,
  calicoNodeStatus,
]);

// Code that looks kinds up through kind-catalog.ts sees every kind once this module is loaded.
registerKinds(KINDS, true);

/** Lower-cased alias → kind, built once; a duplicate alias is a programming error. */
function buildAliasIndex(kinds: readonly KindDefinition[]): ReadonlyMap<string, KindDefinition> {
  const index = new Map<string, KindDefinition>();
  for (const def of kinds) {
    for (const alias of def.aliases) {
      const key = alias.toLowerCase();
      const other = index.get(key);
      if (other && other !== def) {
        throw new Error(`resource alias '${key}' is registered for both ${other.kind} and ${def.kind}`);
      }
      index.set(key, def);
    }
  }
  return index;
}

const ALIASES = buildAliasIndex(KINDS);

/** The kind a command-line name refers to (case-insensitive over the aliases). */
export function findKind(nameOrAlias: string): KindDefinition | undefined {
  return ALIASES.get(nameOrAlias.toLowerCase());
}

/** Like findKind, but an unknown name is a usage error, worded as calicoctl words it. */
export function lookupKind(nameOrAlias: string): KindDefinition {
  const def = findKind(nameOrAlias);
  if (!def) throw new UsageError(`resource type '${nameOrAlias}' is not supported`);
  return def;
}

/** The kind of a document's `kind` field (every kind is registered above, so all are found). */
export { kindForDocument } from './kind-catalog.js';

/** Lower-cased kind names listed in help ("Valid resource types"), sorted. */
export function helpKindNames(): string[] {
  return KINDS.filter((k) => k.listedInHelp)
    .map((k) => k.kind.toLowerCase())
    .sort();
}

/** Exposed for tests: the duplicate-alias check itself. */
export const _buildAliasIndex = buildAliasIndex;
