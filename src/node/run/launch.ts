/**
 * Starting the supervisor: detached (its own session, output to <log-dir>/supervisor.log) or,
 * with --init-system, in the foreground; then waiting for the agent to report started.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { formatProcessArgs, type NodeProcessArgs } from '../supervisor/args.js';
import { SUPERVISOR_MAIN } from './env.js';
import { nodePaths } from './paths.js';
import { isAlive, sleep } from './procs.js';

export const START_TIMEOUT_MS = Number(process.env.CALICO_NODE_START_TIMEOUT_MS || 10_000);

function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(CALICO_|DATASTORE_TYPE|ETCD_|K8S_|KUBECONFIG|IP$|IP6$|AS$|NODENAME)/.test(k) && !k.startsWith('CALICO_BIRD')) continue;
    out[k] = v;
  }
  return { ...out, ...env };
}

/** The last `lines` lines written to `file` after byte `from`. */
export function tail(file: string, from = 0, lines = 15): string {
  try {
    return readFileSync(file).subarray(from).toString('utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export type LaunchResult = { ok: true; pid: number } | { ok: false; reason: string };

/** Spawns the supervisor in its own session (output to <log-dir>/supervisor.log); returns its PID. */
export function spawnDetached(args: NodeProcessArgs, env: Record<string, string>): number | undefined {
  const p = nodePaths(args.runDir, args.logDir);
  mkdirSync(p.logDir, { recursive: true });
  mkdirSync(p.runDir, { recursive: true });
  const fd = openSync(p.supervisorLog, 'a');
  const child = spawn(process.execPath, [SUPERVISOR_MAIN, ...formatProcessArgs(args)], {
    detached: true,
    stdio: ['ignore', fd, fd],
    env: childEnv(env),
  });
  closeSync(fd);
  child.unref();
  return child.pid;
}

/** Waits until status.json says started (or the supervisor died, or the timeout passed). */
export async function waitStarted(pid: number, args: NodeProcessArgs): Promise<LaunchResult> {
  const p = nodePaths(args.runDir, args.logDir);
  const end = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < end) {
    if (readStarted(p.status)) return { ok: true, pid };
    if (!isAlive(pid)) return { ok: false, reason: 'the supervisor exited' };
    await sleep(50);
  }
  return { ok: false, reason: `the node did not report started within ${START_TIMEOUT_MS / 1000} s` };
}

function readStarted(file: string): boolean {
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { started?: boolean }).started === true;
  } catch {
    return false;
  }
}

/** Current sizes of the node's log files, so a failure report shows only this run's lines. */
export function logOffsets(files: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of files) {
    try {
      m.set(f, statSync(f).size);
    } catch {
      m.set(f, 0);
    }
  }
  return m;
}

/** --init-system: the supervisor in the foreground; signals are passed on; resolves with its exit code. */
export function runForeground(args: NodeProcessArgs, env: Record<string, string>): Promise<number> {
  const child = spawn(process.execPath, [SUPERVISOR_MAIN, ...formatProcessArgs(args)], { stdio: 'inherit', env: childEnv(env) });
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(sig, () => child.kill(sig));
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}
