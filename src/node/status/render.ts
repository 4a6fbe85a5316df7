/** `node status` output: calicoctl's text, or JSON. */
import { renderBoxTable } from '../../printers/boxtable.js';
import type { FamilyStatus, NodeStatus } from './collect.js';
import type { ExpectedFrom } from './expected.js';
import type { PendingPeer } from './wait.js';

const HEADERS = ['Peer address', 'Peer type', 'State', 'Since', 'Info'];

function familySection(f: FamilyStatus, v: 4 | 6): string {
  let out = `\nIPv${v} BGP status\n`;
  if (f.error !== undefined) return `${out}Error querying BIRD: ${f.error}`;
  if (f.peers.length === 0) return `${out}No IPv${v} peers found.\n`;
  out += renderBoxTable(
    HEADERS,
    f.peers.map((p) => [p.address, p.type, p.state, p.since, p.info]),
  );
  return out;
}

/** The text before a fatal BIRD error stops the output (calicoctl prints the section heading first). */
export function renderText(s: NodeStatus): string {
  let out = 'Calico process is running.\n';
  const { ipv4, ipv6 } = s.bird;
  if (!ipv4.running && !ipv6.running) return `${out}\nThe BGP backend process (BIRD) is not running.\n\n`;
  if (s.fatal !== undefined) return `${out}\nIPv4 BGP status\n`;
  out += ipv4.running ? familySection(ipv4, 4) : "\nINFO: BIRDv4 process: 'bird' is not running.\n";
  out += ipv6.running ? familySection(ipv6, 6) : "\nINFO: BIRDv6 process: 'bird6' is not running.\n";
  return `${out}\n`;
}

function familyJson(f: FamilyStatus): unknown {
  return {
    running: f.running,
    peers: f.peers.map((p) => ({ name: p.name, address: p.address, type: p.type, state: p.state, since: p.since, info: p.info })),
    ...(f.error !== undefined ? { error: f.error } : {}),
  };
}

/** What --wait adds: where the expected peers came from, and those not Established. */
export interface WaitJson {
  expectedFrom?: ExpectedFrom;
  pending: PendingPeer[];
}

export function renderJson(s: NodeStatus, wait?: WaitJson): string {
  const doc = {
    running: s.running,
    bird: { ipv4: familyJson(s.bird.ipv4), ipv6: familyJson(s.bird.ipv6) },
    ...(s.fatal !== undefined ? { error: s.fatal } : {}),
    ...(wait ? { ...(wait.expectedFrom ? { expectedFrom: wait.expectedFrom } : {}), pending: wait.pending } : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
