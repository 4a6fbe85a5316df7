/**
 * Runs the built CLI (bin/calicoctl.js) as a user would: a child process with argv, env and
 * optional stdin; returns stdout, stderr and the exit code.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'calicoctl.js');

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  /** Run through another file name (e.g. bin/kubectl-calico). */
  bin?: string;
  cwd?: string;
  timeoutMs?: number;
}

/** Environment for talking to a test etcd with no calicoctl.cfg in the way. */
export function etcdEnv(endpoint: string): Record<string, string> {
  return { DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: endpoint };
}

export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (v === undefined) continue;
      // Never let the developer's own Calico settings leak into a test.
      if (/^(CALICO_|DATASTORE_TYPE|ETCD_|K8S_|KUBECONFIG)/.test(k)) continue;
      env[k] = v;
    }
    env.NO_COLOR = '1';
    for (const [k, v] of Object.entries(opts.env ?? {})) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    const child = spawn(process.execPath, [opts.bin ?? BIN, ...args], {
      env,
      cwd: opts.cwd ?? ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`calicoctl ${args.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, opts.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code: code ?? -1 });
    });
    child.stdin.end(opts.stdin ?? '');
  });
}
