/**
 * The OpenAPI pass Calico runs in etcd mode (and for `calicoctl validate`) against a kind's
 * CRD schema: every enum, pattern, range, length, item count, required field and `format:
 * cidr` declared in src/resources/schema/generated. Problems are reported as the API server
 * words them: field = the CRD path (`spec.ipipMode`, `spec.ingress[0].action`), reason = the
 * detail (`supported values: "Never", "Always", "CrossSubnet"`), no value.
 *
 * Only kinds with a CRD get this pass (Node, WorkloadEndpoint and Profile do not).
 */
import type { FieldError } from '../../errors.js';
import type { KindDefinition, Resource } from '../types.js';
import { parseCIDR } from '../validation/net.js';
import { supportedValues } from '../validation/problems.js';
import { compileRules, type RuleNode } from './crd-rules.js';
import { isCRDValid, runeLength } from './crd-valid.js';
import { readGeneratedSchema } from './load.js';

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** metadata is checked by the kind (Calico's own name/label rules), not by the CRD schema. */
const CHECKED = ['spec', 'status'] as const;

/** A checked part of the object with its rules. */
interface Part {
  readonly key: (typeof CHECKED)[number];
  readonly node: RuleNode;
}

const compiled = new WeakMap<KindDefinition, readonly Part[] | null>();

/** The kind's checked parts (compiled once per kind); undefined when it has no CRD rules. */
function partsFor(def: KindDefinition): readonly Part[] | undefined {
  let parts = compiled.get(def);
  if (parts === undefined) {
    const node = def.schemaName === undefined ? undefined : compileRules(readGeneratedSchema(def.schemaName).schema);
    parts = node
      ? CHECKED.flatMap((key) => {
          const child = node.props?.get(key);
          return child ? [{ key, node: child }] : [];
        })
      : null;
    compiled.set(def, parts);
  }
  return parts ?? undefined;
}

/** Go prints float64 bounds with %v: integers without a fraction. */
const bound = (n: number): string => String(n);

function enumHas(allowed: readonly unknown[], v: unknown): boolean {
  return allowed.some((a) => a === v);
}

/**
 * The path is kept as segments (`spec`, `.ingress`, `[0]`) and only joined when a problem is
 * reported: most values are fine, and building every path string would dominate the pass.
 */
type Path = string[];
const at = (path: Path): string => path.join('');

function checkScalar(out: FieldError[], node: RuleNode, path: Path, v: unknown): void {
  if (node.enum && !enumHas(node.enum, v)) {
    out.push({ field: at(path), reason: supportedValues(node.enum as (string | number)[]) });
  }
  if (typeof v === 'string') {
    if (node.maxLength !== undefined && v.length > node.maxLength && runeLength(v) > node.maxLength) {
      out.push({ field: at(path), reason: `may not be longer than ${node.maxLength}` });
    }
    if (node.minLength !== undefined && runeLength(v) < node.minLength) {
      out.push({ field: at(path), reason: `should be at least ${node.minLength} chars long` });
    }
    if (node.pattern && !node.pattern.test(v)) {
      out.push({ field: at(path), reason: `should match '${node.patternText}'` });
    }
    if (node.format === 'cidr' && !parseCIDR(v)) {
      out.push({ field: at(path), reason: `${at(path)} in body must be of type cidr: ${JSON.stringify(v)}` });
    }
  } else if (typeof v === 'number') {
    if (node.minimum !== undefined && (node.exclusiveMinimum ? v <= node.minimum : v < node.minimum)) {
      out.push({ field: at(path), reason: `should be greater than ${node.exclusiveMinimum ? '' : 'or equal to '}${bound(node.minimum)}` });
    }
    if (node.maximum !== undefined && (node.exclusiveMaximum ? v >= node.maximum : v > node.maximum)) {
      out.push({ field: at(path), reason: `should be less than ${node.exclusiveMaximum ? '' : 'or equal to '}${bound(node.maximum)}` });
    }
  }
}

function walk(out: FieldError[], node: RuleNode, path: Path, v: unknown): void {
  if (v === undefined || v === null) return;
  if (node.allOf) for (const sub of node.allOf) walk(out, sub, path, v);
  if (Array.isArray(v)) {
    if (node.maxItems !== undefined && v.length > node.maxItems) {
      out.push({ field: at(path), reason: `must have at most ${node.maxItems} items` });
    }
    if (node.minItems !== undefined && v.length < node.minItems) {
      out.push({ field: at(path), reason: `should have at least ${node.minItems} items` });
    }
    if (node.enum && !node.enum.some((a) => JSON.stringify(a) === JSON.stringify(v))) {
      out.push({ field: at(path), reason: supportedValues(node.enum as (string | number)[]) });
    }
    if (node.set && v.length > 1) {
      const seen = new Set<string>();
      v.forEach((item, i) => {
        const key = JSON.stringify(item);
        if (seen.has(key)) out.push({ field: `${at(path)}[${i}]`, reason: `Duplicate value: ${key}` });
        seen.add(key);
      });
    }
    const items = node.items;
    if (items) {
      for (let i = 0; i < v.length; i++) {
        path.push(`[${i}]`);
        walk(out, items, path, v[i]);
        path.pop();
      }
    }
    return;
  }
  if (isObj(v)) {
    if (node.required) {
      for (const r of node.required) {
        if (v[r] === undefined || v[r] === null) out.push({ field: at([...path, path.length === 0 ? r : `.${r}`]), reason: 'Required value' });
      }
    }
    const props = node.props;
    if (props) {
      for (const k in v) {
        const child = props.get(k);
        if (child === undefined) continue;
        path.push(path.length === 0 ? k : `.${k}`);
        walk(out, child, path, v[k]);
        path.pop();
      }
    }
    if (node.values) {
      for (const [k, item] of Object.entries(v)) {
        path.push(`[${k}]`);
        walk(out, node.values, path, item);
        path.pop();
      }
    }
    return;
  }
  checkScalar(out, node, path, v);
}

/**
 * Whether `r` passes its kind's CRD schema (true when the kind has no CRD): the yes/no form
 * of crdSchemaFullProblems (see ./crd-valid.ts), without building paths.
 */
export function crdSchemaValid(def: KindDefinition, r: Resource): boolean {
  const parts = partsFor(def);
  if (!parts) return true;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const v = r[part.key];
    if (v !== undefined && !isCRDValid(part.node, v)) return false;
  }
  return true;
}

/** Every OpenAPI problem of `r`, always found by walking the whole object. */
export function crdSchemaFullProblems(def: KindDefinition, r: Resource): FieldError[] {
  const out: FieldError[] = [];
  for (const part of partsFor(def) ?? []) {
    const v = r[part.key];
    if (v !== undefined) walk(out, part.node, [part.key], v);
  }
  return out;
}

/** Every OpenAPI problem of `r` against its kind's CRD schema (empty when none, or no CRD). */
export function crdSchemaProblems(def: KindDefinition, r: Resource): FieldError[] {
  return crdSchemaValid(def, r) ? [] : crdSchemaFullProblems(def, r);
}

/**
 * Merges the CRD pass into a kind's own problems: a problem on a field the kind already
 * reported (the same CRD path, hand-written with the same or a more precise reason) is left
 * out, so nothing is reported twice.
 */
export function withCRDProblems(def: KindDefinition, r: Resource, own: FieldError[]): FieldError[] {
  const extra = crdSchemaProblems(def, r);
  if (extra.length === 0) return own;
  const seen = new Set(own.map((e) => e.field));
  const out = own.slice();
  for (const e of extra) {
    if (!seen.has(e.field)) out.push(e);
  }
  return out;
}
