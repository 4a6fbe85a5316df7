/**
 * `get -l/--selector`: a Calico selector over metadata.labels, applied client side to the listed
 * resources (so it behaves the same on every datastore). An extension: calicoctl has no such flag.
 */
import { UsageError } from '../errors.js';
import type { Resource } from '../resources/types.js';

export type ResourceFilter = (r: Resource) => boolean;

/**
 * The filter for `selector`, or undefined when none was given. Checks everything that can be
 * checked offline, so a bad selector fails before the datastore is contacted.
 */
export async function selectorFilter(selector: string | undefined, names: readonly string[], byFile: boolean): Promise<ResourceFilter | undefined> {
  if (selector === undefined) return undefined;
  if (byFile) throw new UsageError('a label selector (-l/--selector) cannot be combined with --filename');
  if (names.length > 0) throw new UsageError('a label selector (-l/--selector) lists resources: it cannot be combined with resource names');
  const { SelectorError, compileSelector } = await import('../resources/selector/index.js');
  try {
    const match = compileSelector(selector);
    return (r) => match(r.metadata.labels ?? {});
  } catch (e) {
    if (e instanceof SelectorError) throw new UsageError(`invalid selector ${JSON.stringify(selector)}: ${e.message}`);
    throw e;
  }
}
