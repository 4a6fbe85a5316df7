/**
 * CRD `default:` values, applied the way Calico applies them in etcd mode before validating
 * (in KDD the API server does it): a field that is absent or null, inside an object that is
 * present, gets its default; defaults inside a defaulted value apply too.
 */
import type { KindDefinition, Resource } from '../types.js';
import type { SchemaNode } from './compile.js';
import { rootNode } from './load.js';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function withDefaults(node: SchemaNode, v: unknown): unknown {
  if (!node.defaults) return v;
  if (node.kind === 'object' && isPlainObject(v)) {
    let out: Record<string, unknown> | undefined;
    for (const [name, child] of node.props!) {
      if (!child.defaults) continue;
      const cur = v[name];
      let next: unknown;
      if (cur === undefined || cur === null) {
        if (!child.hasDefault) continue;
        next = withDefaults(child, structuredClone(child.default));
      } else {
        next = withDefaults(child, cur);
      }
      if (next !== cur) (out ??= { ...v })[name] = next;
    }
    return out ?? v;
  }
  if ((node.kind === 'array' && Array.isArray(v)) || (node.kind === 'map' && isPlainObject(v))) {
    const elem = node.elem!;
    if (!elem.defaults) return v;
    if (Array.isArray(v)) {
      const mapped = v.map((item) => (item === null ? item : withDefaults(elem, item)));
      return mapped.some((item, i) => item !== v[i]) ? mapped : v;
    }
    let out: Record<string, unknown> | undefined;
    for (const [k, item] of Object.entries(v)) {
      const next = item === null ? item : withDefaults(elem, item);
      if (next !== item) (out ??= { ...v })[k] = next;
    }
    return out ?? v;
  }
  return v;
}

/**
 * Applies the kind's CRD defaults. Returns a new object when something changed (unchanged
 * parts are shared with the input); never modifies `resource`.
 */
export function applySchemaDefaults(def: KindDefinition, resource: Resource): Resource {
  return withDefaults(rootNode(def), resource) as Resource;
}
