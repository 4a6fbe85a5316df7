/**
 * `calico-ipam daemon` as a process for the tests: started through bin/calico-ipam on a socket in
 * a temp dir, its log collected, stopped by PID (stopAllDaemons() in afterAll as a safety net).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NATIVE, PLUGIN, baseEnv } from './plugin.js';

export interface DaemonProcess {
  pid: number;
  socket: string;
  dir: string;
  /** Everything the daemon wrote on stderr so far. */
  log(): string;
  /** Request lines logged so far (`ADD container=... exit=0 1.2ms`). */
  requests(): string[];
  /** Waits until at least n request lines are logged (the line is written just before the answer). */
  waitForRequests(n: number): Promise<string[]>;
  /** Sends `signal` and resolves with the exit code (or the signal name). */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
  exited: Promise<number | string>;
}

const running = new Set<ChildProcess>();

export function requireNative(): void {
  if (!existsSync(NATIVE)) throw new Error(`${NATIVE} is missing: npm run build must run scripts/build-native.js`);
}

/** Starts a daemon; resolves once it listens, rejects with its output if it exits first. */
export function startDaemon(opts: { socket?: string; dir?: string } = {}): Promise<DaemonProcess> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'calico-ipam-daemon-'));
  const socket = opts.socket ?? join(dir, 'ipam.sock');
  const child = spawn(PLUGIN, ['daemon', '--socket', socket], { env: baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let log = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (log += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (log += d));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal ?? -1);
    }),
  );
  const requests = (): string[] => log.split('\n').filter((l) => / container=\S+ exit=\d+ /.test(l));
  const proc: DaemonProcess = {
    pid: child.pid!,
    socket,
    dir,
    log: () => log,
    requests,
    async waitForRequests(n) {
      for (let i = 0; i < 200 && requests().length < n; i++) await new Promise((r) => setTimeout(r, 10));
      return requests();
    },
    stop(signal = 'SIGTERM') {
      if (running.has(child)) process.kill(child.pid!, signal);
      return exited;
    },
    exited,
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`daemon did not start: ${log}`)), 15_000);
    const onData = (): void => {
      if (log.includes(`listening on ${socket}`)) {
        clearTimeout(timer);
        child.stderr.off('data', onData);
        resolve(proc);
      }
    };
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`daemon exited ${code}: ${log}`), { code, log }));
    });
  });
}

export async function stopAllDaemons(): Promise<void> {
  await Promise.all(
    [...running].map(
      (c) =>
        new Promise<void>((resolve) => {
          c.once('exit', () => resolve());
          process.kill(c.pid!, 'SIGKILL');
        }),
    ),
  );
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
