/**
 * A Datastore for commands that mostly read (get, version): reads go through etcd's JSON
 * gateway, so the gRPC client (and its protobuf start-up) is loaded only if the command writes
 * or the gateway is not served; then everything is delegated to the full etcd datastore.
 */
import { existsSync } from 'node:fs';
import { CommandError, NotFoundError } from '../../errors.js';
import type { KindDefinition, Resource } from '../../resources/types.js';
import type { ClientConfig } from '../config.js';
import type { Datastore, ListOptions, ListResult, ResourceRefIn, WriteOp, WriteOutcome } from '../types.js';
import { StoredValueError, decodeValue } from './convert.js';
import { EtcdGateway, GatewayMissingError, type GatewayKV } from './gateway.js';
import { listPrefix, parseResourceKey, prefixRangeEnd, resourceKey } from './keys.js';

const DEFAULT_ALLOW = 'projectcalico-default-allow';
const READ_CONCURRENCY = 16;

function defaultAllow(): Resource {
  return {
    kind: 'Profile',
    apiVersion: 'projectcalico.org/v3',
    metadata: { name: DEFAULT_ALLOW, resourceVersion: '1' },
    spec: { ingress: [{ action: 'Allow' }], egress: [{ action: 'Allow' }] },
  };
}

const isDefaultAllow = (kind: KindDefinition, name: string): boolean => kind.kind === 'Profile' && name === DEFAULT_ALLOW;

export class EtcdReadDatastore implements Datastore {
  readonly type = 'etcdv3' as const;
  private full?: Promise<Datastore>;
  private gatewayServed = true;

  constructor(
    private readonly cfg: ClientConfig,
    private readonly gateway: EtcdGateway,
  ) {}

  get endpoint(): string {
    return this.gateway.endpoint;
  }

  /** The gRPC-backed datastore, opened on first need. */
  private writer(): Promise<Datastore> {
    this.full ??= import('./etcd.js').then((m) => m.openEtcdDatastore(this.cfg));
    return this.full;
  }

  private async read<T>(viaGateway: () => Promise<T>, viaGrpc: (ds: Datastore) => Promise<T>): Promise<T> {
    if (this.gatewayServed) {
      try {
        return await viaGateway();
      } catch (e) {
        if (!(e instanceof GatewayMissingError)) throw e;
        this.gatewayServed = false;
      }
    }
    return viaGrpc(await this.writer());
  }

  private decode(kind: KindDefinition, name: string, namespace: string | undefined, kv: GatewayKV): Resource {
    try {
      return decodeValue(kind, { name, namespace }, kv.value, kv.modRevision);
    } catch (e) {
      if (e instanceof StoredValueError) {
        throw new CommandError(`unexpected error parsing stored datastore entry '${kv.key.toString()}': ${e.message}`);
      }
      throw e;
    }
  }

  private async fetch(kind: KindDefinition, name: string, namespace?: string): Promise<Resource | undefined> {
    if (isDefaultAllow(kind, name)) return defaultAllow();
    const ns = kind.scope === 'Namespaced' ? namespace : undefined;
    const res = await this.gateway.range(resourceKey(kind, name, ns));
    const kv = res.kvs[0];
    return kv ? this.decode(kind, name, ns, kv) : undefined;
  }

  async get(kind: KindDefinition, name: string, namespace?: string): Promise<Resource> {
    return this.read(
      async () => {
        const r = await this.fetch(kind, name, namespace);
        if (!r) throw new NotFoundError(kind.scope === 'Namespaced' ? { kind: kind.kind, name, namespace } : { kind: kind.kind, name });
        return r;
      },
      (ds) => ds.get(kind, name, namespace),
    );
  }

  async list(kind: KindDefinition, opts: ListOptions = {}): Promise<ListResult> {
    return this.read(
      async () => {
        const prefix = Buffer.from(listPrefix(kind, opts.namespace));
        const res = await this.gateway.range(prefix, prefixRangeEnd(prefix));
        const items: Resource[] = [];
        for (const kv of res.kvs) {
          const parsed = parseResourceKey(kind, kv.key.toString());
          if (!parsed) continue;
          try {
            items.push(decodeValue(kind, parsed, kv.value, kv.modRevision));
          } catch {
            /* undecodable entries are skipped, as Calico does */
          }
        }
        if (kind.kind === 'Profile') items.push(defaultAllow());
        return { items, revision: res.revision };
      },
      (ds) => ds.list(kind, opts),
    );
  }

  async getMany(refs: readonly ResourceRefIn[]): Promise<(Resource | undefined)[]> {
    return this.read(
      async () => {
        const out: (Resource | undefined)[] = new Array(refs.length).fill(undefined);
        let next = 0;
        const worker = async (): Promise<void> => {
          while (next < refs.length) {
            const i = next++;
            const r = refs[i]!;
            out[i] = await this.fetch(r.kind, r.name, r.namespace);
          }
        };
        await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, refs.length) }, worker));
        return out;
      },
      (ds) => ds.getMany(refs),
    );
  }

  async create(kind: KindDefinition, object: Resource): Promise<Resource> {
    return (await this.writer()).create(kind, object);
  }

  async update(kind: KindDefinition, object: Resource): Promise<Resource> {
    return (await this.writer()).update(kind, object);
  }

  async delete(kind: KindDefinition, name: string, namespace?: string, resourceVersion?: string): Promise<Resource> {
    return (await this.writer()).delete(kind, name, namespace, resourceVersion);
  }

  async writeMany(ops: readonly WriteOp[]): Promise<WriteOutcome[]> {
    return (await this.writer()).writeMany(ops);
  }

  async close(): Promise<void> {
    this.gateway.close();
    if (this.full) await (await this.full.catch(() => undefined))?.close();
  }
}

/**
 * True when the configuration is one the gateway path handles exactly like the gRPC path:
 * explicit endpoints of one scheme, no SRV discovery, TLS material only as readable files.
 * Anything else goes to the gRPC datastore, which reports configuration problems as calicoctl.
 */
function gatewayCompatible(cfg: ClientConfig): boolean {
  const eps = cfg.etcdEndpoints;
  if (eps.length === 0 || cfg.etcdDiscoverySrv) return false;
  if (!eps.every((e) => /^https?:\/\/[^/]+\/?$/.test(e))) return false;
  if (new Set(eps.map((e) => e.split(':')[0])).size !== 1) return false;
  if (cfg.etcdCert || cfg.etcdKey || cfg.etcdCACert) return false;
  if (!!cfg.etcdCertFile !== !!cfg.etcdKeyFile) return false;
  const files = [cfg.etcdCACertFile, cfg.etcdCertFile, cfg.etcdKeyFile].filter((f): f is string => !!f);
  return files.every((f) => existsSync(f));
}

/** Opens the read-mostly etcd datastore (or the full one when the gateway path does not fit). */
export async function openEtcdReadDatastore(cfg: ClientConfig): Promise<Datastore> {
  if (!gatewayCompatible(cfg) || process.env.CALICOCTL_ETCD_GATEWAY === '0') {
    const { openEtcdDatastore } = await import('./etcd.js');
    return openEtcdDatastore(cfg);
  }
  const timeout = Number(process.env.CALICOCTL_ETCD_TIMEOUT_MS);
  return new EtcdReadDatastore(cfg, EtcdGateway.fromConfig(cfg, Number.isFinite(timeout) && timeout > 0 ? timeout : 5000));
}
