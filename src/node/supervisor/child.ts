/**
 * One supervised child: started, restarted with backoff when it dies, its PID written to a
 * file, stopped with SIGTERM (then SIGKILL) on request.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, rmSync, writeFileSync } from 'node:fs';

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  logFile: string;
  pidFile: string;
  /** Runs before each start (e.g. remove a stale control socket); may delay the start. */
  beforeStart?: () => Promise<void>;
}

const MIN_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 5000;
/** A child that ran this long is considered healthy again: backoff resets. */
const STABLE_MS = 10_000;

export class SupervisedChild {
  private proc: ChildProcess | undefined;
  private stopping = false;
  private backoff = MIN_BACKOFF_MS;
  private timer: NodeJS.Timeout | undefined;
  restarts = 0;

  constructor(
    private readonly spec: ChildSpec,
    private readonly log: (line: string) => void,
  ) {}

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  async start(): Promise<void> {
    if (this.stopping) return;
    await this.spec.beforeStart?.();
    if (this.stopping) return;
    const fd = openSync(this.spec.logFile, 'a');
    const startedAt = Date.now();
    let proc: ChildProcess;
    try {
      proc = spawn(this.spec.command, this.spec.args, { env: this.spec.env ?? process.env, stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
    this.proc = proc;
    proc.on('error', (e) => this.log(`${this.spec.name}: failed to start: ${e.message}`));
    if (proc.pid !== undefined) {
      writeFileSync(this.spec.pidFile, `${proc.pid}\n`);
      this.log(`${this.spec.name} started (pid ${proc.pid})`);
    }
    proc.on('exit', (code, signal) => {
      if (this.proc === proc) this.proc = undefined;
      if (this.stopping) return;
      if (Date.now() - startedAt > STABLE_MS) this.backoff = MIN_BACKOFF_MS;
      const delay = this.backoff;
      this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
      this.log(`${this.spec.name} exited (${signal ?? `code ${code}`}); restarting in ${delay} ms`);
      this.restarts++;
      this.timer = setTimeout(() => void this.start(), delay);
    });
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the child is gone. */
  async stop(graceMs = 5000): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    const proc = this.proc;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const gone = new Promise<void>((r) => proc.once('exit', () => r()));
      proc.kill('SIGTERM');
      const killer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await gone;
      clearTimeout(killer);
    }
    rmSync(this.spec.pidFile, { force: true });
  }
}
