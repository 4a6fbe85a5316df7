/**
 * Go field names on JSON objects. calicoctl's templates address Go structs (`.ObjectMeta.Name`,
 * `.Spec.CIDR`, `.Spec.IPIPMode`); our objects are JSON maps (`metadata.name`, `spec.cidr`,
 * `spec.ipipMode`). A field resolves, in order, to: the exact key; a key equal ignoring case
 * (Go names are the JSON names re-cased); a known renamed field; the embedded structs
 * (`ObjectMeta`/`ListMeta` are `metadata`, `TypeMeta` is the object itself); and, as Go
 * promotes the fields of embedded ObjectMeta/ListMeta, a key of `metadata` (`.Name`).
 */
import { compareStrings, isMap, type GoMap } from './values.js';

/** Go field names whose JSON name is not just a re-casing. */
const RENAMED: Readonly<Record<string, string>> = {
  ExternalNodesCIDRList: 'externalNodesList',
};

/** The key of m that field `name` denotes directly: exact, else case-insensitive. */
function findKey(m: GoMap, name: string): string | undefined {
  if (Object.hasOwn(m, name)) return name;
  const lower = name.toLowerCase();
  let found: string | undefined;
  for (const k of Object.keys(m)) {
    if (k.toLowerCase() === lower && (found === undefined || compareStrings(k, found) < 0)) found = k;
  }
  return found;
}

function looksLikeResource(m: GoMap): boolean {
  return findKey(m, 'kind') !== undefined || findKey(m, 'apiVersion') !== undefined || findKey(m, 'metadata') !== undefined;
}

/** The value of field `name` of a JSON object, or undefined when there is none. */
export function lookupField(m: GoMap, name: string): unknown {
  const k = findKey(m, name);
  if (k !== undefined) return m[k];
  const renamed = RENAMED[name];
  if (renamed !== undefined) {
    const rk = findKey(m, renamed);
    if (rk !== undefined) return m[rk];
  }
  const metaKey = findKey(m, 'metadata');
  if (name === 'ObjectMeta' || name === 'ListMeta') return metaKey === undefined ? undefined : m[metaKey];
  if (name === 'TypeMeta') return looksLikeResource(m) ? m : undefined;
  if (metaKey !== undefined) {
    const meta = m[metaKey];
    if (isMap(meta)) {
      const mk = findKey(meta, name);
      if (mk !== undefined) return meta[mk];
    }
  }
  return undefined;
}
