/** Address helpers for the BIRD renderer: families, bare IPs, peerIP parsing, protocol names. */
import { isIP } from 'node:net';
import { formatIPv6Groups, parseIP } from '../../resources/validation/net.js';

/**
 * One text per address, as Go prints it (`FD00:0:0::2` → `fd00::2`), so that protocol names,
 * the passive rule and node lookups agree whichever way an address was written. An IPv6
 * address stays in IPv6 notation (also IPv4-mapped ones); text that is no address is kept.
 */
export function canonicalIP(ip: string): string {
  const p = isIP(ip) ? parseIP(ip) : undefined;
  if (!p) return ip;
  if (p.family === 4) return p.bytes.join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((p.bytes[i]! << 8) | p.bytes[i + 1]!);
  return formatIPv6Groups(groups);
}

/** `10.0.0.1/24` → `10.0.0.1` (canonical text); '' and undefined → undefined. */
export function bareIP(ip: string | undefined): string | undefined {
  if (ip === undefined || ip === '') return undefined;
  const s = ip.split('/')[0]!;
  return isIP(s) ? canonicalIP(s) : undefined;
}

export function familyOf(ip: string): 4 | 6 | undefined {
  const v = isIP(ip);
  return v === 4 ? 4 : v === 6 ? 6 : undefined;
}

export function cidrFamily(cidr: string): 4 | 6 | undefined {
  return familyOf(cidr.split('/')[0] ?? '');
}

/** BGPPeer peerIP: `ip`, `ip:port`, `[ipv6]:port` or a bare IPv6. */
export function parsePeerIP(text: string): { ip: string; port?: number } | undefined {
  if (isIP(text)) return { ip: canonicalIP(text) };
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:]+):(\d+)$/.exec(text);
  if (!m || !isIP(m[1]!)) return undefined;
  return { ip: canonicalIP(m[1]!), port: Number(m[2]) };
}

/** Calico's protocol name: prefix + IP with `.`/`:` as `_`, plus `_port_<p>` for a non-default port. */
export function protocolName(prefix: 'Mesh' | 'Global' | 'Node', ip: string, port?: number): string {
  const base = `${prefix}_${ip.replace(/[.:]/g, '_')}`;
  return port !== undefined && port !== 179 ? `${base}_port_${port}` : base;
}
