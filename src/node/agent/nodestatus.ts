/**
 * CalicoNodeStatus: the objects whose spec.node is this node get their `.status` filled from what
 * the agent knows about BIRD, every spec.updatePeriodSeconds (default 10; 0 = no more updates).
 * Writes are compare-and-swap updates; a conflict is left for the next cycle, which re-reads the
 * object.
 *
 * - Agent and BGP: from the agent's last poll of `show status` / `show protocols` (BirdSnapshot).
 * - Routes: from `birdc show route` (the agent's NodeStatusSources.showRoute), asked for at most
 *   once per cycle and only when an object that is due has the Routes class. BIRD 2's two-line
 *   layout is read by ../bird/show-route.ts and mapped to Calico's entries by ./routes-status.ts
 *   (FIB/RIB, Kernel/Static/Direct/NodeMesh/BGPPeer, peerIP from the session). While BIRD is
 *   down, routes is empty; if only the route query fails, the object keeps the routes it had.
 */
import { ConflictError, NotFoundError } from '../../errors.js';
import type { Datastore } from '../../datastore/types.js';
import type { Resource } from '../../resources/types.js';
import { calicoNodeStatus } from '../../resources/kinds/caliconodestatus.js';
import { parseShowRoute } from '../bird/show-route.js';
import { routesStatus, type KnownPeer, type RoutesStatus } from './routes-status.js';

/** What the agent knows about BIRD at one moment. */
export interface BirdSnapshot {
  /** false when BIRD did not answer (or the node runs without BGP). */
  up: boolean;
  /** The raw `birdc show status` text of the last poll. */
  showStatus: string;
  version?: string;
  routerID?: string;
  /** `name` is the BIRD protocol name (`Mesh_10_0_0_2`), which BGP routes refer to. */
  peers: { name?: string; peerIP: string; type: string; family: 4 | 6; state: string; since: string; info: string }[];
}

export const DEFAULT_UPDATE_PERIOD_S = 10;

const BGP_STATES = ['Idle', 'Connect', 'Active', 'OpenSent', 'OpenConfirm', 'Established', 'Close'];
const PEER_TYPES: Record<string, string> = { 'node-to-node mesh': 'NodeMesh', global: 'GlobalPeer', 'node specific': 'NodePeer' };

/** metav1.Time: RFC 3339 with whole seconds. */
export const metaTime = (d: Date): string => `${d.toISOString().slice(0, 19)}Z`;

/** BIRD's BGP state: the first word of the Info column when it names one, else Idle. */
function bgpState(info: string): string {
  const word = info.split(/\s+/)[0] ?? '';
  return BGP_STATES.includes(word) ? word : 'Idle';
}

function statusLine(text: string, prefix: string): string | undefined {
  const re = new RegExp(`^${prefix} (.+)$`, 'm');
  return re.exec(text)?.[1]?.trim();
}

function birdDaemon(s: BirdSnapshot): Record<string, unknown> {
  if (!s.up) return { state: 'NotReady' };
  const out: Record<string, unknown> = { state: 'Ready' };
  if (s.version) out.version = s.version;
  if (s.routerID) out.routerID = s.routerID;
  const boot = statusLine(s.showStatus, 'Last reboot on');
  const reconf = statusLine(s.showStatus, 'Last reconfiguration on');
  if (boot) out.lastBootTime = boot;
  if (reconf) out.lastReconfigurationTime = reconf;
  return out;
}

/** status.agent: one BIRD 2 daemon serves both families, so birdV4 and birdV6 describe the same one. */
export function agentStatus(s: BirdSnapshot): Record<string, unknown> {
  const d = birdDaemon(s);
  return { birdV4: d, birdV6: { ...d } };
}

export function bgpStatus(s: BirdSnapshot): Record<string, unknown> {
  const peers = (family: 4 | 6) =>
    s.peers
      .filter((p) => p.family === family)
      .map((p) => ({ peerIP: p.peerIP, type: PEER_TYPES[p.type] ?? p.type, state: bgpState(p.info), since: p.since }));
  const v4 = peers(4);
  const v6 = peers(6);
  const est = (l: { state: string }[]) => l.filter((p) => p.state === 'Established').length;
  const out: Record<string, unknown> = {
    numberEstablishedV4: est(v4),
    numberEstablishedV6: est(v6),
    numberNotEstablishedV4: v4.length - est(v4),
    numberNotEstablishedV6: v6.length - est(v6),
  };
  if (v4.length > 0) out.peersV4 = v4;
  if (v6.length > 0) out.peersV6 = v6;
  return out;
}

/** true when `obj` is due for an update at `now`. */
export function isDue(obj: Resource, now: Date): boolean {
  const spec = obj.spec ?? {};
  const period = typeof spec.updatePeriodSeconds === 'number' ? spec.updatePeriodSeconds : DEFAULT_UPDATE_PERIOD_S;
  if (period <= 0) return false;
  const last = (obj.status as { lastUpdated?: unknown } | undefined)?.lastUpdated;
  const t = typeof last === 'string' ? Date.parse(last) : NaN;
  if (Number.isNaN(t)) return true;
  // lastUpdated has whole seconds: allow for the truncation.
  return now.getTime() - t >= period * 1000 - 999;
}

const classesOf = (obj: Resource): unknown[] => (Array.isArray(obj.spec?.classes) ? (obj.spec.classes as unknown[]) : []);

/** BGP sessions by protocol name, for attributing BGP routes. */
export function knownPeers(s: BirdSnapshot): Map<string, KnownPeer> {
  const m = new Map<string, KnownPeer>();
  for (const p of s.peers) if (p.name && p.peerIP) m.set(p.name, { peerIP: p.peerIP, type: p.type });
  return m;
}

/** status.routes from `show route [all]` text. */
export function routesFromShowRoute(text: string, s: BirdSnapshot): RoutesStatus {
  return routesStatus(parseShowRoute(text), knownPeers(s));
}

/**
 * The new `.status` for `obj`: the asked-for classes, plus lastUpdated. `routes` is what BIRD
 * reported this cycle; undefined when it could not be read (the previous routes are kept).
 */
export function statusFor(obj: Resource, s: BirdSnapshot, now: Date, routes?: RoutesStatus): Record<string, unknown> {
  const classes = classesOf(obj);
  const prev = obj.status && typeof obj.status === 'object' ? (obj.status as Record<string, unknown>) : {};
  const out: Record<string, unknown> = { ...prev };
  if (classes.includes('Agent')) out.agent = agentStatus(s);
  else delete out.agent;
  if (classes.includes('BGP')) out.bgp = bgpStatus(s);
  else delete out.bgp;
  if (!classes.includes('Routes')) delete out.routes;
  else if (!s.up) out.routes = {};
  else if (routes !== undefined) out.routes = routes;
  out.lastUpdated = metaTime(now);
  return out;
}

export interface NodeStatusWriter {
  /** Lists this node's CalicoNodeStatus objects and updates those that are due. Never throws. */
  cycle(snapshot: BirdSnapshot): Promise<void>;
}

export interface NodeStatusSources {
  /** `birdc show route [all]` output, or undefined when BIRD did not answer. */
  showRoute?: () => Promise<string | undefined>;
}

export function nodeStatusWriter(ds: Datastore, node: string, log: (line: string) => void, sources: NodeStatusSources = {}): NodeStatusWriter {
  let lastError = '';
  let routesFailed = false;
  const warn = (msg: string): void => {
    if (msg !== lastError) log(msg);
    lastError = msg;
  };
  return {
    async cycle(snapshot) {
      try {
        const { items } = await ds.list(calicoNodeStatus);
        const now = new Date();
        const due = items.filter((obj) => obj.spec?.node === node && isDue(obj, now));
        let routes: RoutesStatus | undefined;
        if (snapshot.up && sources.showRoute && due.some((obj) => classesOf(obj).includes('Routes'))) {
          const text = await sources.showRoute();
          if (text === undefined && !routesFailed) log('CalicoNodeStatus routes: BIRD did not answer show route; keeping the last routes');
          routesFailed = text === undefined;
          if (text !== undefined) routes = routesFromShowRoute(text, snapshot);
        }
        for (const obj of due) {
          try {
            const next = { ...obj, status: statusFor(obj, snapshot, now, routes) };
            await (ds.updateStatus ? ds.updateStatus(calicoNodeStatus, next) : ds.update(calicoNodeStatus, next));
          } catch (e) {
            // Changed or deleted since the list: the next cycle reads it again.
            if (e instanceof ConflictError || e instanceof NotFoundError) continue;
            throw e;
          }
        }
        lastError = '';
      } catch (e) {
        warn(`CalicoNodeStatus update failed: ${(e as Error).message}`);
      }
    },
  };
}
