/**
 * Is the node running? For a node started by `calicoctl node run` the PID files in its run dir
 * decide (several nodes can share one machine): when any of supervisor.pid, agent.pid, bird.pid
 * or bird6.pid exists there, the agent runs iff agent.pid names a live process, and BIRD v4/v6
 * iff bird.pid / bird6.pid do. Otherwise every process's argv is scanned, as calicoctl does:
 * the agent is argv[0] `calico-felix`, argv[0] `calico-node` or argv[1] `-felix` (calicoctl's
 * test), or calicoctl-ts's agent (an argument `calico-agent*` or `.../node/agent/main.js`);
 * BIRD is argv[0] exactly `bird` / `bird6`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface Processes {
  agent: boolean;
  bird: boolean;
  bird6: boolean;
  /** How it was decided. */
  source: 'pidfiles' | 'proc';
}

export function readPid(file: string): number | undefined {
  try {
    const n = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** Alive and not a zombie. */
export function pidAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

const PIDFILES = ['supervisor.pid', 'agent.pid', 'bird.pid', 'bird6.pid'];

function argvOf(pid: string): string[] | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw === '' ? undefined : raw.replace(/\0$/, '').split('\0');
  } catch {
    return undefined;
  }
}

export function isAgentArgv(argv: readonly string[]): boolean {
  return (
    argv[0] === 'calico-felix' ||
    argv[0] === 'calico-node' ||
    argv[1] === '-felix' ||
    argv.some((a) => basename(a).startsWith('calico-agent') || /(^|\/)node\/agent\/main\.js$/.test(a))
  );
}

export function scanProc(procDir = '/proc'): Omit<Processes, 'source'> {
  const found = { agent: false, bird: false, bird6: false };
  for (const pid of readdirSync(procDir)) {
    if (!/^\d+$/.test(pid)) continue;
    const argv = argvOf(pid);
    if (!argv) continue;
    if (argv[0] === 'bird') found.bird = true;
    else if (argv[0] === 'bird6') found.bird6 = true;
    else if (!found.agent && isAgentArgv(argv)) found.agent = true;
  }
  return found;
}

export function detectProcesses(runDir: string): Processes {
  if (PIDFILES.some((f) => existsSync(join(runDir, f)))) {
    const alive = (f: string): boolean => pidAlive(readPid(join(runDir, f)));
    return { agent: alive('agent.pid'), bird: alive('bird.pid'), bird6: alive('bird6.pid'), source: 'pidfiles' };
  }
  return { ...scanProc(), source: 'proc' };
}
