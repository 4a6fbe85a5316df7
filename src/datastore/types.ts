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

/**
 * What a watch can follow: a Calico kind (every object of it, all namespaces), or the IPAM block
 * affinities (etcd: `/calico/ipam/v2/host/<host>/…` keys; Kubernetes: BlockAffinity CRs), of one
 * host when `host` is given.
 */
export type WatchKind = KindDefinition | { ipam: 'blockaffinities'; host?: string };

/** One change seen by a watch. `resync`: the watch had to re-list (changes may have been missed). */
export interface WatchEvent {
  type: 'put' | 'delete' | 'resync';
  /** The kind's name (`BGPPeer`, `Node`, `BlockAffinity`…). */
  kind: string;
  name?: string;
  namespace?: string;
}

export interface WatchHandle {
  /**
   * Follows changes made by anyone to `kinds` from now on: `onChange` is called for every event.
   * Resolves once every watch is established; it keeps going (re-connecting, re-listing when
   * the server no longer has the history) until closed.
   */
  watchKinds?(kinds: readonly WatchKind[], onChange: (ev: WatchEvent) => void): Promise<WatchHandle>;

  close(): Promise<void>;
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
  /**
   * Writes only `.status`, compare-and-swap on resourceVersion: present where status lives apart
   * from the object (Kubernetes CRDs with a status subresource). Elsewhere `update` stores it.
   */
  updateStatus?(kind: KindDefinition, object: Resource): Promise<Resource>;
  /** Deletes; when resourceVersion is given it must match. Returns the deleted object. */
  delete(kind: KindDefinition, name: string, namespace?: string, resourceVersion?: string): Promise<Resource>;

  /** Bulk read: one entry per ref, undefined where absent. Implementations batch round trips. */
  getMany(refs: readonly ResourceRefIn[]): Promise<(Resource | undefined)[]>;
  /** Bulk write: one outcome per op, in order. Each op is still an independent CAS. */
  writeMany(ops: readonly WriteOp[]): Promise<WriteOutcome[]>;

  /**
   * Follows changes made by anyone to `kinds` from now on: `onChange` is called for every event.
   * Resolves once every watch is established; it keeps going (re-connecting, re-listing when
   * the server no longer has the history) until closed.
   */
  watchKinds?(kinds: readonly WatchKind[], onChange: (ev: WatchEvent) => void): Promise<WatchHandle>;

  close(): Promise<void>;
}
