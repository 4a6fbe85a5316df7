/**
 * A small JSON-over-HTTP(S) client for the API server, on node:http(s) with keep-alive.
 * Hot paths never load @kubernetes/client-node (≈600 ms import); it is imported lazily only
 * when the user authenticates through exec or an auth-provider, to produce the auth header.
 *
 * - At most `maxInFlight` requests at once (default 48); no client-side rate limit unless
 *   k8sClientQPS is configured (then a token bucket of that rate and k8sClientBurst).
 * - Connecting has a deadline (CALICOCTL_K8S_TIMEOUT_MS, default 5 s) so an unreachable server
 *   fails fast; a connected request may stay idle up to 60 s (large lists on a busy server).
 * - A request sent on a kept-alive socket that the server had already closed is re-sent.
 */
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { KubeHttpError } from './errors.js';
import type { KubeConnection } from './connection.js';

/** Connect deadline (CALICOCTL_K8S_TIMEOUT_MS overrides). */
export const DEFAULT_TIMEOUT_MS = 5000;
/** Idle deadline for a response once connected. */
const RESPONSE_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_IN_FLIGHT = 48;
/** Re-sends after a reused keep-alive socket turned out to be closed by the server. */
const MAX_STALE_RETRIES = 2;

export function timeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.CALICOCTL_K8S_TIMEOUT_MS);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : DEFAULT_TIMEOUT_MS;
}

export interface HttpStats {
  requests: number;
}

class Semaphore {
  private active = 0;
  private readonly waiters: Array<() => void> = [];
  constructor(private readonly limit: number) {}
  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return;
    }
    await new Promise<void>((r) => this.waiters.push(r));
  }
  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.active--;
  }
}

/** Token bucket: `rate` tokens per second, at most `burst` stored. */
class RateLimiter {
  private tokens: number;
  private last = Date.now();
  private chain: Promise<void> = Promise.resolve();
  constructor(private readonly rate: number, private readonly burst: number) {
    this.tokens = burst;
  }
  take(): Promise<void> {
    const p = this.chain.then(async () => {
      const now = Date.now();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
      this.last = now;
      if (this.tokens < 1) {
        const waitMs = ((1 - this.tokens) / this.rate) * 1000;
        await new Promise((r) => setTimeout(r, waitMs));
        this.tokens = 1;
        this.last = Date.now();
      }
      this.tokens -= 1;
    });
    this.chain = p;
    return p;
  }
}

type PluginAuth = { headers(): Promise<Record<string, string>> };

async function loadPluginAuth(kubeconfig: Record<string, unknown>): Promise<PluginAuth> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: (kubeconfig.clusters as Array<{ name: string; cluster: Record<string, unknown> }>).map((c) => ({
      name: c.name,
      server: c.cluster.server,
      skipTLSVerify: c.cluster['insecure-skip-tls-verify'] === true,
    })),
    users: (kubeconfig.users as Array<{ name: string; user: Record<string, unknown> }>).map((u) => ({
      name: u.name,
      exec: u.user.exec,
      authProvider: u.user['auth-provider'],
    })),
    contexts: (kubeconfig.contexts as Array<{ name: string; context: Record<string, unknown> }>).map((c) => ({
      name: c.name,
      cluster: c.context.cluster,
      user: c.context.user,
    })),
    currentContext: kubeconfig['current-context'],
  });
  return {
    async headers() {
      const opts: https.RequestOptions = { headers: {} };
      await kc.applyToHTTPSOptions(opts);
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(opts.headers ?? {})) if (typeof v === 'string') out[k] = v;
      return out;
    },
  };
}

export interface RequestOptions {
  body?: unknown;
  /** A body already encoded as JSON text (sent as is; e.g. with integers beyond 2^53). */
  jsonText?: string;
  query?: Record<string, string>;
}

export class KubeHttpClient {
  readonly stats: HttpStats = { requests: 0 };
  private readonly agent: http.Agent;
  /** For watches: long-lived streams must not hold the request pool's kept-alive sockets. */
  private readonly streamAgent: http.Agent;
  private readonly mod: typeof http | typeof https;
  private readonly base: URL;
  private readonly sem: Semaphore;
  private readonly limiter?: RateLimiter;
  private plugin?: Promise<PluginAuth>;

  constructor(
    private readonly conn: KubeConnection,
    private readonly timeoutMs = timeoutFromEnv(),
    maxInFlight = DEFAULT_MAX_IN_FLIGHT,
  ) {
    this.base = new URL(conn.server);
    const secure = this.base.protocol === 'https:';
    this.mod = secure ? https : http;
    const agentOpts: https.AgentOptions = { keepAlive: true, maxSockets: maxInFlight };
    if (secure) {
      if (conn.ca) agentOpts.ca = conn.ca;
      if (conn.cert) agentOpts.cert = conn.cert;
      if (conn.key) agentOpts.key = conn.key;
      if (conn.insecureSkipTLSVerify) agentOpts.rejectUnauthorized = false;
      if (conn.tlsServerName) agentOpts.servername = conn.tlsServerName;
    }
    this.agent = secure ? new https.Agent(agentOpts) : new http.Agent(agentOpts);
    const streamOpts = { ...agentOpts, keepAlive: false, maxSockets: Infinity };
    this.streamAgent = secure ? new https.Agent(streamOpts) : new http.Agent(streamOpts);
    this.sem = new Semaphore(maxInFlight);
    if (conn.qps) this.limiter = new RateLimiter(conn.qps, Math.max(1, conn.burst));
  }

  private async authHeaders(): Promise<Record<string, string>> {
    const c = this.conn;
    if (c.token) return { authorization: `Bearer ${c.token}` };
    if (c.tokenFile) return { authorization: `Bearer ${readFileSync(c.tokenFile, 'utf8').trim()}` };
    if (c.pluginAuth) {
      this.plugin ??= loadPluginAuth(c.pluginAuth.kubeconfig);
      return (await this.plugin).headers();
    }
    if (c.username !== undefined) {
      return { authorization: `Basic ${Buffer.from(`${c.username}:${c.password ?? ''}`).toString('base64')}` };
    }
    return {};
  }

  /** Sends one request; resolves with the parsed JSON body of a 2xx response. */
  request<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    return this.requestWith<T>(method, path, opts, true);
  }

  /**
   * Like request, but resolves with the 2xx body's text, unparsed: for callers that must keep
   * every digit of int64 fields (JSON.parse rounds integers beyond 2^53). Errors are as request's.
   */
  requestText(method: string, path: string, opts: RequestOptions = {}): Promise<string> {
    return this.requestWith<string>(method, path, opts, false);
  }

  private async requestWith<T>(method: string, path: string, opts: RequestOptions, parse: boolean): Promise<T> {
    if (this.limiter) await this.limiter.take();
    await this.sem.acquire();
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          return await this.send<T>(method, path, opts, parse);
        } catch (e) {
          // A kept-alive socket the server closed just as we reused it: nothing was processed,
          // so send again on a fresh connection (what Node's docs and Go's transport do).
          if (attempt < MAX_STALE_RETRIES && (e as { staleSocket?: boolean }).staleSocket) continue;
          throw e;
        }
      }
    } finally {
      this.sem.release();
    }
  }

  private async send<T>(method: string, path: string, opts: RequestOptions, parse: boolean): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...(await this.authHeaders()) };
    let payload: Buffer | undefined;
    if (opts.body !== undefined || opts.jsonText !== undefined) {
      payload = Buffer.from(opts.jsonText ?? JSON.stringify(opts.body));
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    }
    const qs = opts.query ? `?${new URLSearchParams(opts.query).toString()}` : '';
    const basePath = this.base.pathname.replace(/\/+$/, '');
    this.stats.requests++;
    return new Promise<T>((resolvePromise, reject) => {
      let gotResponse = false;
      const req = this.mod.request(
        {
          protocol: this.base.protocol,
          hostname: this.base.hostname.replace(/^\[|\]$/g, ''),
          port: this.base.port || undefined,
          method,
          path: `${basePath}${path}${qs}`,
          headers,
          agent: this.agent,
        },
        (res) => {
          gotResponse = true;
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            if (text !== '') {
              try {
                body = JSON.parse(text);
              } catch {
                /* keep the text */
              }
            }
            const code = res.statusCode ?? 0;
            if (code >= 200 && code < 300) resolvePromise((parse ? body : text) as T);
            else reject(new KubeHttpError(code, body, method, path));
          });
        },
      );
      // Connecting gets `timeoutMs` (an unreachable server fails fast); once connected, a
      // response may take longer (large lists on a busy server): up to RESPONSE_TIMEOUT_MS idle.
      req.on('socket', (sock) => {
        if (!sock.connecting) return;
        const t = setTimeout(() => {
          const e = new Error(`could not connect within ${this.timeoutMs / 1000}s`) as Error & { code: string };
          e.code = 'KUBE_TIMEOUT';
          req.destroy(e);
        }, this.timeoutMs);
        // For TLS the handshake counts as connecting too.
        sock.once('encrypted' in sock ? 'secureConnect' : 'connect', () => clearTimeout(t));
        sock.once('close', () => clearTimeout(t));
      });
      req.setTimeout(Math.max(this.timeoutMs, RESPONSE_TIMEOUT_MS), () => {
        const e = new Error(`no response within ${Math.max(this.timeoutMs, RESPONSE_TIMEOUT_MS) / 1000}s`) as Error & { code: string };
        e.code = 'KUBE_TIMEOUT';
        req.destroy(e);
      });
      req.on('error', (e: Error & { code?: string; staleSocket?: boolean }) => {
        if (req.reusedSocket && !gotResponse && (e.code === 'ECONNRESET' || e.code === 'EPIPE')) e.staleSocket = true;
        reject(e);
      });
      req.end(payload);
    });
  }

  /**
   * Opens a long-lived GET (a watch) and resolves with the response once the status is 2xx
   * (else rejects with KubeHttpError, or the socket error). Outside the in-flight limit. The
   * response is destroyed when nothing arrives for `idleMs`; `abort()` ends it from our side.
   */
  async stream(path: string, query: Record<string, string>, idleMs: number): Promise<{ response: http.IncomingMessage; abort(): void }> {
    if (this.limiter) await this.limiter.take();
    const headers: Record<string, string> = { accept: 'application/json', ...(await this.authHeaders()) };
    const basePath = this.base.pathname.replace(/\/+$/, '');
    this.stats.requests++;
    return new Promise((resolvePromise, reject) => {
      const req = this.mod.request(
        {
          protocol: this.base.protocol,
          hostname: this.base.hostname.replace(/^\[|\]$/g, ''),
          port: this.base.port || undefined,
          method: 'GET',
          path: `${basePath}${path}?${new URLSearchParams(query).toString()}`,
          headers,
          agent: this.streamAgent,
        },
        (res) => {
          const code = res.statusCode ?? 0;
          if (code >= 200 && code < 300) {
            resolvePromise({ response: res, abort: () => req.destroy() });
            return;
          }
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            try {
              body = JSON.parse(text);
            } catch {
              /* keep the text */
            }
            reject(new KubeHttpError(code, body, 'GET', path));
          });
        },
      );
      req.setTimeout(idleMs, () => {
        const e = new Error(`watch idle for ${idleMs / 1000}s`) as Error & { code: string };
        e.code = 'KUBE_TIMEOUT';
        req.destroy(e);
      });
      req.on('error', reject);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
    this.streamAgent.destroy();
  }
}
