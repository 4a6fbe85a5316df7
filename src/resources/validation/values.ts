/**
 * Safe accessors for untyped JSON data: validators never trust the shape of their input
 * (the schema pass may not have run), so every read goes through these.
 */
export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value as an object, or an empty object when it is not one. */
export function obj(v: unknown): Obj {
  return isObj(v) ? v : {};
}

/** The value as an array, or an empty array when it is not one. */
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The value when it is a string, else undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Go's notion of a "set" optional field: present and not the zero value. */
export function isSet(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === false || v === 0) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isObj(v)) return Object.keys(v).length > 0;
  return true;
}

/**
 * A shallow copy of an object, like `{ ...v }`. Built with Object.assign because V8 gives a
 * spread copy a hidden class of its own, so every property added to it afterwards creates a
 * new class per object (slow, and it defeats property caches downstream); Object.assign
 * copies share classes. The two differ only for an own `__proto__` key, which is spread.
 */
export function copyObject(v: unknown): Record<string, unknown> {
  if (typeof v === 'object' && v !== null && Object.hasOwn(v, '__proto__')) return { ...v };
  return Object.assign({}, v);
}

/** Deep copy of plain JSON data. */
export function clone<T>(v: T): T {
  return structuredClone(v);
}
