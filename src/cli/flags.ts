/**
 * A command's argv → flags and positional arguments, from the command's oclif.manifest.json
 * entry alone (no @oclif/core). It accepts only the plain forms whose meaning under oclif's
 * parser is unambiguous: `--name value`, `--name=value`, `-c value`, `-cvalue`, `-c=value`,
 * `--bool`, `-b`, aliases, and positional words (when the command takes them). Anything else
 * (an unknown or repeated flag, a value that looks like a flag, `--`, bundled short flags,
 * `--bool=x`, a missing required flag, flags with option lists or relationships) gives
 * undefined, and the caller lets oclif parse the argv and report the problem its own way.
 */
import type { HelpCommand, HelpFlag } from './helpdata.js';

export interface ParsedArgv {
  flags: Record<string, string | boolean>;
  /** Positional words, in order. */
  argv: string[];
}

/** Manifest fields this parser does not implement; a flag that has one is left to oclif. */
const UNSUPPORTED_FIELDS = ['options', 'exclusive', 'exactlyOne', 'dependsOn', 'relationships', 'allowStdin', 'env', 'delimiter'];

type ManifestFlag = HelpFlag & { aliases?: string[]; charAliases?: string[]; allowNo?: boolean };

function supported(f: ManifestFlag): boolean {
  if (f.type !== 'option' && f.type !== 'boolean') return false;
  if (f.multiple || f.allowNo) return false;
  return !UNSUPPORTED_FIELDS.some((k) => (f as unknown as Record<string, unknown>)[k] !== undefined);
}

interface Lookup {
  long: Map<string, ManifestFlag>;
  short: Map<string, ManifestFlag>;
}

function lookupFor(cmd: HelpCommand): Lookup | undefined {
  const long = new Map<string, ManifestFlag>();
  const short = new Map<string, ManifestFlag>();
  for (const f of Object.values(cmd.flags) as ManifestFlag[]) {
    if (!supported(f)) return undefined;
    long.set(f.name, f);
    if (f.char) short.set(f.char, f);
  }
  // oclif looks aliases up before chars, so an alias wins over another flag's char.
  for (const f of Object.values(cmd.flags) as ManifestFlag[]) {
    for (const a of f.aliases ?? []) if (!long.has(a)) long.set(a, f);
    for (const a of f.charAliases ?? []) short.set(a, f);
  }
  return { long, short };
}

/** Parses `argv` for `cmd`; undefined means "not a plain case: let oclif parse it". */
export function parseCommandArgv(cmd: HelpCommand, argv: readonly string[]): ParsedArgv | undefined {
  const lookup = lookupFor(cmd);
  if (!lookup) return undefined;
  const flags: Record<string, string | boolean> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-' || !a.startsWith('-')) {
      positional.push(a);
      continue;
    }
    if (a === '--') return undefined;
    let flag: ManifestFlag | undefined;
    let inline: string | undefined;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      flag = lookup.long.get(eq >= 0 ? a.slice(2, eq) : a.slice(2));
      if (eq >= 0) inline = a.slice(eq + 1);
    } else {
      flag = lookup.short.get(a[1]!);
      if (a.length > 2) inline = a.slice(a[2] === '=' ? 3 : 2);
    }
    if (!flag || flag.name in flags) return undefined;
    if (flag.type === 'boolean') {
      if (inline !== undefined) return undefined;
      flags[flag.name] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === '' || (value.startsWith('-') && value !== '-')) return undefined;
    flags[flag.name] = value;
  }
  const argsAllowed = Object.keys(cmd.args).length;
  if (cmd.strict !== false && positional.length > argsAllowed) return undefined;
  for (const f of Object.values(cmd.flags)) {
    if (f.name in flags) continue;
    if (f.required) return undefined;
    if (f.type === 'option' && typeof f.default === 'string') flags[f.name] = f.default;
  }
  return { flags, argv: positional };
}
