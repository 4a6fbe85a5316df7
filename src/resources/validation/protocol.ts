/**
 * Protocols: a number 1-255 (or numeric string) or one of Calico's case-sensitive names.
 */
import type { Problems } from './problems.js';

export const PROTOCOL_NAMES = ['TCP', 'UDP', 'ICMP', 'ICMPv6', 'SCTP', 'UDPLite'] as const;

const NUMBERS: Record<string, number> = { TCP: 6, UDP: 17, ICMP: 1, ICMPv6: 58, SCTP: 132, UDPLite: 136 };

const DIGITS_RE = /^[0-9]+$/;

/** The protocol number, or undefined when the value is not a valid protocol. */
export function protocolNumber(v: unknown): number | undefined {
  if (typeof v === 'string') {
    // Names first: no name is all digits.
    const named = Object.hasOwn(NUMBERS, v) ? NUMBERS[v] : undefined;
    if (named !== undefined) return named;
    return DIGITS_RE.test(v) ? protocolNumber(Number(v)) : undefined;
  }
  if (typeof v === 'number') return Number.isInteger(v) && v >= 1 && v <= 255 ? v : undefined;
  return undefined;
}

/** Why the value is not a protocol, or undefined when it is one. */
export function protocolProblem(v: unknown): string | undefined {
  if (protocolNumber(v) !== undefined) return undefined;
  const numeric = typeof v === 'number' || (typeof v === 'string' && DIGITS_RE.test(v));
  return numeric ? 'protocol number invalid' : 'protocol name invalid';
}

export function checkProtocol(p: Problems, field: string, v: unknown): void {
  if (v === undefined || v === null) return;
  const problem = protocolProblem(v);
  if (problem) p.add(field, problem, v);
}

/** TCP, UDP and SCTP carry ports. */
export function protocolSupportsPorts(v: unknown): boolean {
  const n = protocolNumber(v);
  return n === 6 || n === 17 || n === 132;
}
