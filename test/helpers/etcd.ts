/**
 * Starts a real etcd (Debian etcd-server) on free loopback ports with a temp data dir.
 * Stopped by PID; the data dir is removed. Never mocked.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

export interface EtcdTLS {
  caFile: string;
  certFile: string;
  keyFile: string;
}

export interface EtcdInstance {
  endpoint: string;
  pid: number;
  dataDir: string;
  /** etcdctl with the right endpoint (and TLS) flags, returning stdout. */
  etcdctl(args: string[]): string;
  /** Deletes every key under /calico (between tests). */
  wipe(): void;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
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

export interface StartOptions {
  /** Serve clients over TLS and require client certificates signed by tls.caFile. */
  tls?: EtcdTLS & { serverCertFile: string; serverKeyFile: string };
}

export async function startEtcd(opts: StartOptions = {}): Promise<EtcdInstance> {
  const clientPort = await freePort();
  const peerPort = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'calicoctl-ts-etcd-'));
  const scheme = opts.tls ? 'https' : 'http';
  const endpoint = `${scheme}://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const args = [
    '--name', 'test',
    '--data-dir', dataDir,
    '--listen-client-urls', endpoint,
    '--advertise-client-urls', endpoint,
    '--listen-peer-urls', peer,
    '--initial-advertise-peer-urls', peer,
    '--initial-cluster', `test=${peer}`,
    '--initial-cluster-state', 'new',
    '--log-level', 'error',
    '--logger', 'zap',
  ];
  if (opts.tls) {
    args.push(
      '--cert-file', opts.tls.serverCertFile,
      '--key-file', opts.tls.serverKeyFile,
      '--trusted-ca-file', opts.tls.caFile,
      '--client-cert-auth',
    );
  }
  const log = createWriteStream(join(dataDir, 'etcd.log'));
  const child: ChildProcess = spawn('etcd', args, { stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const pid = child.pid;
  if (!pid) throw new Error('failed to start etcd (is etcd-server installed?)');

  const ctlFlags = ['--endpoints', endpoint, '--dial-timeout', '2s', '--command-timeout', '5s'];
  if (opts.tls) ctlFlags.push('--cacert', opts.tls.caFile, '--cert', opts.tls.certFile, '--key', opts.tls.keyFile);
  const etcdctl = (a: string[]): string =>
    execFileSync('etcdctl', [...ctlFlags, ...a], { env: { ...process.env, ETCDCTL_API: '3' }, encoding: 'utf8' });

  const deadline = Date.now() + 20_000;
  let exited = false;
  child.once('exit', () => (exited = true));
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
    wipe: () => void etcdctl(['del', '--prefix', '/calico']),
    stop: async () => {
      if (!exited) {
        const gone = new Promise<void>((r) => child.once('exit', () => r()));
        process.kill(pid, 'SIGTERM');
        const t = setTimeout(() => { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
        await gone;
        clearTimeout(t);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
