/** One look at a node: its processes and, per address family, the BGP peers BIRD reports. */
import { join } from 'node:path';
import { BirdConnectError, birdQuery } from './birdctl.js';
import { type Family, type Peer, peersOf } from './peers.js';
import { detectProcesses } from './procs.js';
import { parseShowProtocols } from './protocols.js';

export const DEFAULT_RUN_DIR = '/var/run/calico';
export const FALLBACK_SOCKET_DIR = '/var/run/bird';

export interface FamilyStatus {
  running: boolean;
  peers: Peer[];
  /** Set when BIRD could not be queried (shown, exit status unaffected). */
  error?: string;
}

export interface NodeStatus {
  running: boolean;
  bird: { ipv4: FamilyStatus; ipv6: FamilyStatus };
  /** A reply BIRD gave that could not be understood: calicoctl fails the command on it. */
  fatal?: string;
}

export function socketPaths(runDir: string, family: Family): string[] {
  const file = family === 4 ? 'bird.ctl' : 'bird6.ctl';
  return [join(runDir, file), join(FALLBACK_SOCKET_DIR, file)];
}

/**
 * `show protocols` on the first socket that answers. Throws on a reply it cannot parse. With
 * `both`, the peers of both families are kept (one BIRD 2 daemon carrying both), and
 * `carriesIPv6` tells whether that daemon routes IPv6 at all (a protocol on table `master6`,
 * e.g. the kernel protocol the agent renders for a node with an IPv6 address).
 */
export async function queryFamily(runDir: string, family: Family, both = false): Promise<FamilyStatus & { carriesIPv6?: boolean }> {
  let lastError = '';
  for (const path of socketPaths(runDir, family)) {
    let lines: string[];
    try {
      lines = await birdQuery(path, 'show protocols');
    } catch (e) {
      if (e instanceof BirdConnectError) {
        lastError = e.message;
        continue;
      }
      throw e;
    }
    const rows = parseShowProtocols(lines);
    const peers = peersOf(rows, both ? undefined : family);
    return both ? { running: true, peers, carriesIPv6: rows.some((r) => r.table === 'master6') } : { running: true, peers };
  }
  return { running: true, peers: [], error: `unable to connect to BIRDv${family} socket: ${lastError}` };
}

export async function collectStatus(runDir: string): Promise<NodeStatus> {
  const procs = detectProcesses(runDir);
  const status: NodeStatus = {
    running: procs.agent,
    bird: { ipv4: { running: procs.bird, peers: [] }, ipv6: { running: procs.bird6, peers: [] } },
  };
  if (!procs.agent) return status;
  try {
    if (procs.bird) {
      // Without a separate bird6, IPv6 peers configured in the one BIRD 2 daemon show as IPv6;
      // a daemon that routes IPv6 but has no IPv6 peer shows an empty IPv6 section, not "not running".
      const { carriesIPv6, ...v4 } = await queryFamily(runDir, 4, !procs.bird6);
      status.bird.ipv4 = { ...v4, peers: v4.peers.filter((p) => p.family === 4) };
      const v6 = v4.peers.filter((p) => p.family === 6);
      if (!procs.bird6 && (v6.length > 0 || carriesIPv6 === true)) status.bird.ipv6 = { running: true, peers: v6 };
    }
    if (procs.bird6) status.bird.ipv6 = await queryFamily(runDir, 6);
  } catch (e) {
    status.fatal = (e as Error).message;
  }
  return status;
}
