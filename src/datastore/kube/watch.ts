/**
 * Watching collections on the API server the way client-go's reflector does: LIST for a
 * resourceVersion, then a streaming `GET …?watch=true&resourceVersion=<rv>` read as
 * newline-delimited JSON events (ADDED/MODIFIED/DELETED, BOOKMARK, ERROR).
 *
 * - Every event moves the resourceVersion on, so a re-watch resumes where the last one stopped.
 * - The stream ending (the server's timeoutSeconds, a dropped connection, an idle socket) →
 *   watch again from the last resourceVersion; errors back off (doubling, capped).
 * - 410 Gone / Expired (as an HTTP status or an ERROR event): the history is gone → LIST again
 *   and report a `resync` event, since changes in between may have been missed.
 */
import type { IncomingMessage } from 'node:http';
import type { WatchEvent } from '../types.js';
import { KubeHttpError, fromKubeError, type KubeStatus } from './errors.js';
import type { KubeHttpClient } from './http.js';

/** A server object as watch events carry it (only what we read). */
export interface KubeWatchObject {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
  [k: string]: unknown;
}

/** One collection to watch and how its objects become events. */
export interface KubeCollection {
  /** e.g. `/api/v1/nodes`, `/apis/crd.projectcalico.org/v1/bgppeers` (all namespaces). */
  path: string;
  /** The kind reported in events. */
  kind: string;
  /** The event's name/namespace for an object; undefined = not ours (no event). */
  describe(obj: KubeWatchObject): { name?: string; namespace?: string } | undefined;
}

export interface KubeWatchOptions {
  /** Server-side timeoutSeconds of each watch request (client-go picks 5–10 minutes). */
  timeoutSeconds?: number;
  /** First wait after a failure; doubles up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

interface WatchLine {
  type?: string;
  object?: KubeWatchObject & KubeStatus;
}

class Gone extends Error {}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One collection's list-then-watch loop. */
export class CollectionWatch {
  private rv = '';
  private closed = false;
  private abortCurrent?: () => void;
  private wake?: () => void;
  private loop?: Promise<void>;

  constructor(
    private readonly http: KubeHttpClient,
    private readonly endpoint: string,
    private readonly coll: KubeCollection,
    private readonly onChange: (ev: WatchEvent) => void,
    private readonly opts: Required<KubeWatchOptions>,
  ) {}

  /** Lists (errors thrown as ours), then watches in the background. */
  async start(): Promise<void> {
    await this.list();
    this.loop = this.run();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.abortCurrent?.();
    this.wake?.();
    await this.loop;
  }

  private async list(): Promise<void> {
    try {
      const l = await this.http.request<{ metadata?: { resourceVersion?: string } }>('GET', this.coll.path, { query: { limit: '1' } });
      this.rv = l.metadata?.resourceVersion ?? '';
    } catch (e) {
      throw fromKubeError(e, this.endpoint);
    }
  }

  private async pause(ms: number): Promise<void> {
    await Promise.race([sleep(ms), new Promise<void>((r) => (this.wake = r))]);
  }

  private async run(): Promise<void> {
    let backoff = this.opts.backoffMs;
    let needList = false;
    while (!this.closed) {
      try {
        if (needList) {
          await this.list();
          needList = false;
          this.onChange({ type: 'resync', kind: this.coll.kind });
        }
        const started = Date.now();
        const progressed = await this.watchOnce();
        if (progressed) backoff = this.opts.backoffMs;
        // A server that keeps ending empty streams at once must not make us spin.
        else if (Date.now() - started < 1000) await this.pause(backoff);
      } catch (e) {
        if (this.closed) return;
        if (e instanceof Gone || (e instanceof KubeHttpError && e.statusCode === 410)) {
          needList = true;
          continue;
        }
        await this.pause(backoff);
        backoff = Math.min(backoff * 2, this.opts.maxBackoffMs);
      }
    }
  }

  /** One watch request until its stream ends; true when it delivered anything. */
  private async watchOnce(): Promise<boolean> {
    const query: Record<string, string> = {
      watch: 'true',
      allowWatchBookmarks: 'true',
      timeoutSeconds: String(this.opts.timeoutSeconds),
    };
    if (this.rv) query.resourceVersion = this.rv;
    // Idle guard: the server ends the stream after timeoutSeconds; allow a margin past that.
    const { response, abort } = await this.http.stream(this.coll.path, query, (this.opts.timeoutSeconds + 30) * 1000);
    this.abortCurrent = abort;
    if (this.closed) abort();
    return this.consume(response);
  }

  private consume(res: IncomingMessage): Promise<boolean> {
    return new Promise((resolve, reject) => {
      let buf = '';
      let progressed = false;
      let failed: Error | undefined;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (line === '' || failed) continue;
          try {
            this.handle(JSON.parse(line) as WatchLine);
            progressed = true;
          } catch (e) {
            failed = e as Error;
            res.destroy();
          }
        }
      });
      res.on('error', () => {
        /* reported through 'close' */
      });
      res.on('close', () => {
        this.abortCurrent = undefined;
        if (failed) reject(failed);
        else if (!res.complete && !this.closed) reject(new Error('watch stream dropped'));
        else resolve(progressed);
      });
    });
  }

  private handle(ev: WatchLine): void {
    const obj = ev.object ?? {};
    if (ev.type === 'ERROR') {
      if (obj.code === 410) throw new Gone(obj.message ?? 'resource version too old');
      throw new Error(`watch error: ${obj.message ?? 'unknown'}`);
    }
    const rv = obj.metadata?.resourceVersion;
    if (rv) this.rv = rv;
    if (ev.type === 'BOOKMARK') return;
    if (ev.type !== 'ADDED' && ev.type !== 'MODIFIED' && ev.type !== 'DELETED') return;
    const d = this.coll.describe(obj);
    if (!d) return;
    const out: WatchEvent = { type: ev.type === 'DELETED' ? 'delete' : 'put', kind: this.coll.kind };
    if (d.name !== undefined) out.name = d.name;
    if (d.namespace !== undefined) out.namespace = d.namespace;
    this.onChange(out);
  }
}

const DEFAULTS: Required<KubeWatchOptions> = { timeoutSeconds: 300, backoffMs: 200, maxBackoffMs: 10_000 };

/** Starts a watch on every collection; resolves once all have listed. */
export async function watchCollections(
  http: KubeHttpClient,
  endpoint: string,
  colls: readonly KubeCollection[],
  onChange: (ev: WatchEvent) => void,
  opts: KubeWatchOptions = {},
): Promise<{ close(): Promise<void> }> {
  const o = { ...DEFAULTS, ...opts };
  // client-go spreads re-watches over time; so do we (timeoutSeconds in [t, 2t)).
  const watches = colls.map(
    (c) => new CollectionWatch(http, endpoint, c, onChange, { ...o, timeoutSeconds: o.timeoutSeconds + Math.floor(Math.random() * o.timeoutSeconds) }),
  );
  const closeAll = async (): Promise<void> => {
    await Promise.all(watches.map((w) => w.close()));
  };
  try {
    await Promise.all(watches.map((w) => w.start()));
  } catch (e) {
    await closeAll();
    throw e;
  }
  return { close: closeAll };
}
