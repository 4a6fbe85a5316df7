/** `calicoctl node stop`: SIGTERM to the supervisor by its PID file, then wait for every process. */
import { rmSync } from 'node:fs';
import { nodePaths, DEFAULT_LOG_DIR } from './paths.js';
import { isAlive, readPid, waitGone } from './procs.js';

export type StopResult = { stopped: false } | { stopped: true; pids: number[] };

export async function stopNode(runDir: string, timeoutMs = 15_000): Promise<StopResult> {
  const p = nodePaths(runDir, DEFAULT_LOG_DIR);
  const sup = readPid(p.supervisorPid);
  const children = [readPid(p.agentPid), readPid(p.birdPid), readPid(p.ipamPid)].filter((x): x is number => x !== undefined && isAlive(x));
  const supAlive = sup !== undefined && isAlive(sup);
  if (!supAlive && children.length === 0) return { stopped: false };
  // Normally the supervisor stops its children; orphans (supervisor killed) get SIGTERM directly.
  if (supAlive) process.kill(sup, 'SIGTERM');
  else for (const pid of children) process.kill(pid, 'SIGTERM');
  const all = supAlive ? [sup, ...children] : children;
  const end = Date.now() + timeoutMs;
  for (const pid of all) {
    if (!(await waitGone(pid, Math.max(0, end - Date.now())))) {
      // Last resort for anything that ignored SIGTERM.
      for (const q of all) if (isAlive(q)) process.kill(q, 'SIGKILL');
      break;
    }
  }
  // A supervisor that was killed outright could not remove its files.
  if (!supAlive) for (const f of [p.supervisorPid, p.agentPid, p.birdPid, p.ipamPid, p.status]) rmSync(f, { force: true });
  return { stopped: true, pids: all };
}
