/**
 * The API-server HTTP client: a kept-alive connection that the server closed while this process
 * was busy (e.g. parsing 10,000 documents) is re-sent on a fresh connection, not reported as
 * "connection reset"; and the configured QPS limit is honoured when set.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { KubeHttpClient } from '../../src/datastore/kube/http.js';
import { fromKubeError } from '../../src/datastore/kube/errors.js';
import { KubeDatastore } from '../../src/datastore/kube/kube.js';
import { DatastoreUnavailableError } from '../../src/errors.js';
import { GlobalNetworkSet } from './kinds.js';

const SERVER = `
const http = require('node:http');
let n = 0;
// Like Go's API server, announce no keep-alive timeout (Node would otherwise send timeout=0.1
// and the client would expire the socket itself).
const s = http.createServer((req, res) => { n++; res.setHeader('content-type', 'application/json'); res.setHeader('keep-alive', 'timeout=60'); res.end(JSON.stringify({ n })); });
s.keepAliveTimeout = 100;
s.listen(0, '127.0.0.1', () => console.log(s.address().port));
`;

let child: ChildProcess;
let url: string;

beforeAll(async () => {
  child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));
  url = `http://127.0.0.1:${port}`;
});
afterAll(() => {
  child?.kill();
});

function blockFor(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    /* keep the event loop busy so the server's FIN is not noticed */
  }
}

describe('KubeHttpClient', () => {
  it('re-sends a request whose reused keep-alive socket was closed by the server', async () => {
    const c = new KubeHttpClient({ server: url, insecureSkipTLSVerify: false, burst: 100 }, 2000, 1);
    try {
      expect(await c.request<{ n: number }>('GET', '/a')).toEqual({ n: 1 });
      blockFor(1500);
      expect(await c.request<{ n: number }>('GET', '/b')).toEqual({ n: 2 });
    } finally {
      c.close();
    }
  });

  it('applies k8sClientQPS as a token bucket when configured', async () => {
    const c = new KubeHttpClient({ server: url, insecureSkipTLSVerify: false, qps: 20, burst: 2 }, 2000, 8);
    try {
      const t0 = Date.now();
      await Promise.all(Array.from({ length: 6 }, () => c.request('GET', '/q')));
      // 2 from the burst, then 4 more at 20/s: at least ~200 ms.
      expect(Date.now() - t0).toBeGreaterThanOrEqual(180);
    } finally {
      c.close();
    }
  });

  it('gives up connecting after the connect deadline (a server that never completes TLS)', async () => {
    const held: Socket[] = [];
    const silent = createTcpServer((sock) => held.push(sock));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as { port: number }).port;
    const c = new KubeHttpClient({ server: `https://127.0.0.1:${port}`, insecureSkipTLSVerify: true, burst: 100 }, 300, 1);
    const t0 = Date.now();
    let err: unknown;
    try {
      await c.request('GET', '/x');
    } catch (e) {
      err = e;
    } finally {
      c.close();
      for (const s of held) s.destroy();
      silent.close();
    }
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(fromKubeError(err, `https://127.0.0.1:${port}`).message).toBe(`datastore https://127.0.0.1:${port} is unavailable: could not connect within 0.3s`);
  });

  it('a bulk write to a server that cannot be reached stops sending after the first failures', async () => {
    const held: Socket[] = [];
    let connections = 0;
    const silent = createTcpServer((sock) => {
      connections++;
      held.push(sock);
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const server = `https://127.0.0.1:${(silent.address() as { port: number }).port}`;
    const ds = new KubeDatastore(server, new KubeHttpClient({ server, insecureSkipTLSVerify: true, burst: 100 }, 300));
    try {
      const ops = Array.from({ length: 300 }, (_, i) => ({
        op: 'delete' as const, kind: GlobalNetworkSet, name: `n${i}`,
      }));
      const out = await ds.writeMany(ops);
      expect(out.every((o) => !o.ok && o.error instanceof DatastoreUnavailableError)).toBe(true);
      expect(connections).toBeLessThanOrEqual(60);
    } finally {
      await ds.close();
      for (const s of held) s.destroy();
      silent.close();
    }
  });
});
