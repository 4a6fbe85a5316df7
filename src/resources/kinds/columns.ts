/**
 * Cell helpers shared by the kind files. Cells mimic Go template printing of Calico's v3
 * structs: an unset pointer prints `<nil>`, an unset bool `false`, an unset string ``,
 * floats print as Go's %v (`1e+06`), lists join with `,`.
 */
import type { ColumnValue, Resource } from '../types.js';
import { isObj } from '../validation/values.js';

export function specOf(r: Resource): Record<string, unknown> {
  return isObj(r.spec) ? r.spec : {};
}

/** A value at a dotted path under spec (`spec('bgp.asNumber')`). */
export function specAt(r: Resource, path: string): unknown {
  let cur: unknown = specOf(r);
  for (const key of path.split('.')) {
    if (!isObj(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/** Go's %v for a float64: shortest digits; exponent form (`1e+06`) when exp < -4 or exp >= 6. */
export function goFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return '0';
  const [mant, e] = n.toExponential().split('e') as [string, string];
  const exp = Number(e);
  if (exp < -4 || exp >= 6) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(n);
}

/** Go %v of a scalar; '' for undefined/null. */
export function goValue(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloat(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return JSON.stringify(v);
}

/** A pointer field: `<nil>` when unset. */
export function goPointer(v: unknown): string {
  return v === undefined || v === null ? '<nil>' : goValue(v);
}

/** A float64 pointer field (policy/tier order): `<nil>` when unset, Go %v otherwise. */
export function goFloatPointer(v: unknown): string {
  if (v === undefined || v === null) return '<nil>';
  return typeof v === 'number' ? goFloat(v) : goValue(v);
}

/** A non-pointer bool field: `false` when unset. */
export function goBool(v: unknown): string {
  return v === true ? 'true' : 'false';
}

/** calicoctl's `join`: lists joined by sep; maps as sorted `k=v`. */
export function join(v: unknown, sep = ','): string {
  if (Array.isArray(v)) return v.map((x) => (isObj(x) ? goStruct(x) : goValue(x))).join(sep);
  if (isObj(v)) {
    return Object.keys(v)
      .sort()
      .map((k) => `${k}=${goValue(v[k])}`)
      .join(sep);
  }
  return '';
}

/** calicoctl's `joinAndTruncate`: join, and when longer than max keep max-3 chars + `...`. */
export function joinAndTruncate(v: unknown, sep: string, max: number): string {
  const s = join(v, sep);
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}

/** Go's %v of a struct value: `{a b}` (field values in order, space separated). */
export function goStruct(o: Record<string, unknown>): string {
  return `{${Object.values(o).map(goValue).join(' ')}}`;
}

export const nameColumn: ColumnValue = (r) => r.metadata?.name ?? '';
export const namespaceColumn: ColumnValue = (r) => r.metadata?.namespace ?? '';

/** A column showing a spec field with Go's scalar printing. */
export function specColumn(path: string): ColumnValue {
  return (r) => goValue(specAt(r, path));
}
