/**
 * The etcdv3 datastore (Calico's `etcdv3` backend + the clientv3 checks that sit on it).
 *
 * - Keys: ./keys.ts; values: ./convert.ts; errors: ./errors.ts.
 * - Every unary call has a deadline (default 5 s; env CALICOCTL_ETCD_TIMEOUT_MS overrides).
 *   etcd3's retry/circuit-breaker are replaced: no per-host breaker, and a call is retried on
 *   another endpoint only when it could not connect at all (so writes are never replayed).
 * - KV calls (Range, Txn) on plain http:// endpoints go through the small built-in gRPC
 *   client in ./wire (no etcd3/grpc-js/protobufjs to load, cheaper encoding); with TLS,
 *   authentication or CALICOCTL_ETCD_NATIVE=0 they go through etcd3. `etcd3` is imported
 *   lazily (for watches, or for those configurations); only types are imported statically.
 */
import { readFileSync } from 'node:fs';
import { resolveSrv } from 'node:dns/promises';
import type {
  Etcd3,
  IOptions,
  ICompare,
  IKeyValue,
  IRequestOp,
  ITxnRequest,
  ITxnResponse,
  IRangeResponse,
} from 'etcd3';
import type {
  Datastore,
  ListOptions,
  ListResult,
  ResourceRefIn,
  WatchEvent,
  WatchHandle,
  WatchKind,
  WriteOp,
  WriteOutcome,
} from '../types.js';
import type { KindDefinition, Resource } from '../../resources/types.js';
import {
  AlreadyExistsError,
  CommandError,
  ConfigError,
  ConflictError,
  DatastoreUnavailableError,
  NotFoundError,
  OperationNotSupportedError,
  ValidationError,
  type ResourceKey,
} from '../../errors.js';
import type { ClientConfig } from '../config.js';
import { listPrefix, parseResourceKey, prefixRangeEnd, resourceKey } from './keys.js';
import { decodeValue, StoredValueError, toStoredObject, writtenObject } from './convert.js';
import { fromEtcdError } from './errors.js';
import { etcdWatchTarget } from './watch-kinds.js';
import type { KvCalls } from './wire/kv.js';

export type { ITxnRequest, ITxnResponse, IKeyValue } from 'etcd3';

export const DEFAULT_TIMEOUT_MS = 5000;
/** etcd's default --max-txn-ops. */
export const MAX_TXN_OPS = 128;
/** Stay well under etcd's default --max-request-bytes (1.5 MiB). */
const MAX_TXN_BYTES = 1024 * 1024;
/** Transactions in flight at once in getMany/writeMany. */
const TXN_CONCURRENCY = 8;
/** Rounds of batched retries after a failed batch compare before going op-by-op. */
const MAX_BATCH_ROUNDS = 3;

// etcdserverpb enums (numeric values; avoids a runtime import of etcd3 here).
const CMP_EQUAL = 0;
const CMP_GREATER = 1;
const TARGET_VERSION = 0;
const TARGET_MOD = 2;

export const DEFAULT_ALLOW_PROFILE = 'projectcalico-default-allow';

/** The synthetic Profile that every etcd datastore has (never stored). */
export function defaultAllowProfile(): Resource {
  return {
    kind: 'Profile',
    apiVersion: 'projectcalico.org/v3',
    metadata: { name: DEFAULT_ALLOW_PROFILE, resourceVersion: '1' },
    spec: { ingress: [{ action: 'Allow' }], egress: [{ action: 'Allow' }] },
  };
}

function isDefaultAllow(kind: KindDefinition, name: string | undefined): boolean {
  return kind.kind === 'Profile' && name === DEFAULT_ALLOW_PROFILE;
}

/** `resource already exists: projectcalico-default-allow with error: ...` (Calico's identifier is the bare name). */
class DefaultProfileExistsError extends AlreadyExistsError {
  constructor() {
    super({ kind: 'Profile', name: DEFAULT_ALLOW_PROFILE }, undefined, defaultAllowProfile());
    this.message =
      `resource already exists: ${DEFAULT_ALLOW_PROFILE} with error: ${DEFAULT_ALLOW_PROFILE} already exists. ` +
      `The profile "${DEFAULT_ALLOW_PROFILE}" is default provided by Calico`;
  }
}

function defaultProfileRefused(op: 'Update' | 'Delete'): OperationNotSupportedError {
  return new OperationNotSupportedError(
    op,
    DEFAULT_ALLOW_PROFILE,
    `The profile "${DEFAULT_ALLOW_PROFILE}" is a default provided by Calico and cannot be ${op === 'Update' ? 'updated' : 'deleted'}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Connection

/** Minimal cockatiel-compatible policy objects (etcd3 only calls `execute`). */
type PolicyLike = { execute<T>(fn: (ctx: { signal: AbortSignal; attempt: number }) => PromiseLike<T> | T): Promise<T> };

const noopPolicy: PolicyLike = {
  async execute(fn) {
    return fn({ signal: new AbortController().signal, attempt: 0 });
  },
};

/** Errors meaning the request never reached a server, so another endpoint may be tried. */
function isConnectFailure(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  return (
    e.constructor.name === 'GRPCUnavailableError' &&
    /No connection established|Failed to connect|ECONNREFUSED|Name resolution failed|EHOSTUNREACH|ENETUNREACH/.test(e.message)
  );
}

function retryAcrossHosts(attempts: number): PolicyLike {
  return {
    async execute(fn) {
      let last: unknown;
      for (let attempt = 0; attempt < attempts; attempt++) {
        try {
          return await fn({ signal: new AbortController().signal, attempt });
        } catch (e) {
          last = e;
          if (!isConnectFailure(e)) throw e;
        }
      }
      throw last;
    },
  };
}

let ipServernameWarningFiltered = false;
/**
 * grpc-js sets the TLS ServerName to the host even when it is an IP address, which makes Node
 * print DEP0123 on stderr. Drop exactly that warning.
 */
function filterIpServernameWarning(): void {
  if (ipServernameWarningFiltered) return;
  ipServernameWarningFiltered = true;
  const original = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  (process as { emitWarning: (...args: unknown[]) => void }).emitWarning = (...args: unknown[]) => {
    const [, a1, a2] = args;
    const code =
      typeof a1 === 'object' && a1 !== null ? (a1 as { code?: unknown }).code : typeof a2 === 'string' ? a2 : undefined;
    if (code === 'DEP0123') return;
    original(...args);
  };
}

export function timeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.CALICOCTL_ETCD_TIMEOUT_MS;
  if (raw === undefined || raw === '') return DEFAULT_TIMEOUT_MS;
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : DEFAULT_TIMEOUT_MS;
}

async function discoverEndpoints(domain: string): Promise<string[]> {
  const out: string[] = [];
  const errors: string[] = [];
  for (const [service, scheme] of [
    ['_etcd-client-ssl._tcp', 'https'],
    ['_etcd-client._tcp', 'http'],
  ] as const) {
    try {
      const records = await resolveSrv(`${service}.${domain}`);
      for (const r of records) out.push(`${scheme}://${r.name.replace(/\.$/, '')}:${r.port}`);
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  if (out.length === 0) {
    throw new ConfigError(`failed to discover etcd endpoints through SRV discovery: ${errors.join('; ') || 'no records'}`);
  }
  return out;
}

function readPem(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new ConfigError(`could not initialize etcdv3 client: open ${path}: ${why}`);
  }
}

function buildCredentials(cfg: ClientConfig): IOptions['credentials'] | undefined {
  const haveInline = !!(cfg.etcdCert || cfg.etcdKey || cfg.etcdCACert);
  const haveFiles = !!(cfg.etcdCertFile || cfg.etcdKeyFile || cfg.etcdCACertFile);
  if (haveInline && haveFiles) throw new ConfigError('Cannot mix inline certificate-key and certificate / key files');
  let ca: Buffer | undefined;
  let cert: Buffer | undefined;
  let key: Buffer | undefined;
  if (haveInline) {
    ca = cfg.etcdCACert ? Buffer.from(cfg.etcdCACert) : undefined;
    cert = cfg.etcdCert ? Buffer.from(cfg.etcdCert) : undefined;
    key = cfg.etcdKey ? Buffer.from(cfg.etcdKey) : undefined;
  } else if (haveFiles) {
    ca = cfg.etcdCACertFile ? readPem(cfg.etcdCACertFile) : undefined;
    cert = cfg.etcdCertFile ? readPem(cfg.etcdCertFile) : undefined;
    key = cfg.etcdKeyFile ? readPem(cfg.etcdKeyFile) : undefined;
  } else {
    return undefined;
  }
  if (!!cert !== !!key) {
    throw new ConfigError(
      `could not initialize etcdv3 client: KeyFile and CertFile must both be present[key: ${cfg.etcdKeyFile ?? (key ? '<inline>' : '')}, cert: ${cfg.etcdCertFile ?? (cert ? '<inline>' : '')}]`,
    );
  }
  // rootCertificate undefined → grpc uses the system roots.
  return { rootCertificate: ca as Buffer, certChain: cert, privateKey: key };
}

export interface OpenEtcdOptions {
  /** Per-call deadline in ms (default: CALICOCTL_ETCD_TIMEOUT_MS or 5000). */
  timeoutMs?: number;
}

/** Connects (lazily — the first call dials) to the etcd described by `cfg`. */
export async function openEtcdDatastore(cfg: ClientConfig, opts: OpenEtcdOptions = {}): Promise<EtcdDatastore> {
  let endpoints = cfg.etcdEndpoints;
  if (endpoints.length === 0 && cfg.etcdDiscoverySrv) endpoints = await discoverEndpoints(cfg.etcdDiscoverySrv);
  if (endpoints.length === 0) throw new ConfigError('no etcd endpoints specified');
  for (const e of endpoints) {
    if (!/^https?:\/\/[^/]+\/?$/.test(e)) throw new ConfigError(`invalid etcd endpoint '${e}': expected http(s)://host:port`);
  }
  const credentials = buildCredentials(cfg);
  const timeoutMs = opts.timeoutMs ?? timeoutFromEnv();
  const endpointName = endpoints.join(',');

  if (nativeCompatible(cfg, endpoints, credentials)) {
    const { NativeKV } = await import('./wire/kv.js');
    const kv = new NativeKV(endpoints.map((e) => e.replace(/\/$/, '')), timeoutMs);
    // etcd3 (and its gRPC stack) is loaded only if something needs more than KV calls (watch).
    let client: Promise<Etcd3> | undefined;
    return new EtcdDatastore(endpointName, kv, timeoutMs, {
      client: () => (client ??= createEtcd3Client(endpoints, timeoutMs, cfg, credentials)),
      close: async () => {
        kv.close();
        if (client) (await client.catch(() => undefined))?.close();
      },
    });
  }
  const client = await createEtcd3Client(endpoints, timeoutMs, cfg, credentials);
  return new EtcdDatastore(endpointName, client.kv, timeoutMs, { client: async () => client, close: async () => client.close() });
}

/**
 * True when the small built-in gRPC client (./wire) can serve the KV calls exactly as etcd3
 * would: plain http:// endpoints without TLS material or authentication. Anything else, or
 * CALICOCTL_ETCD_NATIVE=0, uses etcd3 for everything.
 */
function nativeCompatible(cfg: ClientConfig, endpoints: readonly string[], credentials: unknown): boolean {
  if (process.env.CALICOCTL_ETCD_NATIVE === '0') return false;
  if (credentials || (cfg.etcdUsername && cfg.etcdPassword)) return false;
  return endpoints.every((e) => e.startsWith('http://'));
}

async function createEtcd3Client(
  endpoints: readonly string[],
  timeoutMs: number,
  cfg: ClientConfig,
  credentials: IOptions['credentials'] | undefined,
): Promise<Etcd3> {
  const { Etcd3: Etcd3Ctor } = await import('etcd3');
  const options: IOptions = {
    hosts: endpoints.map((e) => e.replace(/\/$/, '')),
    dialTimeout: timeoutMs,
    defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + timeoutMs }),
    faultHandling: {
      host: () => noopPolicy as unknown as NonNullable<ReturnType<NonNullable<NonNullable<IOptions['faultHandling']>['host']>>>,
      global: retryAcrossHosts(endpoints.length) as unknown as NonNullable<NonNullable<IOptions['faultHandling']>['global']>,
    },
    grpcOptions: {
      'grpc.max_receive_message_length': -1,
      'grpc.max_send_message_length': -1,
    },
  };
  if (credentials) options.credentials = credentials;
  if (cfg.etcdUsername && cfg.etcdPassword) options.auth = { username: cfg.etcdUsername, password: cfg.etcdPassword };
  if (endpoints.some((e) => e.startsWith('https:')) || credentials) filterIpServernameWarning();
  try {
    return new Etcd3Ctor(options);
  } catch (e) {
    throw new ConfigError(`could not initialize etcdv3 client: ${(e as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Datastore

interface PreparedOp {
  index: number;
  op: WriteOp['op'];
  kind: KindDefinition;
  resKey: ResourceKey;
  name: string;
  namespace?: string;
  /** The etcd key (see EtcdDatastore.wireBytes for how it goes on the wire). */
  key: string;
  /** The object as stored (create/update) and its JSON. */
  stored?: Resource;
  value?: string;
  /** Buffer.byteLength(value). */
  valueBytes?: number;
  /** Decimal ModRevision to compare (update; delete when given). */
  rev?: string;
}

function keyOf(kind: KindDefinition, name: string, namespace?: string): ResourceKey {
  return kind.scope === 'Namespaced' ? { kind: kind.kind, name, namespace } : { kind: kind.kind, name };
}

function parseRevision(rv: string): string {
  if (!/^\d+$/.test(rv)) {
    throw new ValidationError([{ field: 'ResourceVersion', value: rv, reason: 'invalid resource version' }]);
  }
  return rv;
}

/** About how many bytes `p` adds to a batched txn: its key (compare, write, failure read), value, framing. */
function bytesOf(p: PreparedOp): number {
  return p.key.length * 3 + (p.valueBytes ?? 0) + 64;
}

/**
 * Splits ops into waves: the n-th op on a key goes in wave n. Waves run one after another, so
 * ops on one key keep their order while distinct keys are written concurrently (and no txn
 * holds the same key twice, which etcd rejects).
 */
export function planWaves<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const waves: T[][] = [];
  const seen = new Map<string, number>();
  for (const item of items) {
    const k = keyOf(item);
    const w = seen.get(k) ?? 0;
    seen.set(k, w + 1);
    (waves[w] ??= []).push(item);
  }
  return waves;
}

/** Splits a wave into txns of at most MAX_TXN_OPS ops and about MAX_TXN_BYTES bytes, in order. */
export function planBatches<T>(items: readonly T[], sizeOf: (item: T) => number): T[][] {
  const batches: T[][] = [];
  let cur: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const b = sizeOf(item);
    if (cur.length > 0 && (cur.length >= MAX_TXN_OPS || bytes + b > MAX_TXN_BYTES)) {
      batches.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(item);
    bytes += b;
  }
  if (cur.length > 0) batches.push(cur);
  return batches;
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** The etcd3 client (opened on first need) and how to close everything. */
interface ClientHandle {
  client(): Promise<Etcd3>;
  close(): Promise<void>;
}

export class EtcdDatastore implements Datastore {
  readonly type = 'etcdv3' as const;

  constructor(
    readonly endpoint: string,
    private readonly kv: KvCalls,
    readonly timeoutMs: number,
    private readonly handle: ClientHandle,
  ) {}

  // ---- plumbing -------------------------------------------------------------------------------

  /**
   * A key or value for a request's bytes field: the string itself when the client writes strings
   * as their UTF-8 bytes in place (the built-in client), else a Buffer (etcd3 would read a string
   * there as base64).
   */
  private wireBytes(s: string): Buffer {
    return (this.kv.stringBytes ? s : Buffer.from(s)) as Buffer;
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw fromEtcdError(e, this.endpoint, this.timeoutMs);
    }
  }

  private decode(kind: KindDefinition, name: string, namespace: string | undefined, kv: IKeyValue): Resource {
    try {
      return decodeValue(kind, { name, namespace }, kv.value, kv.mod_revision);
    } catch (e) {
      if (e instanceof StoredValueError) {
        throw new CommandError(`unexpected error parsing stored datastore entry '${kv.key.toString()}': ${e.message}`);
      }
      throw e;
    }
  }

  // ---- raw KV access (IPAM and other non-resource keys) ----------------------------------------

  /** The raw value at `key`, or undefined. */
  async getRaw(key: string): Promise<{ key: string; value: Buffer; modRevision: string; createRevision: string; version: string } | undefined> {
    const res = await this.call(() => this.kv.range({ key: Buffer.from(key) }));
    const kv = res.kvs[0];
    return kv
      ? { key, value: kv.value, modRevision: kv.mod_revision, createRevision: kv.create_revision, version: kv.version }
      : undefined;
  }

  /** Every key under `prefix` (sorted by key) and the read revision. */
  async listRaw(prefix: string): Promise<{ items: Array<{ key: string; value: Buffer; modRevision: string }>; revision: string }> {
    const start = Buffer.from(prefix);
    const res = await this.call(() => this.kv.range({ key: start, range_end: prefixRangeEnd(start) }));
    return {
      items: res.kvs.map((kv) => ({ key: kv.key.toString(), value: kv.value, modRevision: kv.mod_revision })),
      revision: res.header.revision,
    };
  }

  /**
   * Writes `value` at `key`. With `modRevision` it is a CAS ('0' = must not exist); returns the
   * new revision, or undefined when the compare failed.
   */
  async putRaw(key: string, value: string | Buffer, opts: { modRevision?: string } = {}): Promise<string | undefined> {
    const k = Buffer.from(key);
    const v = typeof value === 'string' ? Buffer.from(value) : value;
    const compare: ICompare[] =
      opts.modRevision === undefined
        ? []
        : opts.modRevision === '0'
          ? [{ key: k, target: TARGET_VERSION, result: CMP_EQUAL, version: 0 }]
          : [{ key: k, target: TARGET_MOD, result: CMP_EQUAL, mod_revision: opts.modRevision }];
    const res = await this.txn({ compare, success: [{ request_put: { key: k, value: v } }] });
    return res.succeeded ? res.header.revision : undefined;
  }

  /** Deletes `key` (CAS on `modRevision` when given); true when something was deleted. */
  async deleteRaw(key: string, opts: { modRevision?: string } = {}): Promise<boolean> {
    const k = Buffer.from(key);
    const compare: ICompare[] =
      opts.modRevision === undefined ? [] : [{ key: k, target: TARGET_MOD, result: CMP_EQUAL, mod_revision: opts.modRevision }];
    const res = await this.txn({ compare, success: [{ request_delete_range: { key: k } }] });
    return res.succeeded && Number(res.responses[0]?.response_delete_range?.deleted ?? 0) > 0;
  }

  /**
   * Watches every key under `prefix` (etcd watch, not polling). `onEvent` gets each put or
   * delete; the watch resumes by itself after a reconnect. Call `close()` to cancel it.
   */
  async watchPrefix(
    prefix: string,
    onEvent: (ev: { type: 'put' | 'delete'; key: string; value: Buffer }) => void,
  ): Promise<{ close(): Promise<void> }> {
    const watcher = await this.call(async () => (await this.handle.client()).watch().prefix(prefix).create());
    watcher.on('put', (kv) => onEvent({ type: 'put', key: kv.key.toString(), value: kv.value }));
    watcher.on('delete', (kv) => onEvent({ type: 'delete', key: kv.key.toString(), value: kv.value }));
    watcher.on('error', () => {
      // The etcd3 watch manager re-establishes the watch; nothing to do here.
    });
    return { close: () => watcher.cancel() };
  }

  /** The contract's watch: one prefix watch per kind (see ./watch-kinds.ts). */
  async watchKinds(kinds: readonly WatchKind[], onChange: (ev: WatchEvent) => void): Promise<WatchHandle> {
    const handles: { close(): Promise<void> }[] = [];
    const closeAll = async (): Promise<void> => {
      await Promise.all(handles.map((h) => h.close().catch(() => {})));
    };
    try {
      for (const k of kinds) {
        const t = etcdWatchTarget(k);
        handles.push(await this.watchPrefix(t.prefix, (ev) => onChange(t.event(ev.type, ev.key))));
      }
    } catch (e) {
      await closeAll();
      throw e;
    }
    return { close: closeAll };
  }

  /** A raw etcd transaction (errors converted to ours). */
  txn(req: ITxnRequest): Promise<ITxnResponse> {
    return this.call(() => this.kv.txn(req));
  }

  // ---- Datastore: reads -----------------------------------------------------------------------

  async get(kind: KindDefinition, name: string, namespace?: string): Promise<Resource> {
    if (isDefaultAllow(kind, name)) return defaultAllowProfile();
    const key = resourceKey(kind, name, namespace);
    const res = await this.call(() => this.kv.range({ key: Buffer.from(key) }));
    const kv = res.kvs[0];
    if (!kv) throw new NotFoundError(keyOf(kind, name, namespace));
    return this.decode(kind, name, namespace, kv);
  }

  async list(kind: KindDefinition, opts: ListOptions = {}): Promise<ListResult> {
    const prefix = Buffer.from(listPrefix(kind, opts.namespace));
    const res = await this.call(() => this.kv.range({ key: prefix, range_end: prefixRangeEnd(prefix) }));
    const items: Resource[] = [];
    for (const kv of res.kvs) {
      const parsed = parseResourceKey(kind, kv.key.toString());
      if (!parsed) continue;
      try {
        items.push(decodeValue(kind, parsed, kv.value, kv.mod_revision));
      } catch {
        /* undecodable entries are skipped, as Calico does */
      }
    }
    if (kind.kind === 'Profile') items.push(defaultAllowProfile());
    return { items, revision: res.header.revision };
  }

  async getMany(refs: readonly ResourceRefIn[]): Promise<(Resource | undefined)[]> {
    const out: (Resource | undefined)[] = new Array(refs.length).fill(undefined);
    const todo: number[] = [];
    refs.forEach((r, i) => {
      if (isDefaultAllow(r.kind, r.name)) out[i] = defaultAllowProfile();
      else todo.push(i);
    });
    const batches: number[][] = [];
    for (let i = 0; i < todo.length; i += MAX_TXN_OPS) batches.push(todo.slice(i, i + MAX_TXN_OPS));
    await pool(batches, TXN_CONCURRENCY, async (batch) => {
      const success: IRequestOp[] = batch.map((i) => {
        const r = refs[i]!;
        return { request_range: { key: this.wireBytes(resourceKey(r.kind, r.name, r.namespace)) } };
      });
      const res = await this.txn({ success });
      batch.forEach((i, j) => {
        const kv = (res.responses[j]?.response_range as IRangeResponse | undefined)?.kvs[0];
        const r = refs[i]!;
        if (kv) out[i] = this.decode(r.kind, r.name, r.namespace, kv);
      });
    });
    return out;
  }

  // ---- Datastore: writes ----------------------------------------------------------------------

  async create(kind: KindDefinition, object: Resource): Promise<Resource> {
    return this.writeOne({ op: 'create', kind, object });
  }

  async update(kind: KindDefinition, object: Resource): Promise<Resource> {
    return this.writeOne({ op: 'update', kind, object });
  }

  async delete(kind: KindDefinition, name: string, namespace?: string, resourceVersion?: string): Promise<Resource> {
    return this.writeOne({ op: 'delete', kind, name, namespace, resourceVersion });
  }

  private async writeOne(op: WriteOp): Promise<Resource> {
    const [outcome] = await this.writeMany([op]);
    if (!outcome!.ok) throw outcome!.error;
    return outcome!.object;
  }

  /** Validates and encodes one op; throws our error for an immediate failure. */
  private prepare(op: WriteOp, index: number): PreparedOp {
    const kind = op.kind;
    if (op.op === 'delete') {
      const { name, namespace } = op;
      if (isDefaultAllow(kind, name)) throw defaultProfileRefused('Delete');
      if (kind.scope === 'Namespaced' && !namespace) {
        throw new ValidationError([{ field: 'Metadata.Namespace', reason: 'namespace is not specified on namespaced resource' }]);
      }
      const rev = op.resourceVersion ? parseRevision(op.resourceVersion) : undefined;
      return {
        index, op: 'delete', kind, name, namespace, resKey: keyOf(kind, name, namespace),
        key: resourceKey(kind, name, namespace), rev,
      };
    }
    const meta = op.object.metadata ?? {};
    const name = meta.name ?? '';
    const namespace = kind.scope === 'Namespaced' ? meta.namespace : undefined;
    if (op.op === 'create') {
      if (isDefaultAllow(kind, name)) throw new DefaultProfileExistsError();
      if (!name) {
        const generate = meta.generateName ? ' (GenerateName is not supported)' : '';
        throw new ValidationError([{ field: 'Metadata.Name', reason: `field must be set for a Create request${generate}` }]);
      }
      if (meta.resourceVersion) {
        throw new ValidationError([
          { field: 'Metadata.ResourceVersion', value: meta.resourceVersion, reason: 'field must not be set for a Create request' },
        ]);
      }
    } else {
      if (isDefaultAllow(kind, name)) throw defaultProfileRefused('Update');
      if (!meta.resourceVersion) {
        throw new ValidationError([{ field: 'Metadata.ResourceVersion', reason: 'field must be set for an Update request' }]);
      }
    }
    if (kind.scope === 'Namespaced' && !namespace) {
      throw new ValidationError([{ field: 'Metadata.Namespace', reason: 'namespace is not specified on namespaced resource' }]);
    }
    const rev = op.op === 'update' ? parseRevision(meta.resourceVersion!) : undefined;
    const stored = toStoredObject(kind, op.object);
    const value = JSON.stringify(stored);
    return {
      index, op: op.op, kind, name, namespace, resKey: keyOf(kind, name, namespace),
      key: resourceKey(kind, name, namespace),
      stored,
      value,
      valueBytes: Buffer.byteLength(value),
      rev,
    };
  }

  /**
   * Bulk writes: ops are batched into txns of ≤128 ops (each op keeps its own compare), up to
   * TXN_CONCURRENCY txns in flight; ops on the same key run in order (see planWaves). When a
   * batch's compares fail, the failure branch's reads say which ops failed and why; the others
   * are retried, and after MAX_BATCH_ROUNDS (or if etcd refuses the batch) ops go one by one.
   * After a DatastoreUnavailableError, batches not yet started fail with it at once.
   * Returned objects are fresh top-level/metadata objects; spec, labels and annotations are
   * shared with the input objects (no deep copy, for throughput).
   */
  async writeMany(ops: readonly WriteOp[]): Promise<WriteOutcome[]> {
    const outcomes: (WriteOutcome | undefined)[] = new Array(ops.length).fill(undefined);
    const prepared: PreparedOp[] = [];
    ops.forEach((op, i) => {
      try {
        prepared.push(this.prepare(op, i));
      } catch (e) {
        outcomes[i] = { ok: false, error: e as Error };
      }
    });
    const waves = planWaves(prepared, (p) => p.key);

    let unavailable: Error | undefined;
    const settle = (p: PreparedOp, o: WriteOutcome): void => {
      outcomes[p.index] = o;
    };
    for (const wave of waves) {
      const batches = planBatches(wave, bytesOf);
      await pool(batches, TXN_CONCURRENCY, async (batch) => {
        if (unavailable) {
          for (const p of batch) settle(p, { ok: false, error: unavailable });
          return;
        }
        const err = await this.runBatch(batch, settle);
        if (err) unavailable ??= err;
      });
    }
    return outcomes.map((o) => o ?? { ok: false, error: new CommandError('internal error: operation not attempted') });
  }

  /** Compares for a batched (multi-op) txn: every op carries its own precondition. */
  private batchCompare(p: PreparedOp): ICompare {
    switch (p.op) {
      case 'create':
        return { key: this.wireBytes(p.key), target: TARGET_VERSION, result: CMP_EQUAL, version: 0 };
      case 'update':
        return { key: this.wireBytes(p.key), target: TARGET_MOD, result: CMP_EQUAL, mod_revision: p.rev! };
      case 'delete':
        return p.rev !== undefined
          ? { key: this.wireBytes(p.key), target: TARGET_MOD, result: CMP_EQUAL, mod_revision: p.rev }
          : { key: this.wireBytes(p.key), target: TARGET_VERSION, result: CMP_GREATER, version: 0 };
    }
  }

  private successOp(p: PreparedOp): IRequestOp {
    return p.op === 'delete'
      ? { request_delete_range: { key: this.wireBytes(p.key), prev_kv: true } }
      : { request_put: { key: this.wireBytes(p.key), value: this.wireBytes(p.value!) } };
  }

  /** The outcome of `p` whose txn succeeded at `revision` with response `resp`. */
  private succeeded(p: PreparedOp, revision: string, resp: ITxnResponse['responses'][number] | undefined): WriteOutcome {
    try {
      if (p.op === 'delete') {
        const prev = resp?.response_delete_range?.prev_kvs?.[0];
        if (!prev) return { ok: false, error: new NotFoundError(p.resKey) };
        return { ok: true, object: this.decode(p.kind, p.name, p.namespace, prev) };
      }
      return { ok: true, object: writtenObject(p.kind, p.stored!, revision) };
    } catch (e) {
      return { ok: false, error: e as Error };
    }
  }

  /** The failure of `p` given the current value `kv` (from the failure branch), or undefined if its compare held. */
  private compareFailure(p: PreparedOp, kv: IKeyValue | undefined): Error | undefined {
    const current = (): Resource | undefined => {
      try {
        return kv ? this.decode(p.kind, p.name, p.namespace, kv) : undefined;
      } catch {
        return undefined;
      }
    };
    switch (p.op) {
      case 'create':
        return kv ? new AlreadyExistsError(p.resKey, undefined, current()) : undefined;
      case 'update':
        if (!kv) return new NotFoundError(p.resKey);
        return kv.mod_revision !== p.rev ? new ConflictError(p.resKey, current()) : undefined;
      case 'delete':
        if (!kv) return new NotFoundError(p.resKey);
        return p.rev !== undefined && kv.mod_revision !== p.rev ? new ConflictError(p.resKey, current()) : undefined;
    }
  }

  /**
   * Runs a batch as one txn: If(all compares) Then(all writes) Else(read every key). When the
   * compares fail, the reads (taken atomically with the failed compare) say which ops fail and
   * why; the rest are retried as a smaller batch. Returns a DatastoreUnavailableError if the
   * datastore could not be used (every op in the batch then fails with it).
   */
  private async runBatch(batch: PreparedOp[], settle: (p: PreparedOp, o: WriteOutcome) => void): Promise<Error | undefined> {
    let pending = batch;
    for (let round = 0; pending.length > 0; round++) {
      if (pending.length === 1 || round >= MAX_BATCH_ROUNDS) {
        for (const p of pending) {
          const err = await this.runSingle(p, settle);
          if (err) {
            for (const q of pending.slice(pending.indexOf(p))) settle(q, { ok: false, error: err });
            return err;
          }
        }
        return undefined;
      }
      let res: ITxnResponse;
      try {
        res = await this.txn({
          compare: pending.map((p) => this.batchCompare(p)),
          success: pending.map((p) => this.successOp(p)),
          failure: pending.map((p) => ({ request_range: { key: this.wireBytes(p.key) } })),
        });
      } catch (e) {
        if (e instanceof DatastoreUnavailableError) {
          for (const p of pending) settle(p, { ok: false, error: e });
          return e;
        }
        // E.g. a request too large for etcd: go op by op so only the offending op fails.
        round = MAX_BATCH_ROUNDS - 1;
        continue;
      }
      if (res.succeeded) {
        pending.forEach((p, j) => settle(p, this.succeeded(p, res.header.revision, res.responses[j])));
        return undefined;
      }
      const retry: PreparedOp[] = [];
      pending.forEach((p, j) => {
        const kv = (res.responses[j]?.response_range as IRangeResponse | undefined)?.kvs[0];
        const failure = this.compareFailure(p, kv);
        if (failure) settle(p, { ok: false, error: failure });
        else retry.push(p);
      });
      pending = retry;
    }
    return undefined;
  }

  /** One op as its own CAS txn (Calico's per-op semantics). */
  private async runSingle(p: PreparedOp, settle: (p: PreparedOp, o: WriteOutcome) => void): Promise<Error | undefined> {
    const compare: ICompare[] = p.op === 'create' || p.rev !== undefined ? [this.batchCompare(p)] : [];
    let res: ITxnResponse;
    try {
      res = await this.txn({ compare, success: [this.successOp(p)], failure: [{ request_range: { key: this.wireBytes(p.key) } }] });
    } catch (e) {
      if (e instanceof DatastoreUnavailableError) return e;
      settle(p, { ok: false, error: e as Error });
      return undefined;
    }
    if (res.succeeded) {
      settle(p, this.succeeded(p, res.header.revision, res.responses[0]));
    } else {
      const kv = (res.responses[0]?.response_range as IRangeResponse | undefined)?.kvs[0];
      settle(p, { ok: false, error: this.compareFailure(p, kv) ?? new ConflictError(p.resKey) });
    }
    return undefined;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
