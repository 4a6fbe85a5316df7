/**
 * The `node status` flow; returns the exit status. Text as calicoctl prints it (stdout), errors
 * on stderr, exit 1 when not root, when the agent is not running, when BIRD's reply cannot be
 * parsed, or when --wait runs out before every expected peer is Established.
 */
import { stderr, stdout } from '../../actions/output.js';
import { collectStatus, type NodeStatus } from './collect.js';
import { renderJson, renderText } from './render.js';
import { pendingPeers, readExpectedPeers } from './wait.js';

export interface StatusOptions {
  runDir: string;
  output: 'text' | 'json';
  /** --wait, in milliseconds; undefined = no waiting. */
  waitMs?: number;
  /** The --wait text as given, for messages. */
  waitText?: string;
}

export const NOT_ROOT = 'Need super user privileges: Operation not permitted\n';
export const NOT_RUNNING = 'Calico process is not running.\n';
const POLL_MS = 200;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function runNodeStatus(opts: StatusOptions): Promise<number> {
  if (process.getuid?.() !== 0) {
    await stdout(NOT_ROOT);
    return 1;
  }
  let status: NodeStatus;
  let pending: string[] = [];
  if (opts.waitMs === undefined) {
    status = await collectStatus(opts.runDir);
  } else {
    const deadline = Date.now() + opts.waitMs;
    for (;;) {
      status = await collectStatus(opts.runDir);
      pending = status.running && status.fatal === undefined ? pendingPeers(status, readExpectedPeers(opts.runDir)) : [];
      const ready = status.running && status.fatal === undefined && pending.length === 0;
      if (ready || status.fatal !== undefined || Date.now() + POLL_MS > deadline) break;
      await sleep(POLL_MS);
    }
  }
  if (opts.output === 'json') await stdout(renderJson(status));
  if (!status.running) {
    await stderr(NOT_RUNNING);
    return 1;
  }
  if (opts.output === 'text') await stdout(renderText(status));
  if (status.fatal !== undefined) {
    await stderr(`error executing command: ${status.fatal}\n`);
    return 1;
  }
  if (pending.length > 0) {
    await stderr(`BGP peers not Established after ${opts.waitText ?? `${opts.waitMs}ms`}: ${pending.join(', ')}\n`);
    return 1;
  }
  return 0;
}
