/**
 * The kinds by command-line name, each loaded on demand: a command that reads one kind (`get
 * ippools`) imports that kind's module (and its validators) only, not registry.ts's every kind.
 *
 * registry.ts stays the one list of kinds. `npm run build` derives `kind-index.json` next to this
 * file in dist/ from it (scripts/gen-kind-index.js: each kind's names and aliases, and the module
 * and export that define it), so adding a kind still touches only its file and the registry.
 * Without that file (e.g. running from src/ under the test runner) the registry itself is used.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { KindDefinition } from './types.js';

/** One entry of kind-index.json. */
export interface KindIndexEntry {
  kind: string;
  aliases: string[];
  /** Module path relative to this file, e.g. `./kinds/ippool.js`. */
  module: string;
  export: string;
}

interface LazyKind {
  kind: string;
  aliases: readonly string[];
  load: () => Promise<KindDefinition>;
}

function readIndex(): KindIndexEntry[] | undefined {
  try {
    return JSON.parse(readFileSync(new URL('./kind-index.json', import.meta.url), 'utf8')) as KindIndexEntry[];
  } catch {
    return undefined;
  }
}

async function fromRegistry(): Promise<LazyKind[]> {
  const { KINDS } = await import('./registry.js');
  return KINDS.map((def) => ({ kind: def.kind, aliases: def.aliases, load: async () => def }));
}

let lazyKinds: Promise<LazyKind[]> | undefined;

/** Every kind, in registry order, with a loader for its definition. */
export function lazyKindList(): Promise<LazyKind[]> {
  lazyKinds ??= (async () => {
    const index = readIndex();
    if (!index) return fromRegistry();
    return index.map((e) => ({
      kind: e.kind,
      aliases: e.aliases,
      load: async () => ((await import(e.module)) as Record<string, KindDefinition>)[e.export]!,
    }));
  })();
  return lazyKinds;
}

let byAlias: Map<string, LazyKind> | undefined;

/** The kind a command-line name refers to (case-insensitive over the aliases), loaded. */
export async function loadKind(nameOrAlias: string): Promise<KindDefinition | undefined> {
  byAlias ??= new Map((await lazyKindList()).flatMap((k) => k.aliases.map((a) => [a.toLowerCase(), k] as const)));
  return byAlias.get(nameOrAlias.toLowerCase())?.load();
}

/** Like loadKind, but an unknown name is a usage error, worded as registry.ts's lookupKind words it. */
export async function requireKind(nameOrAlias: string): Promise<KindDefinition> {
  const def = await loadKind(nameOrAlias);
  if (!def) throw new UsageError(`resource type '${nameOrAlias}' is not supported`);
  return def;
}
