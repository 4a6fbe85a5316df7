/**
 * The resource model shared by every layer: what a Calico v3 object looks like and what a
 * kind definition declares. One file per kind in ./kinds implements KindDefinition.
 */
import type { FieldError } from '../errors.js';
import type { Datastore } from '../datastore/types.js';

export const API_GROUP = 'projectcalico.org';
export const API_VERSION = 'projectcalico.org/v3';

export type Scope = 'Cluster' | 'Namespaced';

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  resourceVersion?: string;
  uid?: string;
  creationTimestamp?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

/** Any Calico v3 object as plain JSON data. */
export interface Resource {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: Record<string, unknown>;
  status?: unknown;
}

/** A `<Kind>List` as printed by get -o yaml/json. */
export interface ResourceList {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion?: string };
  items: Resource[];
}

/** Values a column may need that are not in the object itself (fetched before printing). */
export interface PrintContext {
  /** BGPConfiguration default spec.asNumber, or '64512'; used by Node's ASN column. */
  globalASNumber?: string;
}

export type ColumnValue = (r: Resource, ctx: PrintContext) => string;

export interface KindColumns {
  /** Headings of `-o ps` (the default), in order. */
  ps: readonly string[];
  /** Headings of `-o wide`, in order. */
  wide: readonly string[];
  /** Every heading this kind knows (for custom-columns), with how to compute its cell. */
  values: Readonly<Record<string, ColumnValue>>;
}

/** Context for pure validation (no datastore). */
export interface ValidateOptions {
  /** 'create' | 'update' etc. Some rules only apply to writes. */
  operation?: 'create' | 'update' | 'apply' | 'validate' | 'delete';
}

/**
 * Read access to the datastore for checks that depend on other resources (IPPool overlap,
 * policy tier, BGPPeer filters). Kinds are named by `kind` (e.g. 'IPPool'). Lookups may be
 * cached for the duration of one command, so a batch lists each kind once.
 */
export interface DatastoreLookup {
  /** Every resource of the kind (all namespaces). */
  list(kind: string): Promise<Resource[]>;
  /** The resource, or undefined when it does not exist. */
  get(kind: string, name: string, namespace?: string): Promise<Resource | undefined>;
}

/**
 * Everything about one kind. Adding a kind = one file in ./kinds + one line in registry.ts.
 */
export interface KindDefinition {
  /** e.g. 'IPPool' (exact case, as in documents). */
  readonly kind: string;
  /** Lower-case plural, e.g. 'ippools': the etcd key segment and the CRD plural. */
  readonly plural: string;
  /** Names accepted on the command line (lower-case; matching is case-insensitive). */
  readonly aliases: readonly string[];
  readonly scope: Scope;
  /** Listed in calicoctl's help "Valid resource types" (false for IPAMConfiguration/CalicoNodeStatus, as v3.32). */
  readonly listedInHelp: boolean;
  /**
   * Name of the generated JSON schema for strict decoding (see src/resources/schema/),
   * normally the CRD plural; undefined when the kind's schema is declared inline.
   */
  readonly schemaName?: string;
  /** Inline OpenAPI-style schema for kinds without a Calico CRD (Node, WorkloadEndpoint, Profile). */
  readonly inlineSchema?: unknown;
  /** Go type name of the spec struct, used in decoding errors (e.g. 'IPPoolSpec'). */
  readonly goSpecType: string;
  /** Policy kinds get Calico's policy naming treatment and the tier label. */
  readonly isPolicy?: boolean;
  readonly columns: KindColumns;
  /**
   * Operations calicoctl refuses for this kind, with the error text it prints
   * (e.g. ClusterInformation is read-only).
   */
  readonly refuses?: Partial<Record<'create' | 'apply' | 'replace' | 'delete', string>>;
  /** Calico's defaulting on write; pure, returns a new object. */
  defaults?(r: Resource): Resource;
  /** Structural validation; pure, returns every problem found (empty = valid). */
  validate?(r: Resource, opts: ValidateOptions): FieldError[];
  /**
   * Checks that need the datastore, run on create/apply/replace after validation and before
   * writing: returns the problems found (reported as a ValidationError), or throws an error of
   * its own (e.g. NotFoundError for a policy's missing tier). `old` is the stored object on an
   * update.
   */
  checkWithDatastore?(r: Resource, ds: DatastoreLookup, op: 'create' | 'update', old?: Resource): Promise<FieldError[]>;
  /**
   * What Calico's client also removes when an object of this kind is deleted (Node: its endpoints,
   * IPAM and per-node configuration). Runs after the delete succeeded.
   */
  afterDelete?(deleted: Resource, ds: Datastore): Promise<void>;
  /** Sort a list for printing (Tier sorts by order); default is datastore order. */
  sortList?(items: Resource[]): Resource[];
}
