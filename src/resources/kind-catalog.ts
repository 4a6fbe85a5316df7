/**
 * The kinds loaded so far, for code that looks a document's kind up synchronously (the document
 * reader, datastore checks). Kinds are loaded on demand through kind-index.ts, so a command
 * that handles IPPools imports the IPPool module, not every kind's module and validators.
 *
 * A lookup of a kind that exists but is not loaded yet throws KindNotLoaded: the caller loads
 * it (loadKindsNamed) and tries again. Importing registry.ts loads (and registers) every kind.
 */
import { lazyKindList } from './kind-index.js';
import type { KindDefinition } from './types.js';

const loaded = new Map<string, KindDefinition>();
/** Every kind's name, once lazyKindList has been read. */
let known: Set<string> | undefined;

/** Thrown by kindForDocument for a kind that exists but is not loaded yet. */
export class KindNotLoaded extends Error {
  constructor(readonly kind: string) {
    super(`kind ${kind} is not loaded`);
  }
}

/** Makes loaded definitions visible to lookups; `all`: these are every kind there is (registry.ts). */
export function registerKinds(defs: readonly KindDefinition[], all = false): void {
  for (const def of defs) loaded.set(def.kind, def);
  if (all) known = new Set(defs.map((d) => d.kind));
}

/** The kind of a document's `kind` field: exact-case `Kind` or `<Kind>List`. */
export function kindForDocument(kind: string): { def: KindDefinition; isList: boolean } | undefined {
  const def = loaded.get(kind);
  if (def) return { def, isList: false };
  const item = kind.endsWith('List') ? loaded.get(kind.slice(0, -'List'.length)) : undefined;
  if (item) return { def: item, isList: true };
  if (known === undefined) throw new Error('kind catalog used before loadKindsNamed');
  if (known.has(kind)) throw new KindNotLoaded(kind);
  if (kind.endsWith('List') && known.has(kind.slice(0, -'List'.length))) throw new KindNotLoaded(kind.slice(0, -'List'.length));
  return undefined;
}

/**
 * Loads the kinds among `names` (exact kind names; `<Kind>List` counts as `<Kind>`; anything
 * else is ignored). Afterwards kindForDocument answers for them, and says which others exist.
 */
export async function loadKindsNamed(names: Iterable<string>): Promise<void> {
  const list = await lazyKindList();
  known ??= new Set(list.map((k) => k.kind));
  const wanted = new Set<string>();
  for (const n of names) {
    if (known.has(n)) wanted.add(n);
    else if (n.endsWith('List') && known.has(n.slice(0, -'List'.length))) wanted.add(n.slice(0, -'List'.length));
  }
  const todo = list.filter((k) => wanted.has(k.kind) && !loaded.has(k.kind));
  for (const def of await Promise.all(todo.map((k) => k.load()))) loaded.set(def.kind, def);
}

/** One kind by its exact name, loaded (undefined for no such kind). */
export async function kindNamed(kind: string): Promise<KindDefinition | undefined> {
  await loadKindsNamed([kind]);
  return loaded.get(kind);
}

/**
 * The kind names a YAML or JSON text probably holds: every `kind: X`, `"kind": "X"` or
 * `'kind': 'X'`. Only a head start: kindForDocument still catches anything this misses.
 */
export function kindNamesIn(text: string): Set<string> {
  const names = new Set<string>();
  const re = /kind["']?[ \t]*:[ \t]*["']?([A-Za-z][A-Za-z0-9]*)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) names.add(m[1]!);
  return names;
}

/**
 * Runs `parse` (a synchronous reader using kindForDocument) with the kinds named in `text`
 * loaded first, loading any other kind it meets and starting it again.
 */
export async function withKindsOf<T>(text: string, parse: () => T): Promise<T> {
  await loadKindsNamed(kindNamesIn(text));
  for (;;) {
    try {
      return parse();
    } catch (e) {
      if (!(e instanceof KindNotLoaded)) throw e;
      await loadKindsNamed([e.kind]);
    }
  }
}
