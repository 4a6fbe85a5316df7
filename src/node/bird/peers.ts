/**
 * Which BGP sessions this node renders, as confd computes them (node-bgp.md §2.2, §2.3):
 * the node-to-node mesh, global and node-specific BGPPeers (peerIP or peerSelector, node or
 * nodeSelector), automatic reverse peerings, route-reflector clients, passive rule.
 */
import { parseGoDuration } from '../../cli/duration.js';
import type { Resource } from '../../resources/types.js';
import { compileSelector } from '../../resources/selector/index.js';
import { parseASNumber } from '../../resources/validation/asn.js';
import { bareIP, familyOf, parsePeerIP, protocolName } from './addr.js';
import type { BirdInput, BirdNode, ExpectedPeer, PeerPlan } from './types.js';

export const DEFAULT_AS = 64512;

export function globalAS(input: BirdInput): number {
  return parseASNumber(input.bgpConfig.asNumber) ?? DEFAULT_AS;
}

export function myAS(input: BirdInput): number {
  return parseASNumber(input.asNumber) ?? globalAS(input);
}

export function myAddress(input: BirdInput, family: 4 | 6): string | undefined {
  return bareIP(family === 4 ? input.ipv4 : input.ipv6);
}

/** This node's listen port: its `node.<name>` BGPConfiguration, else the default one. */
export function myListenPort(input: BirdInput): number | undefined {
  return input.nodes.find((n) => n.name === input.nodeName)?.listenPort ?? input.bgpConfig.listenPort;
}

const nodeIP = (n: BirdNode, family: 4 | 6) => bareIP(family === 4 ? n.ipv4 : n.ipv6);

function seconds(d: unknown): number | undefined {
  if (typeof d !== 'string' || d === '') return undefined;
  const ms = parseGoDuration(d);
  return ms === undefined ? undefined : Math.round(ms / 1000);
}

function secret(input: BirdInput, ref: unknown): string | undefined {
  const r = (ref as { secretKeyRef?: { name?: string; key?: string } } | undefined)?.secretKeyRef;
  if (!r?.name || !r.key) return undefined;
  return input.secrets[`${r.name}/${r.key}`];
}

type Spec = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

interface Target {
  ip: string;
  port?: number;
  as: number;
  rr?: string;
}

/** Every session this node renders for one address family, sorted by protocol name. */
export function planPeers(input: BirdInput, family: 4 | 6): PeerPlan[] {
  const me = myAddress(input, family);
  if (!me) return [];
  const gAS = globalAS(input);
  const localAS = myAS(input);
  const self = input.nodes.find((n) => n.name === input.nodeName) ?? { name: input.nodeName, labels: {} };
  const myRR = str(self.routeReflectorClusterID);
  const others = input.nodes.filter((n) => n.name !== input.nodeName);
  const nodeAS = (n: BirdNode) => parseASNumber(n.asNumber) ?? gAS;
  const nodePort = (n: BirdNode) => n.listenPort ?? input.bgpConfig.listenPort;
  const byIP = new Map<string, BirdNode>();
  for (const n of input.nodes) {
    const ip = nodeIP(n, family);
    if (ip) byIP.set(ip, n);
  }
  const plans = new Map<string, PeerPlan>();

  const add = (prefix: 'Mesh' | 'Global' | 'Node', t: Target, spec: Spec, lAS = localAS) => {
    if (t.ip === me) return;
    // Mesh names never carry the port (node-bgp.md §2.2: `Mesh_<ip>`, `Global_<ip>[_port_<p>]`).
    const name = protocolName(prefix, t.ip, prefix === 'Mesh' ? undefined : t.port);
    if (plans.has(name)) return;
    const ibgp = t.as === lAS;
    const mode = str(spec.nextHopMode);
    const nextHop = mode === 'Self' ? 'self' : mode === 'Keep' ? 'keep' : !ibgp && spec.keepOriginalNextHop === true ? 'keep' : undefined;
    const type = prefix === 'Mesh' ? 'node-to-node mesh' : prefix === 'Global' ? 'global' : 'node specific';
    plans.set(name, {
      name,
      address: t.ip,
      type,
      family,
      port: t.port,
      asNumber: t.as,
      localAS: lAS,
      sourceAddress: prefix === 'Mesh' || spec.sourceAddress !== 'None',
      // Lexical comparison, as Calico: the higher address connects. Node-specific peers never wait.
      passive: (prefix === 'Mesh' || (prefix === 'Global' && byIP.has(t.ip))) && t.ip > me,
      password: prefix === 'Mesh' ? secret(input, input.bgpConfig.nodeMeshPassword) : secret(input, spec.password),
      ttlSecurity: num(spec.ttlSecurity) || undefined,
      restartTime: prefix === 'Mesh' ? seconds(input.bgpConfig.nodeMeshMaxRestartTime) : seconds(spec.maxRestartTime),
      keepaliveTime: seconds(spec.keepaliveTime),
      nextHop,
      allowLocalAS: num(spec.numAllowedLocalASNumbers) || undefined,
      rrClusterID: myRR && ibgp && (t.rr ?? '') !== myRR ? myRR : undefined,
      filters: Array.isArray(spec.filters) ? spec.filters.filter((f): f is string => typeof f === 'string') : [],
      reachableBy: str(spec.reachableBy),
    });
  };

  // Node-to-node mesh: route reflectors stay out of it, on both ends.
  if (input.bgpConfig.nodeToNodeMeshEnabled !== false && !myRR) {
    for (const n of others) {
      const ip = nodeIP(n, family);
      if (ip && !str(n.routeReflectorClusterID)) add('Mesh', { ip, port: nodePort(n), as: nodeAS(n) }, {});
    }
  }

  const sorted = [...input.peers].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  const nodeTarget = (n: BirdNode): Target | undefined => {
    const ip = nodeIP(n, family);
    return ip ? { ip, port: nodePort(n), as: nodeAS(n), rr: str(n.routeReflectorClusterID) } : undefined;
  };
  for (const isGlobalPass of [true, false]) {
    for (const p of sorted) {
      const spec = (p.spec ?? {}) as Spec;
      const node = str(spec.node);
      const nodeSel = str(spec.nodeSelector);
      const isGlobal = !node && !nodeSel;
      const localMatch = node ? (n: BirdNode) => n.name === node : nodeSel ? selector(nodeSel) : () => true;
      const peerSel = str(spec.peerSelector);
      const peerMatch = peerSel ? selector(peerSel) : undefined;
      const peerIP = str(spec.peerIP) ? parsePeerIP(spec.peerIP as string) : undefined;
      const lAS = parseASNumber(spec.localASNumber) ?? localAS;
      if (isGlobal === isGlobalPass && localMatch(self)) {
        const prefix = isGlobal ? 'Global' : 'Node';
        if (peerIP && familyOf(peerIP.ip) === family) {
          const target = byIP.get(peerIP.ip);
          const as = parseASNumber(spec.asNumber) ?? (target ? nodeAS(target) : gAS);
          add(prefix, { ip: peerIP.ip, port: peerIP.port, as, rr: target && str(target.routeReflectorClusterID) }, spec, lAS);
        }
        if (peerMatch) {
          for (const n of others) {
            const t = peerMatch(n) ? nodeTarget(n) : undefined;
            if (t) add(prefix, t, spec, lAS);
          }
        }
      }
      // Reverse peering: when this node is the remote side, peer back with every local-side node.
      if (!isGlobalPass && spec.reversePeering !== 'Manual') {
        const iAmRemote = peerMatch ? peerMatch(self) : peerIP ? peerIP.ip === me : false;
        if (iAmRemote) {
          for (const n of others) {
            const t = localMatch(n) ? nodeTarget(n) : undefined;
            if (t) add('Node', t, spec);
          }
        }
      }
    }
  }

  const globalIPs = new Set([...plans.values()].filter((p) => p.type === 'global').map((p) => p.address));
  return [...plans.values()]
    .filter((p) => p.type !== 'node specific' || !globalIPs.has(p.address))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function selector(text: string): (n: BirdNode) => boolean {
  const pred = compileSelector(text);
  return (n) => pred(n.labels ?? {});
}

/** The sessions `calicoctl node status` should find for this node: IPv4 first, then IPv6. */
export function expectedPeers(input: BirdInput): ExpectedPeer[] {
  return ([4, 6] as const).flatMap((f) => planPeers(input, f).map(({ name, address, type, family }) => ({ name, address, type, family })));
}

export type { Resource };
