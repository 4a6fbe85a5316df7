// Shared helpers for the benchmarks: timing child processes and summarising samples.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import os from 'node:os';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = join(ROOT, 'bin', 'calicoctl.js');
/**
 * BENCH_BEFORE_CLI=<another build's bin/calicoctl.js>: the scripts also time that build,
 * interleaved with this one, to compare before/after under the same machine state.
 */
export const BEFORE_CLI = process.env.BENCH_BEFORE_CLI || undefined;

/** Runs a command, returns wall milliseconds; throws when it fails. */
export function timeRun(cmd, args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { ms, stdout: r.stdout, stderr: r.stderr };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function machine() {
  const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

export const cleanEnv = (extra = {}) => {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(CALICO_|DATASTORE_TYPE|ETCD_|K8S_|KUBECONFIG)/.test(k)) env[k] = v;
  }
  return { ...env, NO_COLOR: '1', ...extra };
};
