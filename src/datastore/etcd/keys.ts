/**
 * etcd v3 key layout for Calico v3 resources. This is the only module that knows the paths:
 *
 *   cluster-scoped: /calico/resources/v3/projectcalico.org/<plural>/<name>
 *   namespaced:     /calico/resources/v3/projectcalico.org/<plural>/<namespace>/<name>
 *
 * Names are written unescaped; when a key is parsed `%2f` → `/` and `%25` → `%`.
 */
import type { KindDefinition } from '../../resources/types.js';

export const RESOURCES_ROOT = '/calico/resources/v3/projectcalico.org/';

/** The plural segment of a kind's keys (always lower case, e.g. `bgpfilters`). */
export function pluralOf(kind: KindDefinition): string {
  return kind.plural.toLowerCase();
}

/** Exact key of one object. `namespace` is required for namespaced kinds and ignored otherwise. */
export function resourceKey(kind: KindDefinition, name: string, namespace?: string): string {
  if (kind.scope === 'Namespaced') {
    return `${RESOURCES_ROOT}${pluralOf(kind)}/${namespace ?? ''}/${name}`;
  }
  return `${RESOURCES_ROOT}${pluralOf(kind)}/${name}`;
}

/**
 * Prefix (ending in `/`) covering every object of a kind, or — for a namespaced kind with a
 * namespace — every object in that namespace. The trailing `/` keeps `/a` from matching `/ab`.
 */
export function listPrefix(kind: KindDefinition, namespace?: string): string {
  if (kind.scope === 'Namespaced' && namespace !== undefined && namespace !== '') {
    return `${RESOURCES_ROOT}${pluralOf(kind)}/${namespace}/`;
  }
  return `${RESOURCES_ROOT}${pluralOf(kind)}/`;
}

export interface ParsedKey {
  plural: string;
  namespace?: string;
  name: string;
}

/** `%2f` → `/`, then `%25` → `%` (lower-case `%2f` only, as Calico does). */
function unescapeSegment(s: string): string {
  return s.replaceAll('%2f', '/').replaceAll('%25', '%');
}

/**
 * Parses a v3 key for `kind`. Strict: the key must start with the resources root and the
 * plural of `kind`, and have exactly 6 segments (cluster) or 7 (namespaced); anything else
 * gives undefined.
 */
export function parseResourceKey(kind: KindDefinition, key: string): ParsedKey | undefined {
  if (!key.startsWith(RESOURCES_ROOT)) return undefined;
  const segments = key.split('/');
  // ['', 'calico', 'resources', 'v3', 'projectcalico.org', plural, (ns,) name]
  const plural = pluralOf(kind);
  if (segments[5] !== plural) return undefined;
  if (kind.scope === 'Namespaced') {
    if (segments.length !== 8) return undefined;
    const ns = segments[6]!;
    const name = segments[7]!;
    if (name === '') return undefined;
    return { plural, namespace: unescapeSegment(ns), name: unescapeSegment(name) };
  }
  if (segments.length !== 7) return undefined;
  const name = segments[6]!;
  if (name === '') return undefined;
  return { plural, name: unescapeSegment(name) };
}

/** The key just past every key starting with `prefix` (etcd's range_end for a prefix read). */
export function prefixRangeEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i] = end[i]! + 1;
      return end.subarray(0, i + 1);
    }
  }
  // Every byte 0xff: range to the end of the keyspace.
  return Buffer.from([0]);
}
