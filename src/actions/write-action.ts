/**
 * The shared flow of create/apply/replace/delete -f: load, check namespaces, open the
 * datastore, act on every resource, print calicoctl's summary.
 */
import { AlreadyExistsError, NotFoundError, SilentFailure, ValidationError } from '../errors.js';
import type { LoadedResource } from '../resources/loader.js';
import type { Outcome } from '../resources/manager.js';
import { openClient, type ClientFlags } from './client.js';
import { loadInput, origin, type InputFlags } from './input.js';
import { summarize, summarizeEarlyFailure, type Verb } from './messages.js';
import { resolveNamespace } from './namespace.js';
import { CommandError } from '../errors.js';
import { lines, stderr, stdout } from './output.js';

export interface WriteFlags extends InputFlags, ClientFlags {
  namespace?: string;
  'skip-exists'?: boolean;
  'skip-not-exists'?: boolean;
}

/** Adds where the resource came from to a validation error (calicoctl names neither). */
function located(l: LoadedResource, e: Error): Error {
  if (!(e instanceof ValidationError)) return e;
  const err = new Error(`${origin(l)}: ${e.message}`);
  return err;
}

export async function runWriteAction(verb: Exclude<Verb, 'validate'>, flags: WriteFlags): Promise<void> {
  const loaded = await loadInput(flags);
  if (!loaded) return;
  const kinds = loaded.map((l) => l.def.kind);
  let items: LoadedResource[];
  try {
    items = loaded.map((l) => ({ ...l, resource: resolveNamespace(l.def, l.resource, flags.namespace) }));
  } catch (e) {
    throw new CommandError(summarizeEarlyFailure(verb, kinds, e as Error));
  }
  const ds = await openClient(flags);
  try {
    const { ResourceManager } = await import('../resources/manager.js');
    const manager = new ResourceManager(ds);
    if (verb !== 'delete') {
      const { ensureInitialized } = await import('../resources/initialize.js');
      await ensureInitialized(ds);
    }
    const pairs = items.map((l) => ({ def: l.def, resource: l.resource }));
    let outcomes: Outcome[];
    // CALICOCTL_APPLY_BATCH=0 applies one resource at a time (the benchmark's baseline).
    const batched = process.env.CALICOCTL_APPLY_BATCH !== '0';
    if (verb === 'apply' && batched) outcomes = await manager.applyMany(pairs);
    else if (verb === 'create' && batched) outcomes = await manager.createMany(pairs, Boolean(flags['skip-exists']));
    else if (verb === 'apply' || verb === 'create') {
      outcomes = [];
      for (const { def, resource } of pairs) {
        const o = await manager.settle(() => (verb === 'apply' ? manager.apply(def, resource) : manager.create(def, resource)));
        const skipped = !o.ok && flags['skip-exists'] && o.error instanceof AlreadyExistsError;
        outcomes.push(skipped ? { ok: true, object: resource } : o);
      }
    } else {
      outcomes = [];
      for (const { def, resource } of pairs) {
        const m = resource.metadata;
        const o = await manager.settle(() =>
          verb === 'replace'
            ? manager.replace(def, resource)
            : manager.delete(def, m.name ?? '', m.namespace, m.resourceVersion || undefined));
        outcomes.push(verb === 'delete' && !o.ok && flags['skip-not-exists'] && o.error instanceof NotFoundError
          ? { ok: true, object: resource } : o);
      }
    }
    const errors = outcomes.map((o, i) => (o.ok ? undefined : located(items[i]!, o.error)));
    const summary = summarize(verb, kinds, errors);
    await stdout(lines(summary.stdout));
    await stderr(lines(summary.stderr));
    if (!summary.ok) throw new SilentFailure();
  } finally {
    await ds.close();
  }
}
