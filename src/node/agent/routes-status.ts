/**
 * CalicoNodeStatus `status.routes` from BIRD's routes (src/node/bird/show-route.ts):
 * - one entry per next hop (a multipath route gives several entries for one destination);
 * - type `FIB` for the route BIRD selected for its destination (the one its kernel protocol
 *   exports), `RIB` for the other candidates;
 * - gateway `N/A` when there is none (device routes, blackhole/unreachable/prohibit); interface
 *   `blackhole` / `unreachable` / `prohibit` for those kinds;
 * - learnedFrom.sourceType from the route source (`show route all`'s `Type:` line, else the
 *   protocol name): kernel-learned → Kernel, static → Static, device → Direct, BGP → NodeMesh for
 *   `Mesh_*` sessions and BGPPeer for the others (`Node_*`, `Global_*`), with peerIP the neighbour.
 * Routes from sources Calico has no name for (pipe, OSPF, …) are left out.
 */
import type { BirdRoute, NextHop } from '../bird/show-route.js';
import { peerFromName } from '../status/peers.js';

export type RouteSourceType = 'Kernel' | 'Static' | 'Direct' | 'NodeMesh' | 'BGPPeer';

export interface CalicoNodeRoute {
  type: 'FIB' | 'RIB';
  destination: string;
  gateway: string;
  interface?: string;
  learnedFrom: { sourceType: RouteSourceType; peerIP?: string };
}

export interface RoutesStatus {
  routesV4?: CalicoNodeRoute[];
  routesV6?: CalicoNodeRoute[];
}

/** What the agent knows of a BGP session, by BIRD protocol name. */
export interface KnownPeer {
  peerIP: string;
  /** The agent's peer type: 'node-to-node mesh', 'global' or 'node specific'. */
  type: string;
}

const NON_UNICAST: Record<string, string> = { blackhole: 'blackhole', unreachable: 'unreachable', prohibit: 'prohibit' };

/** `10.0.0.1:180` / `[fd00::1]:180` / `fd00::1` → the bare address. */
function hostOf(address: string): string {
  const bracketed = /^\[([^\]]+)\]:\d+$/.exec(address);
  if (bracketed) return bracketed[1]!;
  return /^[\d.]+:\d+$/.test(address) ? address.split(':')[0]! : address;
}

function bgpSource(r: BirdRoute, peers: ReadonlyMap<string, KnownPeer>): CalicoNodeRoute['learnedFrom'] {
  const known = peers.get(r.protocol);
  const named = peerFromName(r.protocol);
  const mesh = known ? known.type === 'node-to-node mesh' : named?.type === 'node-to-node mesh';
  const peerIP = r.from ?? known?.peerIP ?? (named ? hostOf(named.address) : undefined);
  const out: CalicoNodeRoute['learnedFrom'] = { sourceType: mesh ? 'NodeMesh' : 'BGPPeer' };
  if (peerIP) out.peerIP = peerIP;
  return out;
}

/** Where the route came from, or undefined for sources outside Calico's list. */
export function learnedFrom(r: BirdRoute, peers: ReadonlyMap<string, KnownPeer> = new Map()): CalicoNodeRoute['learnedFrom'] | undefined {
  const src = r.source?.toLowerCase();
  if (src !== undefined) {
    if (src === 'bgp') return bgpSource(r, peers);
    if (src === 'static' || src === 'static-device') return { sourceType: 'Static' };
    if (src === 'device') return { sourceType: 'Direct' };
    if (src === 'inherit') return { sourceType: 'Kernel' };
    return undefined;
  }
  // Plain `show route`: the protocol name tells (Calico's configs name them kernelN/staticN/directN).
  if (peers.has(r.protocol) || peerFromName(r.protocol)) return bgpSource(r, peers);
  if (/^kernel/i.test(r.protocol)) return { sourceType: 'Kernel' };
  if (/^static/i.test(r.protocol)) return { sourceType: 'Static' };
  if (/^direct/i.test(r.protocol)) return { sourceType: 'Direct' };
  return undefined;
}

function entry(r: BirdRoute, hop: NextHop | undefined, from: CalicoNodeRoute['learnedFrom']): CalicoNodeRoute {
  const special = NON_UNICAST[r.kind];
  const e: CalicoNodeRoute = {
    type: r.primary ? 'FIB' : 'RIB',
    destination: r.network,
    gateway: hop?.gateway ?? 'N/A',
    learnedFrom: { ...from },
  };
  const iface = special ?? hop?.iface;
  if (iface !== undefined) e.interface = iface;
  return e;
}

/** One CalicoNodeRoute per route and next hop, split by family; empty families are omitted. */
export function routesStatus(routes: readonly BirdRoute[], peers: ReadonlyMap<string, KnownPeer> = new Map()): RoutesStatus {
  const v4: CalicoNodeRoute[] = [];
  const v6: CalicoNodeRoute[] = [];
  for (const r of routes) {
    const from = learnedFrom(r, peers);
    if (!from) continue;
    const list = r.family === 4 ? v4 : v6;
    const hops = r.kind === 'unicast' && r.nextHops.length > 0 ? r.nextHops : [undefined];
    for (const hop of hops) list.push(entry(r, hop, from));
  }
  const out: RoutesStatus = {};
  if (v4.length > 0) out.routesV4 = v4;
  if (v6.length > 0) out.routesV6 = v6;
  return out;
}
