/**
 * Ports in rules and endpoint port lists: a number, a `"min:max"` range string, or a named
 * port. Numeric strings are numbers, as in Calico's numorstring.Port.
 */
import type { Problems } from './problems.js';

export type ParsedPort =
  | { kind: 'range'; min: number; max: number }
  | { kind: 'named'; name: string }
  | { kind: 'invalid'; reason: string };

export const PORT_RANGE_INVALID = 'port range invalid';
export const PORT_NUMBER_INVALID = 'port range invalid, port number must be between 1 and 65535';

function inRange(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

const DIGITS_RE = /^[0-9]+$/;
const RANGE_RE = /^([0-9]+):([0-9]+)$/;

export function parsePort(v: unknown): ParsedPort {
  if (typeof v === 'number') {
    return inRange(v) ? { kind: 'range', min: v, max: v } : { kind: 'invalid', reason: PORT_NUMBER_INVALID };
  }
  if (typeof v !== 'string') return { kind: 'invalid', reason: PORT_RANGE_INVALID };
  if (DIGITS_RE.test(v)) return parsePort(Number(v));
  const m = RANGE_RE.exec(v);
  if (m) {
    const min = Number(m[1]);
    const max = Number(m[2]);
    if (!inRange(min) || !inRange(max)) return { kind: 'invalid', reason: PORT_NUMBER_INVALID };
    if (min > max) return { kind: 'invalid', reason: PORT_RANGE_INVALID };
    return { kind: 'range', min, max };
  }
  if (v === '' || v.includes(':')) return { kind: 'invalid', reason: PORT_RANGE_INVALID };
  return { kind: 'named', name: v };
}

/** Why `v` is not a port (parsePort's reason), or undefined when it is one; numbers without allocating. */
export function portProblem(v: unknown): string | undefined {
  if (typeof v === 'number') return inRange(v) ? undefined : PORT_NUMBER_INVALID;
  const parsed = parsePort(v);
  return parsed.kind === 'invalid' ? parsed.reason : undefined;
}

/** Whether `v` is a named port (parsePort(v).kind === 'named'); numbers without allocating. */
export function isNamedPort(v: unknown): boolean {
  return typeof v !== 'number' && parsePort(v).kind === 'named';
}

/** Check one port value; returns the parsed form (or undefined when invalid). */
export function checkPort(p: Problems, field: string, v: unknown): ParsedPort | undefined {
  const parsed = parsePort(v);
  if (parsed.kind === 'invalid') {
    p.add(field, parsed.reason, v);
    return undefined;
  }
  return parsed;
}

/** k8s IANA_SVC_NAME: <= 15 chars of [a-z0-9-], at least one letter, no leading/trailing/double '-'. */
export function isPortName(s: string): boolean {
  return (
    s.length >= 1 &&
    s.length <= 15 &&
    /^[a-z0-9-]+$/.test(s) &&
    /[a-z]/.test(s) &&
    !s.startsWith('-') &&
    !s.endsWith('-') &&
    !s.includes('--')
  );
}
