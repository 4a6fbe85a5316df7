/**
 * AS numbers: a uint32 given as a number, a numeric string, or dotted `X.Y` (each 16 bits).
 */
import type { Problems } from './problems.js';

const MAX_ASN = 4294967295;

/** The AS number's value, or undefined when the value is not an AS number. */
export function parseASNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= MAX_ASN ? v : undefined;
  if (typeof v !== 'string') return undefined;
  if (/^[0-9]+$/.test(v)) return parseASNumber(Number(v));
  const m = /^([0-9]+)\.([0-9]+)$/.exec(v);
  if (!m) return undefined;
  const hi = Number(m[1]);
  const lo = Number(m[2]);
  if (hi > 0xffff || lo > 0xffff) return undefined;
  return hi * 0x10000 + lo;
}

export function checkASNumber(p: Problems, field: string, v: unknown): void {
  if (v === undefined || v === null) return;
  if (parseASNumber(v) === undefined) p.add(field, 'AS number must be an unsigned 32-bit integer or in dotted X.Y form', v);
}
