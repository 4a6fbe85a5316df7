/**
 * The resource part of a migration export: one `<Kind>List` YAML document per kind, in the
 * order calicoctl writes them, stripped of datastore-specific metadata and with nodes renamed
 * to their Kubernetes node names.
 */
import type { Datastore } from '../../datastore/types.js';
import { CommandError } from '../../errors.js';
import { findKind } from '../../resources/registry.js';
import { API_VERSION, type Resource } from '../../resources/types.js';
import type { NodeRenames } from './export-ipam.js';

/** Kinds exported, in order (WorkloadEndpoints and Profiles are not exported). */
export const EXPORT_KINDS = [
  'ippools', 'bgppeers', 'tiers', 'globalnetworkpolicies', 'stagedglobalnetworkpolicies',
  'globalnetworksets', 'hostendpoints', 'kubecontrollersconfigurations', 'networkpolicies',
  'stagednetworkpolicies', 'stagedkubernetesnetworkpolicies', 'networksets', 'nodes',
  'bgpconfigurations', 'felixconfigurations', 'ipreservations', 'bgpfilters',
] as const;

const STRIPPED = ['uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds'];
const ACTION_FIELDS = [
  'defaultEndpointToHostAction', 'iptablesFilterAllowAction', 'iptablesMangleAllowAction', 'iptablesFilterDenyAction',
];

const titleCase = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();

/** Node name → the name of its Kubernetes node (every node must have a `k8s` orchRef). */
export function nodeRenames(nodes: readonly Resource[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of nodes) {
    const name = n.metadata.name ?? '';
    const refs = Array.isArray(n.spec?.orchRefs) ? (n.spec.orchRefs as Array<Record<string, unknown>>) : [];
    const k8s = refs.find((r) => r.orchestrator === 'k8s');
    if (!k8s) {
      throw new CommandError(
        `node ${name} missing a 'k8s' orchestrator reference. Unable to export data unless every node has a 'k8s' orchestrator reference`,
      );
    }
    out.set(name, typeof k8s.nodeName === 'string' && k8s.nodeName !== '' ? k8s.nodeName : name);
  }
  return out;
}

function renameResource(plural: string, r: Resource, renames: NodeRenames): Resource {
  const name = r.metadata.name ?? '';
  if (plural === 'nodes') return { ...r, metadata: { ...r.metadata, name: renames.get(name) ?? name } };
  if ((plural === 'felixconfigurations' || plural === 'bgpconfigurations') && name.startsWith('node.')) {
    const node = name.slice('node.'.length);
    return { ...r, metadata: { ...r.metadata, name: `node.${renames.get(node) ?? node}` } };
  }
  return r;
}

function cleaned(plural: string, r: Resource, renames: NodeRenames): Resource {
  const metadata = { ...r.metadata };
  for (const f of STRIPPED) delete metadata[f];
  let out: Resource = renameResource(plural, { ...r, metadata }, renames);
  if (plural === 'felixconfigurations' && out.spec) {
    const spec = { ...out.spec };
    for (const f of ACTION_FIELDS) if (typeof spec[f] === 'string') spec[f] = titleCase(spec[f]);
    out = { ...out, spec };
  }
  return out;
}

/** Reads every exported kind; the node renames are computed before anything is printed. */
export async function exportResources(ds: Datastore): Promise<{ text: string; renames: Map<string, string> }> {
  const { renderYaml } = await import('../../printers/yaml.js');
  const lists = await Promise.all(
    EXPORT_KINDS.map(async (plural) => {
      const def = findKind(plural)!;
      return { plural, def, list: await ds.list(def) };
    }),
  );
  const renames = nodeRenames(lists.find((l) => l.plural === 'nodes')!.list.items);
  let text = '';
  for (const { plural, def, list } of lists) {
    const items = list.items
      .filter((r) => !(plural === 'networkpolicies' && (r.metadata.name ?? '').startsWith('knp.default.')))
      .map((r) => cleaned(plural, r, renames));
    text += renderYaml([{ apiVersion: API_VERSION, kind: `${def.kind}List`, metadata: { resourceVersion: list.revision }, items }]);
    text += '---\n';
  }
  return { text, renames };
}
