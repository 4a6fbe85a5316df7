/**
 * Authentication: a configured bearer token, or (with --tls) a client certificate signed by the
 * server's CA; anything else gets 401. The kubeconfig the server writes works as written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { startKubeApiServer, type KubeApiServer } from './index.mjs';

function get(srv: KubeApiServer, path: string, opts: { token?: string; cert?: boolean } = {}): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, srv.url);
    const headers: Record<string, string> = opts.token ? { authorization: `Bearer ${opts.token}` } : {};
    const r = request(url, {
      headers,
      ca: readFileSync(srv.caFile!),
      ...(opts.cert ? { cert: readFileSync(srv.clientCertFile!), key: readFileSync(srv.clientKeyFile!) } : {}),
    }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d) => (text += d)).on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
    });
    r.on('error', reject);
    r.end();
  });
}

describe('bearer token over TLS', () => {
  let srv: KubeApiServer;
  beforeAll(async () => {
    srv = await startKubeApiServer({ tls: true, token: 's3cret' });
  });
  afterAll(async () => srv?.stop());

  it('accepts the token, and refuses a wrong or missing one with an Unauthorized Status', async () => {
    expect(srv.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect((await get(srv, '/api/v1/nodes', { token: 's3cret' })).status).toBe(200);
    const wrong = await get(srv, '/api/v1/nodes', { token: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    expect((await get(srv, '/api/v1/nodes')).status).toBe(401);
    expect((await get(srv, '/version', { token: 'nope' })).status).toBe(401);
    expect((await get(srv, '/version')).status).toBe(200);
  });

  it('also accepts a client certificate signed by its CA', async () => {
    expect((await get(srv, '/apis/crd.projectcalico.org/v1/ippools', { cert: true })).status).toBe(200);
  });

  it('writes a kubeconfig with the server, its CA and the token', () => {
    const cfg = JSON.parse(readFileSync(srv.kubeconfigPath, 'utf8'));
    expect(cfg.clusters[0].cluster.server).toBe(srv.url);
    expect(Buffer.from(cfg.clusters[0].cluster['certificate-authority-data'], 'base64').toString()).toBe(readFileSync(srv.caFile!, 'utf8'));
    expect(cfg.users[0].user).toEqual({ token: 's3cret' });
  });

  it('removes its temp dir when stopped', async () => {
    const other = await startKubeApiServer({ token: 't' });
    await other.stop();
    expect(() => readFileSync(other.kubeconfigPath)).toThrow();
  });
});
