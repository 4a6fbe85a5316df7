/**
 * A small strict IP/CIDR parser with Go's net package semantics: dotted-quad IPv4 without
 * leading zeros, RFC 4291 IPv6 (with `::` and a trailing dotted quad, no zones), and
 * canonical printing (RFC 5952 style lower-case, longest zero run compressed).
 */

export type Family = 4 | 6;

export interface ParsedIP {
  family: Family;
  /** 4 bytes for IPv4, 16 for IPv6. */
  bytes: number[];
}

export interface ParsedCIDR extends ParsedIP {
  prefix: number;
}

function parseV4Bytes(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const part of parts) {
    if (!/^[0-9]{1,3}$/.test(part)) return undefined;
    if (part.length > 1 && part.startsWith('0')) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseV6Bytes(s: string): number[] | undefined {
  if (!s.includes(':')) return undefined;
  let tail: number[] = [];
  let body = s;
  // A trailing dotted quad supplies the last 32 bits.
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    const v4 = parseV4Bytes(s.slice(lastColon + 1));
    if (!v4) return undefined;
    tail = v4;
    body = s.slice(0, lastColon + 1);
    // "...:" left behind: turn "x::" into "x::" and "x:y:" into "x:y"
    if (body.endsWith('::')) {
      /* keep */
    } else body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      const n = parseInt(g, 16);
      out.push(n >> 8, n & 0xff);
    }
    return out;
  };
  const head = groups(halves[0]!);
  if (!head) return undefined;
  if (halves.length === 1) {
    const all = [...head, ...tail];
    return all.length === 16 ? all : undefined;
  }
  const rest = groups(halves[1]!);
  if (!rest) return undefined;
  const known = head.length + rest.length + tail.length;
  // `::` stands for at least one zero group.
  if (known > 14) return undefined;
  return [...head, ...new Array<number>(16 - known).fill(0), ...rest, ...tail];
}

/** Parse a bare IP address; undefined when it is not one. */
export function parseIP(s: string): ParsedIP | undefined {
  const v4 = parseV4Bytes(s);
  if (v4) return { family: 4, bytes: v4 };
  const v6 = parseV6Bytes(s);
  if (v6) return { family: 6, bytes: v6 };
  return undefined;
}

/** Parse `ip/prefix`; undefined when it is not valid CIDR notation. */
export function parseCIDR(s: string): ParsedCIDR | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIP(s.slice(0, slash));
  const pfx = s.slice(slash + 1);
  if (!ip || !/^[0-9]{1,3}$/.test(pfx)) return undefined;
  const prefix = Number(pfx);
  if (prefix > (ip.family === 4 ? 32 : 128)) return undefined;
  return { ...ip, prefix };
}

/** An IP (treated as a full-length prefix) or a CIDR. */
export function parseIPOrCIDR(s: string): ParsedCIDR | undefined {
  if (s.includes('/')) return parseCIDR(s);
  const ip = parseIP(s);
  return ip ? { ...ip, prefix: ip.family === 4 ? 32 : 128 } : undefined;
}

/** True when every bit after the prefix is zero. */
export function isMasked(c: ParsedCIDR): boolean {
  return c.bytes.every((b, i) => {
    const bitsKept = Math.max(0, Math.min(8, c.prefix - i * 8));
    const hostMask = 0xff >> bitsKept;
    return (b & hostMask) === 0;
  });
}

/** True when `inner` lies inside `outer` (same family, longer or equal prefix). */
export function cidrContains(outer: ParsedCIDR, inner: ParsedIP & { prefix?: number }): boolean {
  if (outer.family !== inner.family) return false;
  const innerPrefix = inner.prefix ?? inner.bytes.length * 8;
  if (innerPrefix < outer.prefix) return false;
  for (let bit = 0; bit < outer.prefix; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if ((outer.bytes[byte]! & mask) !== (inner.bytes[byte]! & mask)) return false;
  }
  return true;
}

/** True when the two CIDRs share any address. */
export function cidrsOverlap(a: ParsedCIDR, b: ParsedCIDR): boolean {
  return a.prefix <= b.prefix ? cidrContains(a, b) : cidrContains(b, a);
}

/** Canonical text of an address, as Go's net.IP.String prints it. */
export function formatIP(ip: ParsedIP): string {
  if (ip.family === 4) return ip.bytes.join('.');
  // Like Go, an IPv4-mapped IPv6 address prints in dotted form.
  if (ip.bytes.slice(0, 10).every((b) => b === 0) && ip.bytes[10] === 0xff && ip.bytes[11] === 0xff) {
    return ip.bytes.slice(12).join('.');
  }
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((ip.bytes[i]! << 8) | ip.bytes[i + 1]!);
  return formatIPv6Groups(groups);
}

/** Eight 16-bit groups as Go prints an IPv6 address: the longest run (>= 2) of zero groups,
 *  the first one on a tie, becomes '::' (RFC 5952). */
export function formatIPv6Groups(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (g: readonly number[]): string => g.map((n) => n.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}

/** Canonical text of a CIDR string (host bits kept), or the input when it does not parse. */
export function canonicalCIDR(s: string): string {
  const c = parseCIDR(s);
  return c ? `${formatIP(c)}/${c.prefix}` : s;
}
