/**
 * etcd's v3 JSON gateway (`POST /v3/kv/range`, `/v3/kv/txn`, `/v3/auth/authenticate`) over
 * node:http(s). Short-lived processes that only read (calicoctl get, the CNI plugin) use it
 * instead of the gRPC client, whose protobuf start-up costs more than the whole command.
 * Connection-level failures become DatastoreUnavailableError naming the endpoints.
 */
import { readFileSync } from 'node:fs';
import { DatastoreUnavailableError } from '../../errors.js';
import type { ClientConfig } from '../config.js';
import { connectionReason, formatDuration } from './errors.js';

export interface GatewayKV {
  key: Buffer;
  value: Buffer;
  /** Decimal mod revision. */
  modRevision: string;
}

export interface GatewayRange {
  kvs: GatewayKV[];
  /** Decimal header revision of the read. */
  revision: string;
}

interface RawRange {
  header?: { revision?: string };
  kvs?: Array<{ key?: string; value?: string; mod_revision?: string }>;
}

/** The gateway is not served at this endpoint (e.g. etcd started with it disabled). */
export class GatewayMissingError extends Error {}

const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');
const CONNECTION_CODES = /^(ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|EPROTO)$/;

export class EtcdGateway {
  private token?: string;
  private endpointIdx = 0;
  private agents = new Map<string, { destroy(): void }>();

  constructor(
    private readonly endpoints: string[],
    private readonly tls: { ca?: Buffer; cert?: Buffer; key?: Buffer },
    private readonly auth: { username: string; password: string } | undefined,
    readonly timeoutMs = 5000,
  ) {}

  static fromConfig(cfg: ClientConfig, timeoutMs?: number): EtcdGateway {
    const read = (f?: string, inline?: string): Buffer | undefined => (inline ? Buffer.from(inline) : f ? readFileSync(f) : undefined);
    return new EtcdGateway(
      cfg.etcdEndpoints.map((e) => e.replace(/\/$/, '')),
      { ca: read(cfg.etcdCACertFile, cfg.etcdCACert), cert: read(cfg.etcdCertFile, cfg.etcdCert), key: read(cfg.etcdKeyFile, cfg.etcdKey) },
      cfg.etcdUsername && cfg.etcdPassword ? { username: cfg.etcdUsername, password: cfg.etcdPassword } : undefined,
      timeoutMs,
    );
  }

  get endpoint(): string {
    return this.endpoints.join(',');
  }

  close(): void {
    for (const a of this.agents.values()) a.destroy();
    this.agents.clear();
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
      const req = mod.request(url, { method: 'POST', headers, agent, timeout: this.timeoutMs }, (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (data += d));
        res.on('end', () => {
          if (res.statusCode === 404) return reject(new GatewayMissingError(`etcd ${path}: HTTP 404`));
          let parsed: unknown;
          try {
            parsed = JSON.parse(data);
          } catch {
            return reject(new Error(`etcd ${path}: HTTP ${res.statusCode}: ${data.slice(0, 200)}`));
          }
          if ((res.statusCode ?? 500) >= 400) {
            const p = parsed as { error?: string; message?: string };
            return reject(new Error(`etcd ${path}: ${p.message ?? p.error ?? data}`));
          }
          resolve(parsed);
        });
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error(`deadline exceeded after ${formatDuration(this.timeoutMs)}`), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Tries each endpoint in turn, moving on only when the connection itself failed. */
  async call<T>(path: string, body: unknown): Promise<T> {
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
        const err = e as NodeJS.ErrnoException;
        const tls = typeof err.code === 'string' && (err.code.startsWith('ERR_TLS') || err.code.startsWith('ERR_SSL') || /SSL|certificate/i.test(err.message));
        if (!tls && !(err.code && CONNECTION_CODES.test(err.code))) throw e;
        last = e;
      }
    }
    const msg = `${(last as NodeJS.ErrnoException).code ?? ''} ${(last as Error).message}`;
    throw new DatastoreUnavailableError(this.endpoint, connectionReason(msg, this.timeoutMs) ?? (last as Error).message, { cause: last });
  }

  /** A single key (rangeEnd undefined) or the range [key, rangeEnd). */
  async range(key: Buffer | string, rangeEnd?: Buffer): Promise<GatewayRange> {
    const body: Record<string, string> = { key: b64(key) };
    if (rangeEnd) body.range_end = b64(rangeEnd);
    const r = await this.call<RawRange>('/v3/kv/range', body);
    return {
      revision: r.header?.revision ?? '0',
      kvs: (r.kvs ?? []).map((kv) => ({
        key: Buffer.from(kv.key ?? '', 'base64'),
        value: Buffer.from(kv.value ?? '', 'base64'),
        modRevision: kv.mod_revision ?? '0',
      })),
    };
  }
}
