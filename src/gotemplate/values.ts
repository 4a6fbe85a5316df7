/**
 * The value model: how plain JS/JSON values stand in for Go's reflect kinds.
 *
 *   undefined        -> an invalid reflect.Value (a missing map key; prints `<no value>`)
 *   null             -> a nil interface
 *   integral number  -> int (|n| < 2^63), bigint -> int
 *   other number     -> float64, as is a GoFloat (a float constant written in the template)
 *   array            -> []interface {}
 *   other object     -> map[string]interface {}
 */

/** A float64 constant from the template text (`1.0`, `1e6`), kept apart from ints as Go does. */
export class GoFloat {
  constructor(readonly value: number) {}
}

export type Kind = 'invalid' | 'nil' | 'bool' | 'int' | 'float' | 'string' | 'slice' | 'map' | 'func';
export type GoMap = Record<string, unknown>;

const INT_LIMIT = 2 ** 63;

export function isMap(v: unknown): v is GoMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof GoFloat);
}

export function kindOf(v: unknown): Kind {
  switch (typeof v) {
    case 'undefined':
    case 'symbol':
      return 'invalid';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(v) && Math.abs(v) < INT_LIMIT ? 'int' : 'float';
    case 'bigint':
      return 'int';
    case 'string':
      return 'string';
    case 'function':
      return 'func';
    default:
      if (v === null) return 'nil';
      if (v instanceof GoFloat) return 'float';
      return Array.isArray(v) ? 'slice' : 'map';
  }
}

/** Go's name for the dynamic type, as used in error messages and %T. */
export function typeName(v: unknown): string {
  switch (kindOf(v)) {
    case 'invalid':
    case 'nil':
      return '<nil>';
    case 'bool':
      return 'bool';
    case 'int':
      return 'int';
    case 'float':
      return 'float64';
    case 'string':
      return 'string';
    case 'slice':
      return '[]interface {}';
    case 'map':
      return 'map[string]interface {}';
    case 'func':
      return 'func(...interface {}) interface {}';
  }
}

export function isNil(v: unknown): boolean {
  return v === undefined || v === null;
}

/** The numeric value of an int or float value. */
export function toNumber(v: unknown): number {
  if (v instanceof GoFloat) return v.value;
  if (typeof v === 'bigint') return Number(v);
  return typeof v === 'number' ? v : NaN;
}

/** Go's truth: false, 0, nil, and empty strings, slices and maps are false. */
export function isTrue(v: unknown): boolean {
  switch (kindOf(v)) {
    case 'invalid':
    case 'nil':
      return false;
    case 'bool':
      return v as boolean;
    case 'int':
    case 'float':
      return toNumber(v) !== 0;
    case 'string':
      return (v as string).length > 0;
    case 'slice':
      return (v as unknown[]).length > 0;
    case 'map':
      return Object.keys(v as GoMap).length > 0;
    case 'func':
      return true;
  }
}

/** Compares strings by code point, which is Go's byte order for UTF-8. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0) ?? 0;
    const cy = y.value.codePointAt(0) ?? 0;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/** A map's keys in the order Go sorts them (fmt and range both sort). */
export function sortedKeys(m: GoMap): string[] {
  return Object.keys(m).sort(compareStrings);
}

/** UTF-8 byte length: Go's len for strings. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
