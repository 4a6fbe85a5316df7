// Starts a real etcd (Debian etcd-server) on free loopback ports with a temp data dir, for
// tests, benchmarks and the demo. Stopped by PID; the data dir is removed.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

/** @returns {Promise<number>} a free TCP port on 127.0.0.1 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * @param {{ tls?: { caFile: string, certFile: string, keyFile: string, serverCertFile: string, serverKeyFile: string } }} [opts]
 *   tls: serve clients over TLS and require client certificates signed by caFile.
 */
export async function startEtcd(opts = {}) {
  const clientPort = await freePort();
  const peerPort = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'calicoctl-ts-etcd-'));
  const endpoint = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const args = [
    '--name', 'test', '--data-dir', dataDir,
    '--listen-client-urls', endpoint, '--advertise-client-urls', endpoint,
    '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer,
    '--initial-cluster', `test=${peer}`, '--initial-cluster-state', 'new',
    '--log-level', 'error', '--logger', 'zap',
  ];
  if (opts.tls) {
    args.push('--cert-file', opts.tls.serverCertFile, '--key-file', opts.tls.serverKeyFile,
      '--trusted-ca-file', opts.tls.caFile, '--client-cert-auth');
  }
  const log = createWriteStream(join(dataDir, 'etcd.log'));
  const child = spawn('etcd', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const pid = child.pid;
  if (!pid) throw new Error('failed to start etcd (is etcd-server installed?)');

  const ctlFlags = ['--endpoints', endpoint, '--dial-timeout', '2s', '--command-timeout', '5s'];
  if (opts.tls) ctlFlags.push('--cacert', opts.tls.caFile, '--cert', opts.tls.certFile, '--key', opts.tls.keyFile);
  /** @param {string[]} a */
  const etcdctl = (a) =>
    execFileSync('etcdctl', [...ctlFlags, ...a], {
      env: { ...process.env, ETCDCTL_API: '3' }, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'],
    });

  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (exited) throw new Error(`etcd exited during start-up; see ${join(dataDir, 'etcd.log')}`);
    try {
      etcdctl(['endpoint', 'health']);
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error('etcd did not become healthy within 20s');
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  return {
    endpoint,
    pid,
    dataDir,
    etcdctl,
    /** Deletes every key under /calico (between tests). */
    wipe: () => void etcdctl(['del', '--prefix', '/calico']),
    stop: async () => {
      if (!exited) {
        const gone = new Promise((r) => child.once('exit', () => r(undefined)));
        process.kill(pid, 'SIGTERM');
        const t = setTimeout(() => { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
        await gone;
        clearTimeout(t);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// `node scripts/etcd-process.mjs` runs an etcd in the foreground until interrupted (for the demo).
if (import.meta.url === `file://${process.argv[1]}`) {
  const etcd = await startEtcd();
  console.log(JSON.stringify({ endpoint: etcd.endpoint, pid: etcd.pid }));
  const stop = async () => { await etcd.stop(); process.exit(0); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
