/**
 * `--wait`: which peers must be Established, and what is still missing. The expected peers are
 * those the agent listed in `<run-dir>/expected-peers.json` (`[{name, address, type}]`); without
 * that file, every Mesh_/Global_/Node_ BGP protocol BIRD reports.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeStatus } from './collect.js';
import { isEstablished, type Peer } from './peers.js';

export interface ExpectedPeer {
  name: string;
  address?: string;
  type?: string;
}

export function readExpectedPeers(runDir: string): ExpectedPeer[] | undefined {
  let text: string;
  try {
    text = readFileSync(join(runDir, 'expected-peers.json'), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const doc = JSON.parse(text) as unknown;
    if (!Array.isArray(doc)) return undefined;
    return doc.filter((p): p is ExpectedPeer => typeof p === 'object' && p !== null && typeof (p as ExpectedPeer).name === 'string');
  } catch {
    // The agent may be rewriting it: treat as absent for this round.
    return undefined;
  }
}

/** Expected peers that are not Established, each described for the timeout message. */
export function pendingPeers(s: NodeStatus, expected: readonly ExpectedPeer[] | undefined): string[] {
  const seen = [...s.bird.ipv4.peers, ...s.bird.ipv6.peers];
  const byName = new Map<string, Peer>(seen.map((p) => [p.name, p]));
  const wanted: readonly ExpectedPeer[] = expected ?? seen.map((p) => ({ name: p.name, address: p.address, type: p.type }));
  const out: string[] = [];
  for (const e of wanted) {
    const p = byName.get(e.name);
    if (p && isEstablished(p)) continue;
    const address = p?.address ?? e.address ?? e.name;
    const type = p?.type ?? e.type;
    const state = p ? [p.state, p.info].filter((x) => x !== '').join(' ') : 'not configured in BIRD';
    out.push(`${address} (${[type, state].filter(Boolean).join(', ')})`);
  }
  return out;
}
