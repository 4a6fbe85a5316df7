/**
 * `--wait`: what is still missing, given the peers that must be Established. Where that list
 * comes from is expected.ts's business; here, `expected` undefined means "every Mesh_/Global_/
 * Node_ BGP protocol BIRD reports". Only expected peers count: a protocol BIRD still has but
 * that is no longer expected is not waited for; an expected peer BIRD does not have yet is
 * pending ("not configured in BIRD").
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

/** One expected peer that is not Established. */
export interface PendingPeer {
  /** The BIRD protocol name. */
  name: string;
  address: string;
  type?: string;
  /** BIRD's State and Info columns, or `not configured in BIRD`. */
  state: string;
}

export const NOT_CONFIGURED = 'not configured in BIRD';

/** The agent's list, `<run-dir>/expected-peers.json` (`[{name, address, type}]`); undefined without one. */
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

/** Expected peers that are not Established, in the order expected. */
export function pendingPeers(s: NodeStatus, expected: readonly ExpectedPeer[] | undefined): PendingPeer[] {
  const seen = [...s.bird.ipv4.peers, ...s.bird.ipv6.peers];
  const byName = new Map<string, Peer>(seen.map((p) => [p.name, p]));
  const wanted: readonly ExpectedPeer[] = expected ?? seen.map((p) => ({ name: p.name, address: p.address, type: p.type }));
  const out: PendingPeer[] = [];
  for (const e of wanted) {
    const p = byName.get(e.name);
    if (p && isEstablished(p)) continue;
    const type = p?.type ?? e.type;
    out.push({
      name: e.name,
      address: p?.address ?? e.address ?? e.name,
      ...(type !== undefined && type !== '' ? { type } : {}),
      state: p ? [p.state, p.info].filter((x) => x !== '').join(' ') : NOT_CONFIGURED,
    });
  }
  return out;
}

/** `10.0.0.9 (global, not configured in BIRD)`, as the timeout message lists it. */
export function describePending(p: PendingPeer): string {
  return `${p.address} (${[p.type, p.state].filter(Boolean).join(', ')})`;
}
