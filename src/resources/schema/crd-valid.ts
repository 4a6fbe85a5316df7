/**
 * A yes/no form of the CRD (OpenAPI) pass in ./crd-check.ts: true exactly when the checker
 * would report nothing for the value. Most objects of a bulk apply are valid, so the checker
 * (which builds paths and problem lists) only runs for the values this refuses. It is one
 * small recursive function over the compiled rule nodes (all of one shape), which V8
 * optimises after a few objects.
 *
 * Every condition here mirrors one in crd-check.ts `walk`/`checkScalar`; keep them in step.
 */
import { parseCIDR } from '../validation/net.js';
import type { RuleNode } from './crd-rules.js';

/** maxLength/minLength count characters (runes), not UTF-16 units. */
export function runeLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Two items are duplicates when their JSON texts are equal (two strings: when they are equal). */
function sameJSON(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The `x-kubernetes-list-type: set` rule: no two items with the same JSON. */
function noDuplicates(a: readonly unknown[]): boolean {
  if (a.length > 16) return new Set(a.map((x) => JSON.stringify(x))).size === a.length;
  for (let i = 1; i < a.length; i++) {
    for (let j = 0; j < i; j++) if (sameJSON(a[i], a[j])) return false;
  }
  return true;
}

function validString(n: RuleNode, s: string): boolean {
  if (n.maxLength !== undefined && s.length > n.maxLength && runeLength(s) > n.maxLength) return false;
  if (n.minLength !== undefined && runeLength(s) < n.minLength) return false;
  if (n.pattern !== undefined && !n.pattern.test(s)) return false;
  return n.format !== 'cidr' || parseCIDR(s) !== undefined;
}

function validNumber(n: RuleNode, x: number): boolean {
  if (n.minimum !== undefined && (n.exclusiveMinimum ? x <= n.minimum : x < n.minimum)) return false;
  return !(n.maximum !== undefined && (n.exclusiveMaximum ? x >= n.maximum : x > n.maximum));
}

function validArray(n: RuleNode, a: unknown[]): boolean {
  if (n.maxItems !== undefined && a.length > n.maxItems) return false;
  if (n.minItems !== undefined && a.length < n.minItems) return false;
  if (n.enum !== undefined) {
    const text = JSON.stringify(a);
    if (!n.enum.some((e) => JSON.stringify(e) === text)) return false;
  }
  if (n.set && a.length > 1 && !noDuplicates(a)) return false;
  const items = n.items;
  if (items !== undefined) {
    for (let i = 0; i < a.length; i++) if (!isCRDValid(items, a[i])) return false;
  }
  return true;
}

function validObject(n: RuleNode, o: Record<string, unknown>): boolean {
  const required = n.required;
  if (required !== undefined) {
    for (let i = 0; i < required.length; i++) {
      const x = o[required[i]!];
      if (x === undefined || x === null) return false;
    }
  }
  const props = n.props;
  if (props !== undefined) {
    for (const k in o) {
      const child = props.get(k);
      if (child !== undefined && !isCRDValid(child, o[k])) return false;
    }
  }
  const values = n.values;
  if (values !== undefined) {
    for (const x of Object.values(o)) if (!isCRDValid(values, x)) return false;
  }
  return true;
}

/** True when the CRD checker reports no problem for `v` against `n`. */
export function isCRDValid(n: RuleNode, v: unknown): boolean {
  if (v === undefined || v === null) return true;
  const allOf = n.allOf;
  if (allOf !== undefined) {
    for (let i = 0; i < allOf.length; i++) if (!isCRDValid(allOf[i]!, v)) return false;
  }
  if (Array.isArray(v)) return validArray(n, v);
  if (typeof v === 'object') return validObject(n, v as Record<string, unknown>);
  // The checker compares with ===: NaN is in no enum (`includes` alone would find a NaN).
  if (n.enum !== undefined && (v !== v || !n.enum.includes(v))) return false;
  if (typeof v === 'string') return validString(n, v);
  if (typeof v === 'number') return validNumber(n, v);
  return true;
}
