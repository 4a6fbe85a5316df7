/**
 * Field checks for addresses, mirroring Calico's validator tags: ip/ipv4/ipv6 (bare IP),
 * net (IP or strictly masked CIDR), cidr (IP or any CIDR), cidrv4/cidrv6, mac, interface.
 * Tag failures are reported with go-playground's literal reason (see tagReason).
 */
import type { Problems } from './problems.js';
import { type Family, isMasked, parseCIDR, parseIP, parseIPOrCIDR } from './net.js';

/**
 * The reason Calico prints for a failed validator tag without a custom message. The field
 * is the Go field name (with `[i]` for list items), e.g. `IPNetworks[0]`.
 */
export function tagReason(goField: string, tag: string): string {
  return `Reason: failed to validate Field: ${goField} because of Tag: ${tag} `;
}

function family(tag: string): Family | undefined {
  return tag.endsWith('v4') ? 4 : tag.endsWith('v6') ? 6 : undefined;
}

/** `ip`, `ipv4`, `ipv6`: a bare IP address (of that family). */
export function checkIP(p: Problems, field: string, v: unknown, tag: 'ip' | 'ipv4' | 'ipv6' = 'ip'): void {
  if (v === undefined || v === null || v === '') return;
  const ip = typeof v === 'string' ? parseIP(v) : undefined;
  const fam = family(tag);
  if (!ip || (fam && ip.family !== fam)) p.add(field, tagReason(field, tag), v);
}

/** `net`, `netv4`, `netv6`: an IP, or a CIDR with no host bits set. */
export function checkNet(p: Problems, field: string, v: unknown, tag: 'net' | 'netv4' | 'netv6' = 'net'): void {
  if (v === undefined || v === null || v === '') return;
  const c = typeof v === 'string' ? parseIPOrCIDR(v) : undefined;
  const fam = family(tag);
  if (!c || !isMasked(c) || (fam && c.family !== fam)) p.add(field, tagReason(field, tag), v);
}

/** `cidr`, `cidrv4`, `cidrv6`: an IP or a CIDR; host bits allowed. */
export function checkCIDR(p: Problems, field: string, v: unknown, tag: 'cidr' | 'cidrv4' | 'cidrv6' = 'cidr'): void {
  if (v === undefined || v === null || v === '') return;
  const c = typeof v === 'string' ? parseIPOrCIDR(v) : undefined;
  const fam = family(tag);
  if (!c || (fam && c.family !== fam)) p.add(field, tagReason(field, tag), v);
}

/**
 * CRD `format: cidr`: strict CIDR notation (a bare IP is refused), worded as the API server
 * words it (CRD path, no value), like every CRD problem.
 */
export function checkFormatCIDR(p: Problems, field: string, v: unknown): void {
  if (v === undefined || v === null) return;
  if (typeof v !== 'string' || !parseCIDR(v)) p.add(field, `${field} in body must be of type cidr: ${JSON.stringify(v)}`);
}

const MAC_RE = /^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$/;

export function checkMAC(p: Problems, field: string, v: unknown): void {
  if (v === undefined || v === null || v === '') return;
  if (typeof v !== 'string' || !MAC_RE.test(v)) p.add(field, tagReason(field, 'mac'), v);
}

const IFACE_RE = /^[a-zA-Z0-9_.-]{1,15}$/;

/** `interface` tag: `*` or 1-15 of [a-zA-Z0-9_.-]. */
export function isInterfaceName(s: string): boolean {
  return s === '*' || IFACE_RE.test(s);
}

export function checkInterfaceName(p: Problems, field: string, v: unknown): void {
  if (v === undefined || v === null) return;
  if (typeof v !== 'string' || !isInterfaceName(v)) p.add(field, tagReason(field, 'interface'), v);
}
