/**
 * IpamKV over etcd's v3 JSON gateway (`POST /v3/kv/range`, `/v3/kv/txn`) with node:http(s):
 * the same CAS semantics as EtcdIpamKV without loading the gRPC client, which dominates the
 * start-up of a short-lived process such as the CNI plugin (see bench/cni-add.mjs).
 */
import { readFileSync } from 'node:fs';
import type { ClientConfig } from '../datastore/config.js';
import { DatastoreUnavailableError } from '../errors.js';
import type { CasCondition, IpamKV, KVPair, KVWrite } from './kv.js';

interface RangeResponse {
  header?: { revision?: string };
  kvs?: Array<{ key: string; value?: string; mod_revision?: string }>;
}

interface TxnResponse {
  succeeded?: boolean;
  responses?: Array<{ response_delete_range?: { deleted?: string } }>;
}

const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');
const unb64 = (s: string | undefined): string => (s ? Buffer.from(s, 'base64').toString('utf8') : '');

/** The key just after every key starting with `prefix`. */
function prefixEnd(prefix: string): Buffer {
  const b = Buffer.from(prefix);
  for (let i = b.length - 1; i >= 0; i--) {
    if (b[i]! < 0xff) {
      const end = Buffer.from(b.subarray(0, i + 1));
      end[i]! += 1;
      return end;
    }
  }
  return Buffer.from([0]);
}

export class EtcdHttpKV implements IpamKV {
  private token?: string;
  private endpointIdx = 0;
  /** Keep-alive agents (one per protocol), so one operation's requests share a connection. */
  private agents = new Map<string, { destroy(): void }>();

  constructor(
    private readonly endpoints: string[],
    private readonly tls: { ca?: Buffer; cert?: Buffer; key?: Buffer },
    private readonly auth: { username: string; password: string } | undefined,
    private readonly timeoutMs = 5000,
  ) {}

  static fromConfig(cfg: ClientConfig, timeoutMs?: number): EtcdHttpKV {
    const read = (f?: string, inline?: string): Buffer | undefined => (inline ? Buffer.from(inline) : f ? readFileSync(f) : undefined);
    return new EtcdHttpKV(
      cfg.etcdEndpoints.map((e) => e.replace(/\/$/, '')),
      { ca: read(cfg.etcdCACertFile, cfg.etcdCACert), cert: read(cfg.etcdCertFile, cfg.etcdCert), key: read(cfg.etcdKeyFile, cfg.etcdKey) },
      cfg.etcdUsername && cfg.etcdPassword ? { username: cfg.etcdUsername, password: cfg.etcdPassword } : undefined,
      timeoutMs,
    );
  }

  /** Closes the kept-alive connections. */
  close(): void {
    for (const a of this.agents.values()) a.destroy();
    this.agents.clear();
  }

  get endpoint(): string {
    return this.endpoints.join(',');
  }

  private async request(endpoint: string, path: string, body: unknown): Promise<unknown> {
    const url = new URL(path, endpoint);
    const mod = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
    let agent = this.agents.get(url.protocol) as InstanceType<typeof mod.Agent> | undefined;
    if (!agent) {
      agent = new mod.Agent({ keepAlive: true, ca: this.tls.ca, cert: this.tls.cert, key: this.tls.key });
      this.agents.set(url.protocol, agent);
    }
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
      if (this.token) headers.authorization = this.token;
      const req = mod.request(
        url,
        { method: 'POST', headers, agent, timeout: this.timeoutMs },
        (res) => {
          let data = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (data += d));
          res.on('end', () => {
            let parsed: unknown;
            try {
              parsed = JSON.parse(data);
            } catch {
              return reject(new Error(`etcd ${path}: HTTP ${res.statusCode}: ${data.slice(0, 200)}`));
            }
            if ((res.statusCode ?? 500) >= 400) {
              const msg = (parsed as { error?: string; message?: string }).message ?? (parsed as { error?: string }).error ?? data;
              return reject(new Error(`etcd ${path}: ${msg}`));
            }
            resolve(parsed);
          });
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('context deadline exceeded'), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Tries each endpoint in turn, but only moves on when the connection itself failed. */
  private async call<T>(path: string, body: unknown): Promise<T> {
    let last: unknown;
    for (let n = 0; n < this.endpoints.length; n++) {
      const ep = this.endpoints[(this.endpointIdx + n) % this.endpoints.length]!;
      try {
        if (this.auth && !this.token) {
          const r = (await this.request(ep, '/v3/auth/authenticate', { name: this.auth.username, password: this.auth.password })) as { token?: string };
          this.token = r.token;
        }
        const out = (await this.request(ep, path, body)) as T;
        this.endpointIdx = (this.endpointIdx + n) % this.endpoints.length;
        return out;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (!code || !/^(ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|ETIMEDOUT|EAI_AGAIN)$/.test(code)) throw e;
        last = e;
      }
    }
    throw new DatastoreUnavailableError(this.endpoint, (last as Error).message, { cause: last });
  }

  async get(key: string): Promise<KVPair | undefined> {
    const r = await this.call<RangeResponse>('/v3/kv/range', { key: b64(key) });
    const kv = r.kvs?.[0];
    return kv ? { key, value: unb64(kv.value), rev: kv.mod_revision ?? '0' } : undefined;
  }

  async list(prefix: string): Promise<KVPair[]> {
    const r = await this.call<RangeResponse>('/v3/kv/range', { key: b64(prefix), range_end: b64(prefixEnd(prefix)) });
    return (r.kvs ?? []).map((kv) => ({ key: unb64(kv.key), value: unb64(kv.value), rev: kv.mod_revision ?? '0' }));
  }

  async put(key: string, value: string, cond: CasCondition): Promise<string | undefined> {
    const k = b64(key);
    const compare =
      'create' in cond
        ? [{ key: k, target: 'VERSION', result: 'EQUAL', version: '0' }]
        : [{ key: k, target: 'MOD', result: 'EQUAL', mod_revision: cond.rev }];
    const r = await this.call<TxnResponse & RangeResponse>('/v3/kv/txn', { compare, success: [{ request_put: { key: k, value: b64(value) } }] });
    return r.succeeded ? (r.header?.revision ?? '0') : undefined;
  }

  async delete(key: string, rev: string): Promise<boolean> {
    const k = b64(key);
    const r = await this.call<TxnResponse>('/v3/kv/txn', {
      compare: [{ key: k, target: 'MOD', result: 'EQUAL', mod_revision: rev }],
      success: [{ request_delete_range: { key: k } }],
    });
    return r.succeeded === true && Number(r.responses?.[0]?.response_delete_range?.deleted ?? 0) > 0;
  }

  async commit(writes: readonly KVWrite[]): Promise<boolean> {
    const compare = writes.map((w) =>
      'create' in w.cond
        ? { key: b64(w.key), target: 'VERSION', result: 'EQUAL', version: '0' }
        : { key: b64(w.key), target: 'MOD', result: 'EQUAL', mod_revision: w.cond.rev },
    );
    const success = writes.map((w) =>
      w.value === undefined ? { request_delete_range: { key: b64(w.key) } } : { request_put: { key: b64(w.key), value: b64(w.value) } },
    );
    const r = await this.call<TxnResponse>('/v3/kv/txn', { compare, success });
    return r.succeeded === true;
  }
}
