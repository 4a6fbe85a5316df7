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

const PROGRESS_THRESHOLD = 2000;
const PROGRESS_CHUNK = 1000;

/** On a TTY, a progress line on stderr for long bulk writes (erased by `done`); else nothing. */
function progressLine(verb: string, total: number): { report?: (n: number) => void; done: () => void } {
  if (!process.stderr.isTTY || total < PROGRESS_THRESHOLD) return { done: () => {} };
  const label = verb === 'apply' ? 'Applying' : 'Creating';
  let shown = -1;
  return {
    report: (n) => {
      if (n !== shown) process.stderr.write(`\r${label} resources: ${(shown = n)}/${total}`);
    },
    done: () => process.stderr.write('\r\x1b[K'),
  };
}

/**
 * Runs a bulk write with progress. `run` gets the whole list when it reports progress itself
 * (apply: its stages stay pipelined across the whole file); otherwise, on a TTY, chunks.
 */
async function withProgress<T>(
  verb: string,
  items: T[],
  run: (chunk: T[], report?: (n: number) => void) => Promise<Outcome[]>,
  reportsItself: boolean,
): Promise<Outcome[]> {
  const progress = progressLine(verb, items.length);
  if (!progress.report) return run(items);
  try {
    if (reportsItself) return await run(items, progress.report);
    const out: Outcome[] = [];
    for (let i = 0; i < items.length; i += PROGRESS_CHUNK) {
      out.push(...(await run(items.slice(i, i + PROGRESS_CHUNK))));
      progress.report(out.length);
    }
    return out;
  } finally {
    progress.done();
  }
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
    if ((verb === 'apply' || verb === 'create') && batched) {
      const bulk = (chunk: typeof pairs, report?: (n: number) => void) =>
        verb === 'apply' ? manager.applyMany(chunk, report) : manager.createMany(chunk, Boolean(flags['skip-exists']));
      outcomes = await withProgress(verb, pairs, bulk, verb === 'apply');
    }
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
