/**
 * Turns an OpenAPI v3 schema (a CRD's openAPIV3Schema, generated into ./generated, or a kind's
 * inline schema) into a small tree the decoder walks without re-reading the schema: per node
 * the JSON shape Go's decoder expects, the Go type name used in messages, and defaults.
 *
 * Inline schemas may name Go types for messages with two extension keys on object nodes:
 * `x-go-struct` (the struct that holds the node's fields, e.g. `EntityRule`) and `x-go-type`
 * (how Go prints the node's own type, e.g. `v3.EntityRule`). Unnamed nested objects report
 * their fields against the nearest named ancestor (the spec type for anything under spec).
 */
import type { KindDefinition } from '../types.js';

export type NodeKind =
  | 'object' | 'map' | 'array' | 'string' | 'time' | 'integer' | 'number' | 'boolean'
  | 'intOrString' | 'any';

export interface SchemaNode {
  readonly kind: NodeKind;
  /** How Go prints this node's type in `cannot unmarshal ... of type <goType>`. */
  readonly goType: string;
  /** For objects: the struct name reported for fields of this object (inherited when absent). */
  readonly struct?: string;
  readonly props?: ReadonlyMap<string, SchemaNode>;
  /** Lower-cased property name → declared name (Go's JSON matching is case-insensitive). */
  readonly folded?: ReadonlyMap<string, string>;
  /** Element of an array or value of a map. */
  readonly elem?: SchemaNode;
  readonly nullable: boolean;
  readonly hasDefault: boolean;
  readonly default?: unknown;
  /** True when this node or anything below it declares a default. */
  readonly defaults: boolean;
  /** Integer range, from format int32/int64. */
  readonly min?: number;
  readonly max?: number;
}

type Raw = Record<string, unknown>;

const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

const ANY: SchemaNode = { kind: 'any', goType: 'interface {}', nullable: true, hasDefault: false, defaults: false };

function intRange(format: unknown): { goType: string; min?: number; max?: number } {
  if (format === 'int32') return { goType: 'int32', min: -(2 ** 31), max: 2 ** 31 - 1 };
  if (format === 'int64') return { goType: 'int64', min: -(2 ** 63), max: 2 ** 63 };
  return { goType: 'int', min: -(2 ** 63), max: 2 ** 63 };
}

/** Compiles one schema node. `struct`/`goType` override what the schema says (root and spec). */
export function compileNode(raw: unknown, names: { struct?: string; goType?: string } = {}): SchemaNode {
  if (!isObj(raw)) return ANY;
  const base = {
    nullable: raw.nullable === true,
    hasDefault: 'default' in raw,
    ...('default' in raw ? { default: raw.default } : {}),
  };
  if (raw['x-kubernetes-preserve-unknown-fields'] === true && !isObj(raw.properties)) {
    return { ...ANY, ...base, defaults: base.hasDefault };
  }
  if (raw['x-kubernetes-int-or-string'] === true) {
    return { kind: 'intOrString', goType: 'int-or-string', ...base, defaults: base.hasDefault };
  }
  const type = raw.type;
  if (type === 'object' || (type === undefined && isObj(raw.properties))) {
    if (isObj(raw.properties)) {
      const props = new Map<string, SchemaNode>();
      const folded = new Map<string, string>();
      for (const [name, child] of Object.entries(raw.properties)) {
        props.set(name, compileNode(child));
        folded.set(name.toLowerCase(), name);
      }
      const struct = names.struct ?? (typeof raw['x-go-struct'] === 'string' ? raw['x-go-struct'] : undefined);
      const goType = names.goType ?? (typeof raw['x-go-type'] === 'string' ? raw['x-go-type'] : 'struct');
      const defaults = base.hasDefault || [...props.values()].some((p) => p.defaults);
      return { kind: 'object', goType, ...(struct ? { struct } : {}), props, folded, ...base, defaults };
    }
    if (raw.additionalProperties !== undefined && raw.additionalProperties !== false) {
      const elem = compileNode(raw.additionalProperties === true ? {} : raw.additionalProperties);
      return { kind: 'map', goType: `map[string]${elem.goType}`, elem, ...base, defaults: base.hasDefault || elem.defaults };
    }
    // `type: object` and nothing else: free-form (e.g. a CRD's metadata); only the shape is checked.
    return { kind: 'map', goType: names.goType ?? 'map[string]interface {}', elem: ANY, ...base, defaults: base.hasDefault };
  }
  if (type === 'array') {
    const elem = compileNode(raw.items);
    return { kind: 'array', goType: `[]${elem.goType}`, elem, ...base, defaults: base.hasDefault || elem.defaults };
  }
  if (type === 'string') {
    const kind: NodeKind = raw.format === 'date-time' ? 'time' : 'string';
    return { kind, goType: kind === 'time' ? 'v1.Time' : 'string', ...base, defaults: base.hasDefault };
  }
  if (type === 'integer') return { kind: 'integer', ...intRange(raw.format), ...base, defaults: base.hasDefault };
  if (type === 'number') return { kind: 'number', goType: 'float64', ...base, defaults: base.hasDefault };
  if (type === 'boolean') return { kind: 'boolean', goType: 'bool', ...base, defaults: base.hasDefault };
  return { ...ANY, ...base, defaults: base.hasDefault };
}

const str = { type: 'string' };
const time = { type: 'string', format: 'date-time' };
const strMap = { type: 'object', additionalProperties: str };
const int64 = { type: 'integer', format: 'int64' };

/** Kubernetes ObjectMeta as Go decodes it (every field a Calico v3 object's metadata may carry). */
export const OBJECT_META_SCHEMA = {
  type: 'object',
  'x-go-struct': 'ObjectMeta',
  'x-go-type': 'v1.ObjectMeta',
  properties: {
    name: str, generateName: str, namespace: str, selfLink: str, uid: str, resourceVersion: str,
    generation: int64, creationTimestamp: time, deletionTimestamp: time,
    deletionGracePeriodSeconds: int64, labels: strMap, annotations: strMap,
    ownerReferences: {
      type: 'array',
      items: {
        type: 'object', 'x-go-struct': 'OwnerReference', 'x-go-type': 'v1.OwnerReference',
        properties: {
          apiVersion: str, kind: str, name: str, uid: str,
          controller: { type: 'boolean' }, blockOwnerDeletion: { type: 'boolean' },
        },
      },
    },
    finalizers: { type: 'array', items: str },
    managedFields: {
      type: 'array',
      items: {
        type: 'object', 'x-go-struct': 'ManagedFieldsEntry', 'x-go-type': 'v1.ManagedFieldsEntry',
        properties: {
          manager: str, operation: str, apiVersion: str, time, fieldsType: str, subresource: str,
          fieldsV1: { 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
    },
  },
};

/** Kubernetes ListMeta (the metadata of a `<Kind>List`). */
const LIST_META_SCHEMA = {
  type: 'object', 'x-go-struct': 'ListMeta', 'x-go-type': 'v1.ListMeta',
  properties: { selfLink: str, resourceVersion: str, continue: str, remainingItemCount: int64 },
};

/**
 * The whole-object tree for a kind: apiVersion, kind, ObjectMeta, and the schema's spec and
 * status (only those the schema declares: Go's struct has no field for the others).
 * `raw` is a whole-object schema (properties.spec...); a schema without `properties.spec`
 * and `properties.metadata` is taken as the spec's own schema.
 */
export function compileRoot(def: Pick<KindDefinition, 'kind' | 'goSpecType'>, raw: unknown): SchemaNode {
  const rootProps = isObj(raw) && isObj(raw.properties) ? raw.properties : undefined;
  const isWhole = rootProps !== undefined && ('spec' in rootProps || 'metadata' in rootProps);
  const specRaw = isWhole ? rootProps.spec : raw;
  const props: Record<string, unknown> = { apiVersion: str, kind: str, metadata: OBJECT_META_SCHEMA };
  const root = compileNode({ type: 'object', properties: props }, { struct: def.kind, goType: `v3.${def.kind}` });
  const map = root.props as Map<string, SchemaNode>;
  const folded = root.folded as Map<string, string>;
  const add = (name: string, node: SchemaNode): void => {
    map.set(name, node);
    folded.set(name.toLowerCase(), name);
  };
  if (specRaw !== undefined) add('spec', compileNode(specRaw, { struct: def.goSpecType, goType: `v3.${def.goSpecType}` }));
  if (isWhole && rootProps.status !== undefined) {
    const statusType = def.goSpecType.replace(/Spec$/, 'Status');
    add('status', compileNode(rootProps.status, { struct: statusType, goType: `v3.${statusType}` }));
  }
  const defaults = [...map.values()].some((p) => p.defaults);
  return { ...root, defaults };
}

/** The envelope of a `<Kind>List`: items are decoded separately, one by one. */
export function compileListEnvelope(listKind: string): SchemaNode {
  return compileNode(
    { type: 'object', properties: { apiVersion: str, kind: str, metadata: LIST_META_SCHEMA, items: { type: 'array' } } },
    { struct: listKind, goType: `v3.${listKind}` },
  );
}
