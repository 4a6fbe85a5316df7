/**
 * Runs the kinds' `checkWithDatastore` hooks for the manager. One DatastoreChecks serves one
 * command (or one batch): each kind is listed at most once and each resource read at most
 * once, and objects accepted earlier in the batch are seen by later checks (two overlapping
 * pools in one file conflict as they would when written one after the other).
 */
import type { Datastore } from '../datastore/types.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { kindNamed } from './kind-catalog.js';
import type { DatastoreLookup, KindDefinition, Resource } from './types.js';

const keyOf = (kind: string, name: string, namespace?: string): string => `${kind}/${namespace ?? ''}/${name}`;

export class DatastoreChecks implements DatastoreLookup {
  private readonly lists = new Map<string, Promise<Resource[]>>();
  private readonly gets = new Map<string, Promise<Resource | undefined>>();
  /** Objects accepted in this batch, by kind, overriding what was read. */
  private readonly noted = new Map<string, Map<string, Resource>>();

  constructor(private readonly ds: Datastore) {}

  private async def(kind: string): Promise<KindDefinition> {
    const found = await kindNamed(kind);
    if (!found) throw new Error(`unknown kind ${kind}`);
    return found;
  }

  async list(kind: string): Promise<Resource[]> {
    let p = this.lists.get(kind);
    if (!p) {
      p = this.def(kind).then((def) => this.ds.list(def)).then((r) => r.items);
      this.lists.set(kind, p);
    }
    const items = await p;
    const extra = this.noted.get(kind);
    if (!extra || extra.size === 0) return items;
    const byKey = new Map(items.map((r) => [keyOf(kind, r.metadata.name ?? '', r.metadata.namespace), r]));
    for (const [k, r] of extra) byKey.set(k, r);
    return [...byKey.values()];
  }

  async get(kind: string, name: string, namespace?: string): Promise<Resource | undefined> {
    const key = keyOf(kind, name, namespace);
    const noted = this.noted.get(kind)?.get(key);
    if (noted) return noted;
    let p = this.gets.get(key);
    if (!p) {
      p = this.def(kind).then((def) => this.ds.get(def, name, namespace)).catch((e: unknown) => {
        if (e instanceof NotFoundError) return undefined;
        throw e;
      });
      this.gets.set(key, p);
    }
    return p;
  }

  /** Runs the kind's hook; throws ValidationError (or the hook's own error) on a problem. */
  async check(def: KindDefinition, r: Resource, op: 'create' | 'update', old?: Resource): Promise<void> {
    if (!def.checkWithDatastore) return this.note(def, r);
    const problems = await def.checkWithDatastore(r, this, op, old);
    if (problems.length > 0) throw new ValidationError(problems);
    this.note(def, r);
  }

  /** Makes `r` visible to later checks of this batch, as if it were already written. */
  note(def: KindDefinition, r: Resource): void {
    let byKey = this.noted.get(def.kind);
    if (!byKey) this.noted.set(def.kind, (byKey = new Map()));
    byKey.set(keyOf(def.kind, r.metadata.name ?? '', r.metadata.namespace), r);
  }
}

export interface BatchItem {
  def: KindDefinition;
  obj: Resource;
  /** The stored object when this write is an update. */
  old?: Resource;
}

/**
 * Checks a batch in order with one shared cache; one entry per item, the error or undefined.
 * Pass `checks` to continue an earlier batch (its reads and accepted objects stay visible).
 */
export async function checkBatch(ds: Datastore, items: readonly BatchItem[], checks = new DatastoreChecks(ds)): Promise<(Error | undefined)[]> {
  const out: (Error | undefined)[] = new Array(items.length).fill(undefined);
  if (!items.some((it) => it.def.checkWithDatastore)) {
    for (const it of items) checks.note(it.def, it.obj);
    return out;
  }
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (!it.def.checkWithDatastore) {
      checks.note(it.def, it.obj);
      continue;
    }
    try {
      await checks.check(it.def, it.obj, it.old ? 'update' : 'create', it.old);
    } catch (e) {
      out[i] = e as Error;
    }
  }
  return out;
}
