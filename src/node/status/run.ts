/**
 * The `node status` flow; returns the exit status. Text as calicoctl prints it (stdout), errors
 * on stderr, exit 1 when not root, when the agent is not running, when BIRD's reply cannot be
 * parsed, or when --wait runs out before every expected peer is Established (expected.ts says
 * which peers are expected; only --wait loads it, so plain `node status` never opens a datastore).
 */
import { stderr, stdout } from '../../actions/output.js';
import { collectStatus, type NodeStatus } from './collect.js';
import type { ExpectedFrom, ExpectedPeerSource } from './expected.js';
import { renderJson, renderText } from './render.js';
import { describePending, pendingPeers, type PendingPeer } from './wait.js';

export interface StatusOptions {
  runDir: string;
  output: 'text' | 'json';
  /** --wait, in milliseconds; undefined = no waiting. */
  waitMs?: number;
  /** The --wait text as given, for messages. */
  waitText?: string;
  /** -c/--config: calicoctl's client configuration, for --wait's expected peers. */
  configPath?: string;
}

export const NOT_ROOT = 'Need super user privileges: Operation not permitted\n';
export const NOT_RUNNING = 'Calico process is not running.\n';
const POLL_MS = 200;
/** The least time one datastore round gets, however little of --wait is left. */
const MIN_DATASTORE_MS = 1000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Waited {
  status: NodeStatus;
  pending: PendingPeer[];
  /** Undefined when the expected set was never looked at (agent not running, BIRD unreadable). */
  expectedFrom?: ExpectedFrom;
}

/** Polls until every expected peer is Established or the time is up; a number is an exit status. */
async function waitForPeers(opts: StatusOptions, waitMs: number): Promise<Waited | number> {
  const { ExpectedPeerSource: Source } = await import('./expected.js');
  let source: ExpectedPeerSource;
  try {
    source = await Source.open(opts.runDir, opts.configPath, stderr);
  } catch (e) {
    // A configuration calicoctl rejects: its usual message, on stdout as the other commands print it.
    const msg = (e as Error).message;
    await stdout(msg.startsWith('Error reading config file') ? `${msg}\n` : `Failed to create Calico API client: ${msg}\n`);
    return 1;
  }
  const deadline = Date.now() + waitMs;
  try {
    for (;;) {
      const status = await collectStatus(opts.runDir);
      const result: Waited = { status, pending: [] };
      if (status.running && status.fatal === undefined) {
        const expected = await source.current(Math.max(MIN_DATASTORE_MS, deadline - Date.now()));
        result.expectedFrom = expected.from;
        result.pending = pendingPeers(status, expected.peers);
      }
      const ready = status.running && status.fatal === undefined && result.pending.length === 0;
      if (ready || status.fatal !== undefined || Date.now() + POLL_MS > deadline) return result;
      await sleep(POLL_MS);
    }
  } finally {
    await source.close();
  }
}

export async function runNodeStatus(opts: StatusOptions): Promise<number> {
  if (process.getuid?.() !== 0) {
    await stdout(NOT_ROOT);
    return 1;
  }
  let waited: Waited | undefined;
  let status: NodeStatus;
  if (opts.waitMs === undefined) {
    status = await collectStatus(opts.runDir);
  } else {
    const w = await waitForPeers(opts, opts.waitMs);
    if (typeof w === 'number') return w;
    waited = w;
    status = w.status;
  }
  if (opts.output === 'json') {
    const extra = waited ? { expectedFrom: waited.expectedFrom, pending: waited.pending } : undefined;
    await stdout(renderJson(status, extra));
  }
  if (!status.running) {
    await stderr(NOT_RUNNING);
    return 1;
  }
  if (opts.output === 'text') await stdout(renderText(status));
  if (status.fatal !== undefined) {
    await stderr(`error executing command: ${status.fatal}\n`);
    return 1;
  }
  if (waited && waited.pending.length > 0) {
    await stderr(`BGP peers not Established after ${opts.waitText ?? `${opts.waitMs}ms`}: ${waited.pending.map(describePending).join(', ')}\n`);
    return 1;
  }
  return 0;
}
