/**
 * IPv4/IPv6 address and CIDR arithmetic on bigints (no dependencies): parsing, formatting,
 * containment and splitting a pool into blocks.
 */

import { formatIPv6Groups } from '../resources/validation/net.js';

export interface Cidr {
  version: 4 | 6;
  /** Network address (masked). */
  base: bigint;
  prefix: number;
}

export function bitsOf(version: 4 | 6): number {
  return version === 4 ? 32 : 128;
}

/** Parses an IPv4 or IPv6 address; undefined when invalid. */
export function parseIP(s: string): { version: 4 | 6; value: bigint } | undefined {
  if (s.includes(':')) {
    const v = parseIPv6(s);
    return v === undefined ? undefined : { version: 6, value: v };
  }
  const v = parseIPv4(s);
  return v === undefined ? undefined : { version: 4, value: v };
}

function parseIPv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    v = (v << 8n) | BigInt(Number(p));
  }
  return v;
}

function parseIPv6(s: string): bigint | undefined {
  let str = s;
  const lastColon = str.lastIndexOf(':');
  if (str.slice(lastColon + 1).includes('.')) {
    // Embedded IPv4 (::ffff:1.2.3.4): rewrite as two hex groups.
    const v4 = parseIPv4(str.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    str = `${str.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = str.split('::');
  if (halves.length > 2) return undefined;
  const parse = (h: string): bigint[] | undefined => {
    if (h === '') return [];
    const out: bigint[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(BigInt(parseInt(g, 16)));
    }
    return out;
  };
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !rest) return undefined;
  const groups = [...head, ...rest];
  const total = groups.length;
  let all: bigint[];
  if (halves.length === 2) {
    if (total > 7) return undefined;
    all = [...head, ...Array<bigint>(8 - total).fill(0n), ...rest];
  } else {
    if (groups.length !== 8) return undefined;
    all = groups;
  }
  return all.reduce((acc, g) => (acc << 16n) | g, 0n);
}

export function formatIP(version: 4 | 6, v: bigint): string {
  if (version === 4) {
    return [24n, 16n, 8n, 0n].map((s) => ((v >> s) & 0xffn).toString()).join('.');
  }
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((v >> BigInt(i * 16)) & 0xffffn));
  return formatIPv6Groups(groups);
}

/** Parses `a.b.c.d/n` or `x::/n` and masks it; a bare address is a /32 or /128. */
export function parseCidr(s: string): Cidr | undefined {
  const [addr, len, extra] = s.split('/');
  if (extra !== undefined || addr === undefined) return undefined;
  const ip = parseIP(addr);
  if (!ip) return undefined;
  const bits = bitsOf(ip.version);
  const prefix = len === undefined ? bits : /^\d+$/.test(len) ? Number(len) : NaN;
  if (!(prefix >= 0 && prefix <= bits)) return undefined;
  return { version: ip.version, base: mask(ip.value, prefix, bits), prefix };
}

function mask(v: bigint, prefix: number, bits: number): bigint {
  const hostBits = BigInt(bits - prefix);
  return (v >> hostBits) << hostBits;
}

export function formatCidr(c: Cidr): string {
  return `${formatIP(c.version, c.base)}/${c.prefix}`;
}

export function cidrSize(c: Cidr): bigint {
  return 1n << BigInt(bitsOf(c.version) - c.prefix);
}

export function cidrContains(c: Cidr, version: 4 | 6, v: bigint): boolean {
  return c.version === version && v >= c.base && v < c.base + cidrSize(c);
}

/** True when the two ranges share at least one address. */
export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  if (a.version !== b.version) return false;
  return a.base < b.base + cidrSize(b) && b.base < a.base + cidrSize(a);
}

/** The block of `blockSize` bits that holds address `v`. */
export function blockOf(version: 4 | 6, v: bigint, blockSize: number): Cidr {
  return { version, base: mask(v, blockSize, bitsOf(version)), prefix: blockSize };
}

/** Number of blocks of `blockSize` in `pool`. */
export function blockCount(pool: Cidr, blockSize: number): bigint {
  return 1n << BigInt(blockSize - pool.prefix);
}

/** The i-th block of `blockSize` in `pool`. */
export function nthBlock(pool: Cidr, blockSize: number, i: bigint): Cidr {
  const size = 1n << BigInt(bitsOf(pool.version) - blockSize);
  return { version: pool.version, base: pool.base + i * size, prefix: blockSize };
}
