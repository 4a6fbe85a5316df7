/**
 * The "wire" (JSON) form of a resource as Go would marshal it: top-level and metadata keys
 * in Go struct order, `omitempty` metadata fields dropped when empty, undefined dropped
 * everywhere. Other keys keep the order they arrived in.
 */
import type { Resource, ResourceList } from '../resources/types.js';

type Obj = Record<string, unknown>;

/** TypeMeta + ObjectMeta/ListMeta + spec/status/items, as in the Go structs. */
const TOP_ORDER = ['kind', 'apiVersion', 'metadata', 'spec', 'status', 'items'];

/** metav1.ObjectMeta field order (every field is omitempty or omitzero). */
const OBJECT_META_ORDER = [
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation',
  'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels',
  'annotations', 'ownerReferences', 'finalizers', 'managedFields',
];

/** metav1.ListMeta field order. */
const LIST_META_ORDER = ['selfLink', 'resourceVersion', 'continue', 'remainingItemCount'];

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isObj(v) && Object.keys(v).length === 0;
}

/** Deep copy without undefined object members (Go never has them; JSON drops them). */
export function stripUndefined(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : stripUndefined(x)));
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = stripUndefined(x);
  return out;
}

function ordered(obj: Obj, order: readonly string[], omitEmpty: boolean): Obj {
  const out: Obj = {};
  const keys = [...order.filter((k) => k in obj), ...Object.keys(obj).filter((k) => !order.includes(k))];
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined || (omitEmpty && isEmpty(v))) continue;
    out[k] = v;
  }
  return out;
}

/** Go marshals map keys sorted by their bytes. */
function sortedMap(m: Obj): Obj {
  const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));
  return Object.fromEntries(Object.keys(m).sort(byBytes).map((k) => [k, m[k]]));
}

function objectWire(r: Obj): Obj {
  const src = stripUndefined(r) as Obj;
  // metadata is a struct in Go: never omitted, `{}` at worst.
  const top = ordered({ ...src, metadata: isObj(src.metadata) ? src.metadata : {} }, TOP_ORDER, false);
  if (Array.isArray(top.items)) {
    top.metadata = ordered(top.metadata as Obj, LIST_META_ORDER, true);
    top.items = top.items.map((i: unknown) => (isObj(i) ? objectWire(i) : i));
    return top;
  }
  const meta = ordered(top.metadata as Obj, OBJECT_META_ORDER, true);
  for (const k of ['labels', 'annotations']) {
    const m = meta[k];
    if (isObj(m)) meta[k] = sortedMap(m);
  }
  top.metadata = meta;
  return top;
}

/** The JSON data Go would produce for a resource or a list. */
export function toWire(o: Resource | ResourceList): Record<string, unknown> {
  return objectWire(o as unknown as Obj);
}
