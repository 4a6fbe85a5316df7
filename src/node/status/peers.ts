/**
 * From BIRD protocol names to BGP peers, as confd names them: `Mesh_<ip>` (node-to-node mesh),
 * `Global_<ip>` (global), `Node_<ip>` (node specific), where `.` (IPv4) or `:` (IPv6) became `_`,
 * optionally followed by `_port_<port>` for a non-default port. The address is shown as
 * `10.0.0.1`, with a port as `10.0.0.1:180` / `[fd00::1]:180` (calicoctl would show
 * `10.0.0.1.port.180`).
 */
import type { ProtocolRow } from './protocols.js';

export type PeerType = 'node-to-node mesh' | 'global' | 'node specific';
export type Family = 4 | 6;

export interface Peer {
  /** The BIRD protocol name. */
  name: string;
  address: string;
  type: PeerType;
  family: Family;
  state: string;
  since: string;
  info: string;
}

const TYPES: Record<string, PeerType> = { Mesh: 'node-to-node mesh', Global: 'global', Node: 'node specific' };
const NAME = /^(Global|Node|Mesh)_(.+?)(?:_port_(\d+))?$/;
const V4 = /^\d{1,3}(_\d{1,3}){3}$/;

export interface PeerName {
  address: string;
  type: PeerType;
  family: Family;
}

export function peerFromName(name: string): PeerName | undefined {
  const m = NAME.exec(name);
  if (!m) return undefined;
  const [, kind = '', ip = '', port] = m;
  const family: Family = V4.test(ip) ? 4 : 6;
  const bare = family === 4 ? ip.replaceAll('_', '.') : ip.replaceAll('_', ':');
  const address = port === undefined ? bare : family === 4 ? `${bare}:${port}` : `[${bare}]:${port}`;
  return { address, type: TYPES[kind]!, family };
}

/** The BGP peers among the rows; `family` keeps only that address family. */
export function peersOf(rows: readonly ProtocolRow[], family?: Family): Peer[] {
  const out: Peer[] = [];
  for (const r of rows) {
    if (r.proto !== 'BGP') continue;
    const p = peerFromName(r.name);
    if (!p || (family !== undefined && p.family !== family)) continue;
    out.push({ name: r.name, ...p, state: r.state, since: r.since, info: r.info });
  }
  return out;
}

export const isEstablished = (p: Pick<Peer, 'info'>): boolean => /^Established\b/.test(p.info);
