/** Address helpers for the BIRD renderer: families, bare IPs, peerIP parsing, protocol names. */
import { isIP } from 'node:net';

/** `10.0.0.1/24` → `10.0.0.1`; '' and undefined → undefined. */
export function bareIP(ip: string | undefined): string | undefined {
  if (ip === undefined || ip === '') return undefined;
  const s = ip.split('/')[0]!;
  return isIP(s) ? s : undefined;
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
  if (isIP(text)) return { ip: text };
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:]+):(\d+)$/.exec(text);
  if (!m || !isIP(m[1]!)) return undefined;
  return { ip: m[1]!, port: Number(m[2]) };
}

/** Calico's protocol name: prefix + IP with `.`/`:` as `_`, plus `_port_<p>` for a non-default port. */
export function protocolName(prefix: 'Mesh' | 'Global' | 'Node', ip: string, port?: number): string {
  const base = `${prefix}_${ip.replace(/[.:]/g, '_')}`;
  return port !== undefined && port !== 179 ? `${base}_port_${port}` : base;
}
