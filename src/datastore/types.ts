/**
 * The datastore adapter contract. It knows resources and kinds, never commands.
 * Every error thrown is one of ours (NotFoundError, AlreadyExistsError, ConflictError,
 * OperationNotSupportedError, DatastoreUnavailableError), never a raw client error.
 */
import type { KindDefinition, Resource } from '../resources/types.js';

export interface ListResult {
  items: Resource[];
  /** The datastore revision of the list (etcd header revision / k8s list resourceVersion). */
  revision: string;
}

export interface ListOptions {
  /** For namespaced kinds: undefined lists every namespace. Ignored for cluster kinds. */
  namespace?: string;
}

export type WriteOp =
  | { op: 'create'; kind: KindDefinition; object: Resource }
  /** object.metadata.resourceVersion is required: compare-and-swap on it. */
  | { op: 'update'; kind: KindDefinition; object: Resource }
  | { op: 'delete'; kind: KindDefinition; name: string; namespace?: string; resourceVersion?: string };

export type WriteOutcome = { ok: true; object: Resource } | { ok: false; error: Error };

export interface ResourceRefIn {
  kind: KindDefinition;
  name: string;
  namespace?: string;
}

export interface Datastore {
  readonly type: 'etcdv3' | 'kubernetes';
  /** Human description of where we talk to, e.g. `http://127.0.0.1:2379`. */
  readonly endpoint: string;

  get(kind: KindDefinition, name: string, namespace?: string): Promise<Resource>;
  list(kind: KindDefinition, opts?: ListOptions): Promise<ListResult>;
  /** Stores a new object; sets resourceVersion on the returned copy. */
  create(kind: KindDefinition, object: Resource): Promise<Resource>;
  /** Compare-and-swap on object.metadata.resourceVersion (required). */
  update(kind: KindDefinition, object: Resource): Promise<Resource>;
  /** Deletes; when resourceVersion is given it must match. Returns the deleted object. */
  delete(kind: KindDefinition, name: string, namespace?: string, resourceVersion?: string): Promise<Resource>;

  /** Bulk read: one entry per ref, undefined where absent. Implementations batch round trips. */
  getMany(refs: readonly ResourceRefIn[]): Promise<(Resource | undefined)[]>;
  /** Bulk write: one outcome per op, in order. Each op is still an independent CAS. */
  writeMany(ops: readonly WriteOp[]): Promise<WriteOutcome[]>;

  close(): Promise<void>;
}
