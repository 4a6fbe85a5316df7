// Programmatic start for tests: startKubeApiServer() runs main.mjs as a child process (so tests
// may block on synchronous child processes without stalling the server) or, with
// { inProcess: true }, in the calling process.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startInProcess } from './start.mjs';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), 'main.mjs');

/** @param {import('./index.d.mts').KubeApiServerOptions} [opts] */
export async function startKubeApiServer(opts = {}) {
  if (opts.inProcess) {
    const s = await startInProcess(opts);
    return { url: s.url, kubeconfigPath: s.kubeconfigPath, dir: s.dir, caFile: s.caFile, clientCertFile: s.clientCertFile,
      clientKeyFile: s.clientKeyFile, token: opts.token, pid: process.pid, stop: s.stop, reset: async () => s.reset() };
  }
  const args = [MAIN, '--port', String(opts.port ?? 0)];
  if (opts.tls) args.push('--tls');
  if (opts.token) args.push('--token', opts.token);
  if (opts.crdDir) args.push('--crd-dir', opts.crdDir);
  if (opts.historySize) args.push('--history-size', String(opts.historySize));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const kubeconfigPath = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kube-apiserver stand-in did not start within 20s: ${stderr}`));
    }, 20_000);
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(out.slice(0, nl));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kube-apiserver stand-in exited (${code}) during start-up: ${stderr}`));
    });
  });
  const cfg = JSON.parse(readFileSync(kubeconfigPath, 'utf8'));
  const url = cfg.clusters[0].cluster.server;
  const dir = dirname(kubeconfigPath);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const headers = () => ({ ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) });
  return {
    url,
    kubeconfigPath,
    dir,
    caFile: opts.tls ? join(dir, 'ca.pem') : undefined,
    clientCertFile: opts.tls ? join(dir, 'client.pem') : undefined,
    clientKeyFile: opts.tls ? join(dir, 'client.key') : undefined,
    token: opts.token,
    pid: /** @type {number} */ (child.pid),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    async reset() {
      if (opts.tls) throw new Error('reset() over TLS: use inProcess: true');
      const r = await fetch(`${url}/__stand-in/reset`, { method: 'POST', headers: headers() });
      if (!r.ok) throw new Error(`reset failed: ${r.status}`);
    },
  };
}
