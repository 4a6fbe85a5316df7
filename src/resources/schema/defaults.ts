/**
 * CRD `default:` values, applied the way Calico applies them in etcd mode before validating
 * (in KDD the API server does it): a field that is absent or null, inside an object that is
 * present, gets its default; defaults inside a defaulted value apply too.
 *
 * Each kind's schema is reduced once to a plan that keeps only the parts of the tree that
 * declare a default, so a bulk apply does not re-read the schema per object.
 */
import type { KindDefinition, Resource } from '../types.js';
import type { SchemaNode } from './compile.js';
import { rootNode } from './load.js';
import { copyObject } from '../validation/values.js';

const NOTHING = 0;
const OBJECT = 1;
const ARRAY = 2;
const MAP = 3;

/** What to default under one schema node (every plan has every field: one object shape). */
interface Plan {
  readonly kind: typeof NOTHING | typeof OBJECT | typeof ARRAY | typeof MAP;
  /** OBJECT: the properties that have a default or defaults below them. */
  readonly props: readonly PlanProp[];
  /** ARRAY, MAP: the plan of every element. */
  readonly elem: Plan | undefined;
}

interface PlanProp {
  readonly name: string;
  readonly plan: Plan;
  readonly hasDefault: boolean;
  /** The default when it is a scalar (shared), else undefined and `value` is cloned per use. */
  readonly scalar: unknown;
  readonly value: unknown;
}

const NO_PLAN: Plan = { kind: NOTHING, props: [], elem: undefined };

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function planFor(node: SchemaNode): Plan {
  if (!node.defaults) return NO_PLAN;
  if (node.kind === 'object' && node.props) {
    const props: PlanProp[] = [];
    for (const [name, child] of node.props) {
      if (!child.defaults) continue;
      const plan = planFor(child);
      const value = child.default;
      const isScalar = typeof value !== 'object' || value === null;
      // A scalar default has nothing below it to default: it is used as it is.
      props.push({ name, plan, hasDefault: child.hasDefault, scalar: isScalar ? value : undefined, value: isScalar ? undefined : value });
    }
    return { kind: OBJECT, props, elem: undefined };
  }
  if ((node.kind === 'array' || node.kind === 'map') && node.elem!.defaults) {
    return { kind: node.kind === 'array' ? ARRAY : MAP, props: [], elem: planFor(node.elem!) };
  }
  return NO_PLAN;
}

/** The value of a property that is absent or null and declares a default. */
function defaultOf(prop: PlanProp): unknown {
  return prop.value === undefined ? prop.scalar : applyPlan(prop.plan, structuredClone(prop.value));
}

function applyObject(plan: Plan, v: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  const props = plan.props;
  for (let i = 0; i < props.length; i++) {
    const prop = props[i]!;
    const cur = v[prop.name];
    let next: unknown;
    if (cur === undefined || cur === null) {
      if (!prop.hasDefault) continue;
      next = defaultOf(prop);
    } else {
      next = applyPlan(prop.plan, cur);
    }
    if (next === cur) continue;
    // A spread copy is quicker, but adding a property to one is slow (see copyObject).
    out ??= cur === undefined ? copyObject(v) : { ...v };
    out[prop.name] = next;
  }
  return out ?? v;
}

function applyArray(elem: Plan, v: unknown[]): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < v.length; i++) {
    const item: unknown = v[i];
    const next = item === null ? item : applyPlan(elem, item);
    if (next !== item) (out ??= v.slice())[i] = next;
  }
  return out ?? v;
}

function applyMap(elem: Plan, v: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const [k, item] of Object.entries(v)) {
    const next = item === null ? item : applyPlan(elem, item);
    if (next !== item) (out ??= { ...v })[k] = next;
  }
  return out ?? v;
}

/** `v` with the plan's defaults: `v` itself when nothing changed, else a copy (`v` is never modified). */
function applyPlan(plan: Plan, v: unknown): unknown {
  switch (plan.kind) {
    case OBJECT:
      return isPlainObject(v) ? applyObject(plan, v) : v;
    case ARRAY:
      return Array.isArray(v) ? applyArray(plan.elem!, v) : v;
    case MAP:
      return isPlainObject(v) ? applyMap(plan.elem!, v) : v;
    default:
      return v;
  }
}

const plans = new WeakMap<KindDefinition, Plan>();

/**
 * Applies the kind's CRD defaults. Returns a new object when something changed (unchanged
 * parts are shared with the input); never modifies `resource`.
 */
export function applySchemaDefaults(def: KindDefinition, resource: Resource): Resource {
  let plan = plans.get(def);
  if (plan === undefined) {
    plan = planFor(rootNode(def));
    plans.set(def, plan);
  }
  return applyPlan(plan, resource) as Resource;
}
