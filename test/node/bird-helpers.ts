/**
 * Real BIRD 2 for node tests: a temp run dir, a config, `bird -f` started with argv0 `bird` and
 * its PID file and control socket in that dir; stopped by PID. Tests skip when bird is absent or
 * the user is not root.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIRD = ['/usr/sbin/bird', '/usr/bin/bird'].find((p) => existsSync(p));
export const BIRDC = ['/usr/sbin/birdc', '/usr/bin/birdc'].find((p) => existsSync(p));
export const isRoot = process.getuid?.() === 0;
export const birdSkipReason = !isRoot
  ? 'needs root (BIRD binds BGP sockets; node status requires root)'
  : BIRD === undefined || BIRDC === undefined
    ? 'bird2 is not installed (apt-get install bird2)'
    : undefined;

export function tempRunDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `ctlts-${tag}-${process.pid}-`));
}

export interface BgpSpec {
  name: string;
  neighbor: string;
  neighborPort: number;
  neighborAs: number;
  /** An IPv6 session: this local address and an ipv6 channel (default: the spec's, ipv4). */
  local6?: string;
  extra?: string;
}

export interface BirdSpec {
  routerId: string;
  localAddress: string;
  localPort: number;
  as: number;
  peers: BgpSpec[];
  /** More configuration appended as is (e.g. a static protocol on an ipv6 channel). */
  extraConfig?: string;
}

export function birdConfig(dir: string, s: BirdSpec): string {
  const peers = s.peers
    .map(
      (p) => `protocol bgp ${p.name} {
  local ${p.local6 ?? s.localAddress} port ${s.localPort} as ${s.as};
  neighbor ${p.neighbor} port ${p.neighborPort} as ${p.neighborAs};
  strict bind;
  connect delay time 1; connect retry time 1; error wait time 1,2;
  hold time 6; keepalive time 2;
  ${p.local6 ? 'ipv6' : 'ipv4'} { import all; export none; };
  ${p.extra ?? ''}
}
`,
    )
    .join('');
  return `log "${join(dir, 'bird.log')}" all;
router id ${s.routerId};
protocol device { scan time 10; }
${peers}${s.extraConfig ?? ''}`;
}

export interface RunningBird {
  pid: number;
  socket: string;
  stop(): Promise<void>;
}

/** Starts `bird -f` on a config; resolves once its control socket answers. */
export async function startBird(dir: string, s: BirdSpec, file = 'bird'): Promise<RunningBird> {
  const cfg = join(dir, `${file}.cfg`);
  const socket = join(dir, `${file}.ctl`);
  writeFileSync(cfg, birdConfig(dir, s));
  const child: ChildProcess = spawn(BIRD!, ['-f', '-c', cfg, '-s', socket, '-P', join(dir, `${file}.pid`)], {
    argv0: file,
    stdio: 'ignore',
  });
  const pid = child.pid!;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
    }
  };
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`bird exited with ${child.exitCode}; config:\n${birdConfig(dir, s)}`);
    if (existsSync(socket) && spawnSync(BIRDC!, ['-s', socket, 'show', 'status']).status === 0) return { pid, socket, stop };
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error('bird did not open its control socket');
}

/** A free-looking TCP port in a range nothing else here uses. */
export function randomPort(): number {
  return 20000 + Math.floor(Math.random() * 30000);
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
