/**
 * The helpers the generated codecs (./compile.ts) call: value checks and conversions for the
 * rarer input forms (bigint, Long-like objects, 64-bit and negative values), and varint sizes.
 */

export class ProtoDecodeError extends Error {}

const EMPTY = Buffer.alloc(0);
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const DECIMAL = /^-?\d+$/;

function bytesOf(v: unknown, field: string): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (typeof v === 'string') return Buffer.from(v);
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  throw new TypeError(`${field}: not bytes`);
}

/** Bytes of a varint of a non-negative safe integer. */
function vs(n: number): number {
  if (n < 0x80) return 1;
  if (n < 0x4000) return 2;
  if (n < 0x200000) return 3;
  if (n < 0x10000000) return 4;
  let size = 4;
  for (let v = Math.floor(n / 0x10000000); v > 0; v = Math.floor(v / 128)) size++;
  return size;
}

/** Bytes of the varint of `b` taken as a 64-bit two's complement value. */
function bigSize(b: bigint): number {
  let u = BigInt.asUintN(64, b);
  let size = 1;
  while (u > 0x7fn) {
    u >>= 7n;
    size++;
  }
  return size;
}

/** A decimal string of at most 15 digits as a number; -1 for anything else. */
function decimal(s: string): number {
  const len = s.length;
  if (len === 0 || len > 15) return -1;
  let n = 0;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** An int64/uint64 field value as a bigint (the forms not written as a plain number). */
function bigOf(v: unknown, field: string): bigint {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new TypeError(`${field}: not an integer: ${v}`);
    return BigInt(v);
  }
  if (typeof v === 'bigint') return v;
  if (typeof v === 'string' && DECIMAL.test(v)) return BigInt(v);
  if (v && typeof v === 'object' && 'low' in v && 'high' in v) {
    const l = v as { low: number; high: number };
    return (BigInt(l.high >>> 0) << 32n) | BigInt(l.low >>> 0);
  }
  throw new TypeError(`${field}: not an integer: ${String(v)}`);
}

/** Bytes of an int64/uint64 field's varint. */
function i64Size(v: unknown, field: string): number {
  if (typeof v === 'number' && v >= 0 && v <= MAX_SAFE && Number.isInteger(v)) return vs(v);
  if (typeof v === 'string') {
    const n = decimal(v);
    if (n >= 0) return vs(n);
  }
  return bigSize(bigOf(v, field));
}

function enumValue(v: unknown, values: Record<string, number>, field: string): number {
  const n = typeof v === 'number' ? v : Object.hasOwn(values, String(v)) ? values[String(v)] : undefined;
  if (n === undefined) throw new TypeError(`${field}: unknown enum value ${String(v)}`);
  return n;
}

function enumSize(v: unknown, values: Record<string, number>, field: string): number {
  const n = enumValue(v, values, field);
  return n >= 0 ? vs(n) : 10;
}

export const runtime = { ProtoDecodeError, EMPTY, bytesOf, vs, bigSize, decimal, bigOf, i64Size, enumValue, enumSize };
export type Runtime = typeof runtime;
