/**
 * Top-level argv handling, docopt "options first" style: global options must come before the
 * command; everything after the command words belongs to the command. Pure: returns what to do.
 */
import type { GlobalOptions } from './globals.js';
import type { HelpCommand } from './helpdata.js';
import { DEFAULT_LOG_LEVEL, parseLogLevel } from './loglevel.js';

export type Route =
  /** Help for these words (empty = top level): stdout, exit 0. */
  | { action: 'help'; words: string[] }
  /** A router (`ipam`, `datastore migrate`) without a known sub-command: its help, exit 0. */
  | { action: 'topic'; id: string }
  | { action: 'version-flag' }
  | { action: 'invalid-option'; args: string[] }
  | { action: 'bad-log-level'; level: string }
  | { action: 'unknown-command'; name: string }
  | { action: 'run'; id: string; argv: string[]; globals: GlobalOptions };

const LONG_OPTIONS = ['help', 'version', 'log-level', 'context', 'allow-version-mismatch'] as const;
type LongOption = (typeof LONG_OPTIONS)[number];

/** Exact name, or (as docopt allows) a unique prefix of one. */
function matchLong(name: string): LongOption | undefined {
  const exact = LONG_OPTIONS.find((o) => o === name);
  if (exact) return exact;
  const candidates = LONG_OPTIONS.filter((o) => o.startsWith(name));
  return name !== '' && candidates.length === 1 ? candidates[0] : undefined;
}

interface TopLevel {
  help: boolean;
  version: boolean;
  logLevel?: string;
  context?: string;
  allowVersionMismatch: boolean;
  /** Index of the command word in args. */
  next: number;
}

/** Parses the global options; undefined when one of them is invalid. */
function parseTopLevel(args: readonly string[]): TopLevel | undefined {
  const t: TopLevel = { help: false, version: false, allowVersionMismatch: false, next: 0 };
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') return { ...t, next: i + 1 };
    if (!a.startsWith('-') || a === '-') break;
    let name: LongOption | undefined;
    let inline: string | undefined;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      name = matchLong(eq >= 0 ? a.slice(2, eq) : a.slice(2));
      inline = eq >= 0 ? a.slice(eq + 1) : undefined;
    } else if (a === '-h') {
      name = 'help';
    } else if (a.startsWith('-l')) {
      name = 'log-level';
      inline = a.length > 2 ? a.slice(2) : undefined;
    }
    if (name === undefined) return undefined;
    if (name === 'log-level' || name === 'context') {
      const value = inline ?? args[++i];
      if (value === undefined) return undefined;
      if (name === 'log-level') t.logLevel = value;
      else t.context = value;
    } else if (inline !== undefined) {
      return undefined;
    } else if (name === 'help') t.help = true;
    else if (name === 'version') t.version = true;
    else t.allowVersionMismatch = true;
  }
  return { ...t, next: i };
}

const idExists = (id: string, commands: readonly HelpCommand[]): boolean =>
  commands.some((c) => c.id === id || c.id.startsWith(`${id}:`));

/** `-h`/`--help` among the command's arguments (before `--`). */
function asksForHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '-h' || a === '--help') return true;
  }
  return false;
}

/** Top-level options forwarded to the command as flags, when it declares them and has none. */
function forwarded(cmd: HelpCommand, argv: readonly string[], t: TopLevel, level: string): string[] {
  const has = (flag: string) => argv.some((a) => a === `--${flag}` || a.startsWith(`--${flag}=`));
  const out: string[] = [];
  const declared = (flag: string) => flag in cmd.flags && !has(flag);
  if (t.logLevel !== undefined && declared('log-level')) out.push(`--log-level=${level}`);
  if (t.context !== undefined && declared('context')) out.push(`--context=${t.context}`);
  if (t.allowVersionMismatch && declared('allow-version-mismatch')) out.push('--allow-version-mismatch');
  return out;
}

export function route(args: readonly string[], commands: readonly HelpCommand[]): Route {
  const t = parseTopLevel(args);
  if (!t) return { action: 'invalid-option', args: [...args] };
  if (t.help) return { action: 'help', words: [] };
  if (t.version) return { action: 'version-flag' };
  const level = t.logLevel === undefined ? DEFAULT_LOG_LEVEL : parseLogLevel(t.logLevel);
  if (level === undefined) return { action: 'bad-log-level', level: t.logLevel ?? '' };
  const name = args[t.next];
  if (name === undefined) return { action: 'invalid-option', args: [...args] };
  if (name === 'help') return { action: 'help', words: args.slice(t.next + 1) };
  if (!idExists(name, commands)) return { action: 'unknown-command', name };

  // Extend the id with following words while they name a command or router (`datastore migrate lock`).
  let id = name;
  let j = t.next + 1;
  for (; j < args.length; j++) {
    const word = args[j] ?? '';
    if (word.startsWith('-') || commands.some((c) => c.id === id) || !idExists(`${id}:${word}`, commands)) break;
    id = `${id}:${word}`;
  }
  const argv = args.slice(j);
  if (asksForHelp(argv)) return { action: 'help', words: id.split(':') };
  const cmd = commands.find((c) => c.id === id);
  if (!cmd) return { action: 'topic', id };
  const globals: GlobalOptions = { logLevel: level, context: t.context, allowVersionMismatch: t.allowVersionMismatch };
  return { action: 'run', id, argv: [...forwarded(cmd, argv, t, level), ...argv], globals };
}
