/**
 * CalicoNodeStatus: the objects whose spec.node is this node get their `.status` filled from what
 * the agent already knows about BIRD (classes Agent and BGP), every spec.updatePeriodSeconds
 * (default 10; 0 = no more updates). Writes are compare-and-swap updates; a conflict is left
 * for the next cycle, which re-reads the object.
 *
 * Class Routes is not filled: BIRD 2 prints `show route` in a two-line layout that Calico's
 * populator does not read either, so `status.routes` is left alone.
 */
import { ConflictError, NotFoundError } from '../../errors.js';
import type { Datastore } from '../../datastore/types.js';
import type { Resource } from '../../resources/types.js';
import { calicoNodeStatus } from '../../resources/kinds/caliconodestatus.js';

/** What the agent knows about BIRD at one moment. */
export interface BirdSnapshot {
  /** false when BIRD did not answer (or the node runs without BGP). */
  up: boolean;
  /** The raw `birdc show status` text of the last poll. */
  showStatus: string;
  version?: string;
  routerID?: string;
  peers: { peerIP: string; type: string; family: 4 | 6; state: string; since: string; info: string }[];
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

/** The new `.status` for `obj`: the asked-for classes, plus lastUpdated. */
export function statusFor(obj: Resource, s: BirdSnapshot, now: Date): Record<string, unknown> {
  const classes = Array.isArray(obj.spec?.classes) ? (obj.spec.classes as unknown[]) : [];
  const prev = obj.status && typeof obj.status === 'object' ? (obj.status as Record<string, unknown>) : {};
  const out: Record<string, unknown> = { ...prev };
  if (classes.includes('Agent')) out.agent = agentStatus(s);
  else delete out.agent;
  if (classes.includes('BGP')) out.bgp = bgpStatus(s);
  else delete out.bgp;
  out.lastUpdated = metaTime(now);
  return out;
}

export interface NodeStatusWriter {
  /** Lists this node's CalicoNodeStatus objects and updates those that are due. Never throws. */
  cycle(snapshot: BirdSnapshot): Promise<void>;
}

export function nodeStatusWriter(ds: Datastore, node: string, log: (line: string) => void): NodeStatusWriter {
  let lastError = '';
  const warn = (msg: string): void => {
    if (msg !== lastError) log(msg);
    lastError = msg;
  };
  return {
    async cycle(snapshot) {
      try {
        const { items } = await ds.list(calicoNodeStatus);
        const now = new Date();
        for (const obj of items) {
          if (obj.spec?.node !== node || !isDue(obj, now)) continue;
          try {
            const next = { ...obj, status: statusFor(obj, snapshot, now) };
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
