/**
 * calicoctl's write semantics over any Datastore: defaulting and validation before a write,
 * metadata rules for create/update, apply = create-then-update, replace retries, and the
 * per-kind refusals. Bulk variants keep per-resource outcomes while batching round trips.
 */
import { randomUUID } from 'node:crypto';
import type { Datastore, WriteOp } from '../datastore/types.js';
import {
  AlreadyExistsError,
  ConflictError,
  OperationNotSupportedError,
  ValidationError,
  type FieldError,
} from '../errors.js';
import { applySchemaDefaults } from './schema/decode.js';
import { withCRDProblems } from './schema/crd-check.js';
import { DatastoreChecks, checkBatch } from './datastore-checks.js';
import type { KindDefinition, ObjectMeta, Resource } from './types.js';
import { API_VERSION } from './types.js';

export type Outcome = { ok: true; object: Resource } | { ok: false; error: Error };

export interface Item {
  def: KindDefinition;
  resource: Resource;
}

/** A resource of applyMany that passed validation: its index, kind, prepared object and input. */
interface Pending {
  i: number;
  def: KindDefinition;
  obj: Resource;
  input: Resource;
}

const REPLACE_RETRIES = 5;
/** applyMany on etcd: resources validated between two sends of reads. */
const READ_CHUNK = 500;
/** applyMany lets the event loop run (reads and writes go out, answers come in) this often. */
const YIELD_EVERY = 100;
const RETRY_SLEEP_MS = 1000;

let stampSecond = -1;
let stamp = '';

/** RFC3339, second precision, UTC: what Go's metav1.Time marshals to (cached per second). */
export function nowTimestamp(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== stampSecond) {
    stampSecond = second;
    stamp = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return stamp;
}

/** Defaulting (CRD defaults then the kind's own) and validation; throws ValidationError. */
export function prepare(def: KindDefinition, input: Resource, operation: 'create' | 'update' | 'validate'): Resource {
  // Defaulting is copy-on-write (schema defaults and the kinds' defaults never mutate their
  // input), so a shallow copy is enough: no deep clone per resource on the bulk path.
  let r: Resource = { ...input, apiVersion: API_VERSION, kind: def.kind };
  r = applySchemaDefaults(def, r);
  if (def.defaults) r = def.defaults(r);
  const problems: FieldError[] = withCRDProblems(def, r, def.validate ? def.validate(r, { operation }) : []);
  if (problems.length > 0) throw new ValidationError(problems);
  return r;
}

function refuse(def: KindDefinition, op: 'create' | 'apply' | 'replace' | 'delete'): void {
  const msg = def.refuses?.[op];
  if (msg !== undefined) throw new RefusedError(msg);
}

/** A kind-level refusal, printed verbatim. */
export class RefusedError extends OperationNotSupportedError {
  constructor(message: string) {
    super('', '');
    this.message = message;
  }
}

function isKubernetesPolicyName(def: KindDefinition, r: Resource): boolean {
  return def.kind === 'NetworkPolicy' && (r.metadata.name ?? '').startsWith('knp.default.');
}

/** Metadata a Create keeps from its input; uid and creationTimestamp are assigned. */
function createMetadata(meta: ObjectMeta): ObjectMeta {
  const out: ObjectMeta = { name: meta.name };
  if (meta.namespace) out.namespace = meta.namespace;
  if (meta.labels && Object.keys(meta.labels).length > 0) out.labels = meta.labels;
  if (meta.annotations && Object.keys(meta.annotations).length > 0) out.annotations = meta.annotations;
  out.uid = randomUUID();
  out.creationTimestamp = nowTimestamp();
  return out;
}

/** Stored metadata wins, except labels and annotations which the input replaces. */
function updateMetadata(stored: ObjectMeta, input: ObjectMeta, resourceVersion: string): ObjectMeta {
  // Copied key by key rather than spread and then `delete`d: delete would turn the object into a
  // slow dictionary-mode one for everything that reads it later (encoding, printing).
  const out: ObjectMeta = {};
  for (const k in stored) {
    if (k === 'labels' || k === 'annotations' || !Object.hasOwn(stored, k)) continue;
    if (k === '__proto__') Object.defineProperty(out, k, { value: stored[k], enumerable: true, writable: true, configurable: true });
    else out[k] = stored[k];
  }
  out.resourceVersion = resourceVersion;
  if (input.labels && Object.keys(input.labels).length > 0) out.labels = input.labels;
  if (input.annotations && Object.keys(input.annotations).length > 0) out.annotations = input.annotations;
  return out;
}

/** The input checks of a Create; `apply` ignores a resourceVersion (its Create is made without one). */
function checkCreateInput(def: KindDefinition, r: Resource, apply = false): void {
  const problems: FieldError[] = [];
  if (r.metadata.resourceVersion && !apply) {
    problems.push({ field: 'Metadata.ResourceVersion', value: r.metadata.resourceVersion, reason: 'field must not be set for a Create request' });
  }
  if (!r.metadata.name) problems.push({ field: 'Metadata.Name', reason: 'field must be set for a Create request' });
  if (problems.length > 0) throw new ValidationError(problems);
  if (isKubernetesPolicyName(def, r)) {
    throw new RefusedError(
      `operation create or apply is not supported on NetworkPolicy(${r.metadata.namespace ?? 'default'}/${r.metadata.name}): kubernetes network policies must be managed through the kubernetes API`,
    );
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ResourceManager {
  constructor(
    private readonly ds: Datastore,
    private readonly retrySleepMs = RETRY_SLEEP_MS,
  ) {}

  /** The object a Create would store (validated, defaulted, fresh metadata). */
  private forCreate(def: KindDefinition, input: Resource): Resource {
    checkCreateInput(def, input);
    const r = prepare(def, input, 'create');
    return { ...r, metadata: createMetadata(r.metadata) };
  }

  async create(def: KindDefinition, input: Resource): Promise<Resource> {
    refuse(def, 'create');
    const obj = this.forCreate(def, input);
    await new DatastoreChecks(this.ds).check(def, obj, 'create');
    return this.ds.create(def, obj);
  }

  /** Update; with no resourceVersion in the input, read-modify-write with retries on conflict. */
  async replace(def: KindDefinition, input: Resource, op: 'replace' | 'apply' = 'replace'): Promise<Resource> {
    refuse(def, op);
    const prepared = prepare(def, input, 'update');
    const name = prepared.metadata.name ?? '';
    const ns = prepared.metadata.namespace;
    const wanted = input.metadata.resourceVersion;
    for (let attempt = 1; ; attempt++) {
      const current = await this.ds.get(def, name, ns);
      const rv = wanted || current.metadata.resourceVersion || '';
      if (wanted && current.metadata.resourceVersion !== wanted) {
        throw new ConflictError({ kind: def.kind, name, namespace: ns });
      }
      const obj: Resource = { ...prepared, metadata: updateMetadata(current.metadata, prepared.metadata, rv) };
      if (attempt === 1) await new DatastoreChecks(this.ds).check(def, obj, 'update', current);
      try {
        return await this.ds.update(def, obj);
      } catch (e) {
        if (!(e instanceof ConflictError) || wanted || attempt >= REPLACE_RETRIES) throw e;
        await sleep(this.retrySleepMs);
      }
    }
  }

  async apply(def: KindDefinition, input: Resource): Promise<Resource> {
    refuse(def, 'apply');
    const { resourceVersion: _ignored, ...meta } = input.metadata;
    try {
      return await this.create(def, { ...input, metadata: meta });
    } catch (e) {
      if (!(e instanceof AlreadyExistsError)) throw e;
      return this.replace(def, input, 'apply');
    }
  }

  async delete(def: KindDefinition, name: string, namespace?: string, resourceVersion?: string): Promise<Resource> {
    refuse(def, 'delete');
    if (def.kind === 'NetworkPolicy' && name.startsWith('knp.default.')) {
      throw new RefusedError(
        `operation delete is not supported on NetworkPolicy(${namespace ?? 'default'}/${name}): kubernetes network policies must be managed through the kubernetes API`,
      );
    }
    const deleted = await this.ds.delete(def, name, namespace, resourceVersion);
    if (def.afterDelete) await def.afterDelete(deleted, this.ds);
    return deleted;
  }

  /**
   * Apply many resources with batched reads and compare-and-swap writes; anything that raced
   * (created or changed meanwhile) falls back to the one-at-a-time path.
   *
   * On etcd (reads are per key) the work is pipelined in stages of READ_CHUNK resources: once a
   * stage is validated its reads are sent, and when they are answered its datastore checks run
   * and its writes go out, while the next stages are still being validated. Stages are checked
   * and written strictly in order (one DatastoreChecks serves them all), so a later document
   * still wins over an earlier one of the same name and a Tier written in an early stage is
   * seen by the checks of later ones. Other datastores answer a whole batch with one list: one
   * stage for everything. `onProgress` hears how many resources (from the first) are settled.
   */
  async applyMany(items: readonly Item[], onProgress?: (settled: number) => void): Promise<Outcome[]> {
    const outcomes: (Outcome | undefined)[] = new Array(items.length);
    const chunk = this.ds.type === 'etcdv3' ? READ_CHUNK : Infinity;
    const checks = new DatastoreChecks(this.ds);
    let stage: Pending[] = [];
    let chain: Promise<void> = Promise.resolve();
    const send = (): void => {
      const batch = stage;
      stage = [];
      if (batch.length === 0) return;
      const reads = this.ds.getMany(batch.map((p) => ({ kind: p.def, name: p.obj.metadata.name ?? '', namespace: p.obj.metadata.namespace })));
      reads.catch(() => undefined); // awaited by the stage below; not an unhandled rejection meanwhile
      // Stages settle in order, so once this one is written every resource up to its last is done.
      const settled = batch[batch.length - 1]!.i + 1;
      chain = chain.then(async () => {
        await this.writeStage(batch, await reads, checks, outcomes);
        onProgress?.(settled);
      });
      chain.catch(() => undefined); // awaited after the loop
    };
    for (let i = 0; i < items.length; i++) {
      const { def, resource } = items[i]!;
      try {
        refuse(def, 'apply');
        checkCreateInput(def, resource, true);
        stage.push({ i, def, obj: prepare(def, resource, 'create'), input: resource });
      } catch (error) {
        outcomes[i] = { ok: false, error: error as Error };
      }
      if (stage.length >= chunk) send();
      // Now and then let reads and writes go out and earlier stages' answers come in.
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise<void>((r) => setImmediate(r));
    }
    send();
    await chain;
    onProgress?.(items.length);
    return outcomes as Outcome[];
  }

  /** One stage of applyMany: datastore checks, then creates/updates, then retries of races. */
  private async writeStage(
    stage: Pending[],
    existing: (Resource | undefined)[],
    checks: DatastoreChecks,
    outcomes: (Outcome | undefined)[],
  ): Promise<void> {
    const refused = await checkBatch(this.ds, stage.map((p, j) => ({ def: p.def, obj: p.obj, old: existing[j] })), checks);
    const pending: Pending[] = [];
    const ops: WriteOp[] = [];
    stage.forEach((p, j) => {
      const error = refused[j];
      if (error) {
        outcomes[p.i] = { ok: false, error };
        return;
      }
      pending.push(p);
      const cur = existing[j];
      if (!cur) {
        ops.push({ op: 'create', kind: p.def, object: { ...p.obj, metadata: createMetadata(p.obj.metadata) } });
      } else {
        const rv = p.input.metadata.resourceVersion || cur.metadata.resourceVersion || '';
        ops.push({ op: 'update', kind: p.def, object: { ...p.obj, metadata: updateMetadata(cur.metadata, p.obj.metadata, rv) } });
      }
    });
    const results = await this.ds.writeMany(ops);
    const retry: Pending[] = [];
    results.forEach((res, j) => {
      const p = pending[j]!;
      const raced = !res.ok && (res.error instanceof AlreadyExistsError ||
        (res.error instanceof ConflictError && !p.input.metadata.resourceVersion));
      if (raced) retry.push(p);
      else outcomes[p.i] = res;
    });
    for (const p of retry) outcomes[p.i] = await this.settle(() => this.apply(p.def, p.input));
  }

  /** Create many (batched); with skipExists an existing resource counts as a success. */
  async createMany(items: readonly Item[], skipExists = false): Promise<Outcome[]> {
    const outcomes: (Outcome | undefined)[] = new Array(items.length);
    const ops: WriteOp[] = [];
    const index: number[] = [];
    items.forEach(({ def, resource }, i) => {
      try {
        refuse(def, 'create');
        ops.push({ op: 'create', kind: def, object: this.forCreate(def, resource) });
        index.push(i);
      } catch (error) {
        outcomes[i] = { ok: false, error: error as Error };
      }
    });
    const refused = await checkBatch(this.ds, ops.map((o) => ({ def: o.kind, obj: (o as { object: Resource }).object })));
    for (let j = ops.length - 1; j >= 0; j--) {
      if (refused[j]) (outcomes[index[j]!] = { ok: false, error: refused[j]! }), ops.splice(j, 1), index.splice(j, 1);
    }
    const results = await this.ds.writeMany(ops);
    results.forEach((res, j) => {
      const i = index[j]!;
      if (!res.ok && skipExists && res.error instanceof AlreadyExistsError) {
        outcomes[i] = { ok: true, object: items[i]!.resource };
      } else outcomes[i] = res;
    });
    return outcomes as Outcome[];
  }

  async settle(fn: () => Promise<Resource>): Promise<Outcome> {
    try {
      return { ok: true, object: await fn() };
    } catch (error) {
      return { ok: false, error: error as Error };
    }
  }
}
