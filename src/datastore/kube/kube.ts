/**
 * The Kubernetes datastore (Calico's KDD): the Datastore contract on an API server.
 * Mapping: ./crd.ts (Calico CRDs), ./group.ts (which API group), ./node.ts (core Nodes),
 * ./profile.ts (Namespaces/ServiceAccounts), ./workloadendpoint.ts (Pods, read-only).
 * HTTP: ./http.ts; errors: ./errors.ts; configuration: ./connection.ts + ./kubeconfig.ts.
 * No discovery: group, version and plurals are fixed.
 */
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
  ConflictError,
  DatastoreUnavailableError,
  NotFoundError,
  OperationNotSupportedError,
  ValidationError,
  type ResourceKey,
} from '../../errors.js';
import type { ClientConfig } from '../config.js';
import { resolveConnection } from './connection.js';
import { KubeHttpClient } from './http.js';
import { fromKubeError } from './errors.js';
import type { CustomResource } from './crd.js';
import { groupMapper, type GroupMapper } from './group.js';
import { mergeNodeIntoKube, nodeFromKube, type K8sNode } from './node.js';
import { watchCollections, type KubeWatchOptions } from './watch.js';
import { kubeCollections } from './watch-kinds.js';
import { podCandidates, podHasEndpoint, workloadEndpointFromPod, type Pod } from './workloadendpoint.js';
import {
  DEFAULT_ALLOW_PROFILE,
  defaultAllowProfile,
  namespaceProfile,
  parseProfileName,
  serviceAccountProfile,
  type KubeObject,
} from './profile.js';

/** getMany answers this many refs of one kind/namespace with a single LIST. */
const GET_MANY_LIST_THRESHOLD = 20;

/** Requests in flight at once for getMany/writeMany (the HTTP client caps the total too). */
const WRITE_CONCURRENCY = 48;

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

interface KubeList<T> {
  metadata?: { resourceVersion?: string };
  items?: T[];
}

function keyOf(kind: KindDefinition, name: string, namespace?: string): ResourceKey {
  return kind.scope === 'Namespaced' ? { kind: kind.kind, name, namespace } : { kind: kind.kind, name };
}

function sortKey(r: Resource): string {
  return r.metadata.namespace ? `${r.metadata.namespace}/${r.metadata.name ?? ''}` : r.metadata.name ?? '';
}

function byKey(a: Resource, b: Resource): number {
  const ka = sortKey(a);
  const kb = sortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function notSupported(op: string, kind: KindDefinition, name: string, namespace?: string): OperationNotSupportedError {
  const id = namespace ? `${kind.kind}(${namespace}/${name})` : `${kind.kind}(${name})`;
  return new OperationNotSupportedError(op, id);
}

export class KubeDatastore implements Datastore {
  readonly type = 'kubernetes' as const;

  constructor(
    readonly endpoint: string,
    readonly http: KubeHttpClient,
    readonly group: GroupMapper = groupMapper(undefined),
  ) {}

  private async call<T>(method: string, path: string, key: ResourceKey | undefined, body?: unknown): Promise<T> {
    try {
      return await this.http.request<T>(method, path, body === undefined ? {} : { body });
    } catch (e) {
      throw fromKubeError(e, this.endpoint, key);
    }
  }

  // ---- reads ------------------------------------------------------------------------------------

  async get(kind: KindDefinition, name: string, namespace?: string): Promise<Resource> {
    const key = keyOf(kind, name, namespace);
    if (kind.scope === 'Namespaced' && !namespace) {
      throw new ValidationError([{ field: 'Metadata.Namespace', reason: 'namespace is not specified on namespaced resource' }]);
    }
    switch (kind.kind) {
      case 'Node':
        return nodeFromKube(await this.call<K8sNode>('GET', `/api/v1/nodes/${encodeURIComponent(name)}`, key));
      case 'Profile': {
        const p = parseProfileName(name);
        if (!p) throw new NotFoundError(key);
        if (p.type === 'default') return defaultAllowProfile();
        if (p.type === 'ns') return namespaceProfile(await this.call<KubeObject>('GET', `/api/v1/namespaces/${encodeURIComponent(p.ns)}`, key));
        return serviceAccountProfile(
          await this.call<KubeObject>('GET', `/api/v1/namespaces/${encodeURIComponent(p.ns)}/serviceaccounts/${encodeURIComponent(p.sa)}`, key),
        );
      }
      case 'WorkloadEndpoint':
        return this.getWorkloadEndpoint(name, namespace!, key);
      default:
        return this.group.fromServer(kind, await this.call<CustomResource>('GET', this.group.path(kind, namespace, name), key));
    }
  }

  /** The endpoint of the pod a WorkloadEndpoint name designates (read-only view). */
  private async getWorkloadEndpoint(name: string, namespace: string, key: ResourceKey): Promise<Resource> {
    for (const c of podCandidates(name)) {
      const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(c.pod)}`;
      let pod: Pod;
      try {
        pod = await this.call<Pod>('GET', path, key);
      } catch (e) {
        if (e instanceof NotFoundError) continue;
        throw e;
      }
      if (podHasEndpoint(pod) && pod.spec?.nodeName === c.node) return workloadEndpointFromPod(pod);
    }
    throw new NotFoundError(key);
  }

  async list(kind: KindDefinition, opts: ListOptions = {}): Promise<ListResult> {
    switch (kind.kind) {
      case 'Node': {
        const l = await this.call<KubeList<K8sNode>>('GET', '/api/v1/nodes', undefined);
        return { items: (l.items ?? []).map(nodeFromKube).sort(byKey), revision: l.metadata?.resourceVersion ?? '' };
      }
      case 'Profile': {
        const [nsl, sal] = await Promise.all([
          this.call<KubeList<KubeObject>>('GET', '/api/v1/namespaces', undefined),
          this.call<KubeList<KubeObject>>('GET', '/api/v1/serviceaccounts', undefined),
        ]);
        const items = [...(nsl.items ?? []).map(namespaceProfile), ...(sal.items ?? []).map(serviceAccountProfile)].sort(byKey);
        items.push(defaultAllowProfile());
        return { items, revision: `${nsl.metadata?.resourceVersion ?? ''}/${sal.metadata?.resourceVersion ?? ''}` };
      }
      case 'WorkloadEndpoint': {
        const path = opts.namespace ? `/api/v1/namespaces/${encodeURIComponent(opts.namespace)}/pods` : '/api/v1/pods';
        const l = await this.call<KubeList<Pod>>('GET', path, undefined);
        const items = (l.items ?? []).filter(podHasEndpoint).map(workloadEndpointFromPod).sort(byKey);
        return { items, revision: l.metadata?.resourceVersion ?? '' };
      }
      default: {
        const ns = kind.scope === 'Namespaced' ? opts.namespace : undefined;
        const l = await this.call<KubeList<CustomResource>>('GET', this.group.path(kind, ns), undefined);
        const items = (l.items ?? []).map((cr) => this.group.fromServer(kind, cr)).sort(byKey);
        return { items, revision: l.metadata?.resourceVersion ?? '' };
      }
    }
  }

  /**
   * One GET per ref, concurrently; but when many refs name objects of one Calico CRD kind (and
   * namespace), a single LIST of that collection answers them all (an apply of 10,000 policies
   * then costs one read instead of 10,000).
   */
  async getMany(refs: readonly ResourceRefIn[]): Promise<(Resource | undefined)[]> {
    const out: (Resource | undefined)[] = new Array(refs.length).fill(undefined);
    const groups = new Map<string, number[]>();
    refs.forEach((r, i) => {
      const special = r.kind.kind === 'Node' || r.kind.kind === 'Profile' || r.kind.kind === 'WorkloadEndpoint';
      const g = special ? `single/${i}` : `${r.kind.kind}/${r.kind.scope === 'Namespaced' ? r.namespace ?? '' : ''}`;
      const list = groups.get(g);
      if (list) list.push(i);
      else groups.set(g, [i]);
    });
    let down: Error | undefined;
    const single = async (i: number): Promise<void> => {
      if (down) throw down;
      const r = refs[i]!;
      try {
        out[i] = await this.get(r.kind, r.name, r.namespace);
      } catch (e) {
        if (e instanceof NotFoundError) return;
        if (e instanceof DatastoreUnavailableError) down ??= e;
        throw e;
      }
    };
    await Promise.all(
      [...groups.values()].map(async (idx) => {
        const first = refs[idx[0]!]!;
        if (idx.length < GET_MANY_LIST_THRESHOLD || (first.kind.scope === 'Namespaced' && !first.namespace)) {
          await pool(idx, WRITE_CONCURRENCY, single);
          return;
        }
        const { items } = await this.list(first.kind, { namespace: first.namespace });
        const byName = new Map(items.map((it) => [it.metadata.name ?? '', it]));
        for (const i of idx) out[i] = byName.get(refs[i]!.name);
      }),
    );
    return out;
  }

  // ---- watch ------------------------------------------------------------------------------------

  /** List-then-watch on every collection behind `kinds` (./watch.ts, ./watch-kinds.ts). */
  async watchKinds(kinds: readonly WatchKind[], onChange: (ev: WatchEvent) => void, opts?: KubeWatchOptions): Promise<WatchHandle> {
    const colls = kinds.flatMap((k) => kubeCollections(k, this.group));
    return watchCollections(this.http, this.endpoint, colls, onChange, opts);
  }

  // ---- writes -----------------------------------------------------------------------------------

  async create(kind: KindDefinition, object: Resource): Promise<Resource> {
    const meta = object.metadata ?? {};
    const name = meta.name ?? '';
    if (!name) {
      const generate = meta.generateName ? ' (GenerateName is not supported)' : '';
      throw new ValidationError([{ field: 'Metadata.Name', reason: `field must be set for a Create request${generate}` }]);
    }
    if (meta.resourceVersion) {
      throw new ValidationError([{ field: 'Metadata.ResourceVersion', value: meta.resourceVersion, reason: 'field must not be set for a Create request' }]);
    }
    const namespace = this.namespaceOf(kind, meta.namespace);
    const key = keyOf(kind, name, namespace);
    if (kind.kind === 'Profile' && name === DEFAULT_ALLOW_PROFILE) {
      throw new OperationNotSupportedError('Create', DEFAULT_ALLOW_PROFILE, `The profile "${DEFAULT_ALLOW_PROFILE}" is a default provided by Calico`);
    }
    if (kind.kind === 'Node' || kind.kind === 'Profile' || kind.kind === 'WorkloadEndpoint') throw notSupported('Create', kind, name, namespace);
    const cr = this.group.toServer(kind, object);
    delete cr.metadata.uid;
    return this.group.fromServer(kind, await this.call<CustomResource>('POST', this.group.path(kind, namespace), key, cr));
  }

  async update(kind: KindDefinition, object: Resource): Promise<Resource> {
    const meta = object.metadata ?? {};
    const name = meta.name ?? '';
    if (!meta.resourceVersion) {
      throw new ValidationError([{ field: 'Metadata.ResourceVersion', reason: 'field must be set for an Update request' }]);
    }
    const namespace = this.namespaceOf(kind, meta.namespace);
    const key = keyOf(kind, name, namespace);
    if (kind.kind === 'Node') return this.updateNode(object, key);
    if (kind.kind === 'Profile' || kind.kind === 'WorkloadEndpoint') throw notSupported('Update', kind, name, namespace);
    const cr = this.group.toServer(kind, object);
    return this.group.fromServer(kind, await this.call<CustomResource>('PUT', this.group.path(kind, namespace, name), key, cr));
  }

  async updateStatus(kind: KindDefinition, object: Resource): Promise<Resource> {
    const meta = object.metadata ?? {};
    const name = meta.name ?? '';
    if (!meta.resourceVersion) {
      throw new ValidationError([{ field: 'Metadata.ResourceVersion', reason: 'field must be set for an Update request' }]);
    }
    if (kind.kind === 'Node' || kind.kind === 'Profile' || kind.kind === 'WorkloadEndpoint') return this.update(kind, object);
    const namespace = this.namespaceOf(kind, meta.namespace);
    const cr = this.group.toServer(kind, object);
    const path = `${this.group.path(kind, namespace, name)}/status`;
    return this.group.fromServer(kind, await this.call<CustomResource>('PUT', path, keyOf(kind, name, namespace), cr));
  }

  private async updateNode(object: Resource, key: ResourceKey): Promise<Resource> {
    const path = `/api/v1/nodes/${encodeURIComponent(key.name)}`;
    const current = await this.call<K8sNode>('GET', path, key);
    const next = mergeNodeIntoKube(current, object);
    return nodeFromKube(await this.call<K8sNode>('PUT', `${path}/status`, key, next));
  }

  async delete(kind: KindDefinition, name: string, namespace?: string, resourceVersion?: string): Promise<Resource> {
    namespace = this.namespaceOf(kind, namespace);
    const key = keyOf(kind, name, namespace);
    if (kind.kind === 'Node' || kind.kind === 'Profile' || kind.kind === 'WorkloadEndpoint') throw notSupported('Delete', kind, name, namespace);
    // The API server answers a delete with a Status, so read the object first; the delete is
    // then conditional on its uid (and on resourceVersion when one was given), as Calico does.
    const path = this.group.path(kind, namespace, name);
    const current = await this.call<CustomResource>('GET', path, key);
    const preconditions: Record<string, string> = {};
    if (current.metadata?.uid) preconditions.uid = current.metadata.uid;
    if (resourceVersion) preconditions.resourceVersion = resourceVersion;
    try {
      await this.http.request('DELETE', path, { body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions } });
    } catch (e) {
      const err = fromKubeError(e, this.endpoint, key);
      // A uid mismatch means the object we read is gone (deleted and re-created): not found.
      if (err instanceof ConflictError && !(resourceVersion && current.metadata?.resourceVersion !== resourceVersion)) {
        const msg = String((e as { status?: { message?: string } }).status?.message ?? '');
        if (/UID in precondition/.test(msg)) throw new NotFoundError(key, msg);
      }
      throw err;
    }
    return this.group.fromServer(kind, current);
  }

  private namespaceOf(kind: KindDefinition, namespace: string | undefined): string | undefined {
    if (kind.scope !== 'Namespaced') return undefined;
    if (!namespace) {
      throw new ValidationError([{ field: 'Metadata.Namespace', reason: 'namespace is not specified on namespaced resource' }]);
    }
    return namespace;
  }

  private runOp(op: WriteOp): Promise<Resource> {
    switch (op.op) {
      case 'create':
        return this.create(op.kind, op.object);
      case 'update':
        return this.update(op.kind, op.object);
      case 'delete':
        return this.delete(op.kind, op.name, op.namespace, op.resourceVersion);
    }
  }

  /**
   * Every op is its own request (the API has no multi-object transaction). Up to
   * WRITE_CONCURRENCY run at once; ops on the same object keep their order (the n-th op on an
   * object runs in wave n). After a DatastoreUnavailableError, ops not yet sent fail with it
   * at once instead of each waiting for its own timeout.
   */
  async writeMany(ops: readonly WriteOp[]): Promise<WriteOutcome[]> {
    const outcomes: WriteOutcome[] = new Array(ops.length);
    const waves: number[][] = [];
    const seen = new Map<string, number>();
    ops.forEach((op, i) => {
      const name = op.op === 'delete' ? op.name : op.object.metadata?.name ?? '';
      const ns = op.op === 'delete' ? op.namespace : op.object.metadata?.namespace;
      const k = `${op.kind.kind}/${ns ?? ''}/${name}`;
      const w = seen.get(k) ?? 0;
      seen.set(k, w + 1);
      (waves[w] ??= []).push(i);
    });
    let down: Error | undefined;
    for (const wave of waves) {
      await pool(wave, WRITE_CONCURRENCY, async (i) => {
        if (down) {
          outcomes[i] = { ok: false, error: down };
          return;
        }
        try {
          outcomes[i] = { ok: true, object: await this.runOp(ops[i]!) };
        } catch (e) {
          if (e instanceof DatastoreUnavailableError) down ??= e;
          outcomes[i] = { ok: false, error: e as Error };
        }
      });
    }
    return outcomes;
  }

  async close(): Promise<void> {
    this.http.close();
  }
}

/** Builds the datastore for `cfg` (no request is made until the first call). */
export async function openKubeDatastore(cfg: ClientConfig, env: NodeJS.ProcessEnv = process.env): Promise<KubeDatastore> {
  const conn = resolveConnection(cfg, env);
  const group = groupMapper(cfg.calicoAPIGroup);
  return new KubeDatastore(conn.server, new KubeHttpClient(conn), group);
}
