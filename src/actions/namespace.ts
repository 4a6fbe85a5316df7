/** calicoctl's namespace rules for resources read from files or named on the command line. */
import { CommandError } from '../errors.js';
import type { KindDefinition, Resource } from '../resources/types.js';

export const DEFAULT_NAMESPACE = 'default';

/**
 * Fills in / checks metadata.namespace of a resource from a file against -n.
 * Returns a new object; throws CommandError with calicoctl's message on a mismatch.
 */
export function resolveNamespace(def: KindDefinition, r: Resource, cliNamespace: string | undefined): Resource {
  const ns = r.metadata.namespace;
  if (def.scope === 'Cluster') {
    if (ns) {
      throw new CommandError(`namespace should not be specified for a non-namespaced resource. ${def.kind} is not a namespaced resource`);
    }
    return r;
  }
  if (ns && cliNamespace && ns !== cliNamespace) {
    throw new CommandError(`resource namespace does not match client namespace. ${ns} != ${cliNamespace}`);
  }
  return { ...r, metadata: { ...r.metadata, namespace: ns || cliNamespace || DEFAULT_NAMESPACE } };
}

/** For KIND [NAME] commands: -n/-A rules. Returns the namespace to use (undefined = all). */
export function namespaceForQuery(
  def: KindDefinition,
  flags: { namespace?: string; 'all-namespaces'?: boolean },
  hasNames: boolean,
): string | undefined {
  const all = Boolean(flags['all-namespaces']);
  if (flags.namespace && all) throw new CommandError('cannot use both --namespace and --all-namespaces flags at the same time');
  if (def.scope === 'Cluster') {
    if (flags.namespace || all) throw new CommandError(`${def.kind} is not namespaced`);
    return undefined;
  }
  if (all && hasNames) throw new CommandError('cannot use --all-namespace flag for getting a single resource');
  if (all) return undefined;
  return flags.namespace || DEFAULT_NAMESPACE;
}
