/**
 * The function table: Go's builtins (and, or, not, len, index, slice, print, printf, println,
 * eq, ne, lt, le, gt, ge, html, js, urlquery, call), calicoctl's join and joinAndTruncate, and
 * the caller's functions. Each builtin declares its parameters so the executor can check
 * argument counts and types with Go's messages; failures inside a function throw FuncError,
 * reported as `error calling <name>: <message>`.
 */
import { formatValue, sprint, sprintf, sprintln } from './printf.js';
import {
  byteLength,
  compareStrings,
  GoFloat,
  isMap,
  isNil,
  isTrue,
  kindOf,
  sortedKeys,
  toNumber,
  typeName,
  type Kind,
} from './values.js';

/** 'any' accepts every value (missing ones arrive as null); 'string' and 'int' are checked. */
export type ParamType = 'any' | 'string' | 'int';

export interface FuncDef {
  /** Parameter types; when variadic, the last one is the type of each extra argument. */
  params: ParamType[];
  variadic: boolean;
  builtin: boolean;
  fn: (args: unknown[]) => unknown;
}

export type UserFunc = (...args: unknown[]) => unknown;

export class FuncError extends Error {}

const fail = (msg: string): never => {
  throw new FuncError(msg);
};

// --- comparison ------------------------------------------------------------------------

type BasicKind = 'bool' | 'int' | 'float' | 'string' | 'invalid';

function basicKind(v: unknown): BasicKind {
  const k: Kind = kindOf(v);
  return k === 'bool' || k === 'int' || k === 'float' || k === 'string' ? k : 'invalid';
}
const numeric = (k: BasicKind): boolean => k === 'int' || k === 'float';

function eq(a: unknown, ...bs: unknown[]): boolean {
  if (bs.length === 0) fail('missing argument for comparison');
  const ka = basicKind(a);
  for (const b of bs) {
    const kb = basicKind(b);
    let truth = false;
    if (ka !== kb) {
      // Go refuses int vs float; JSON cannot tell them apart, so compare numerically.
      if (numeric(ka) && numeric(kb)) truth = toNumber(a) === toNumber(b);
      else if (!isNil(a) && !isNil(b)) fail('incompatible types for comparison');
    } else if (ka === 'invalid') {
      if (isNil(a) || isNil(b)) truth = isNil(a) && isNil(b);
      else fail(`non-comparable type ${formatValue(b)}: ${typeName(b)}`);
    } else if (numeric(ka)) truth = toNumber(a) === toNumber(b);
    else truth = a === b;
    if (truth) return true;
  }
  return false;
}

function lt(a: unknown, b: unknown): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka === 'invalid' || kb === 'invalid') fail('invalid type for comparison');
  if (ka !== kb) {
    if (numeric(ka) && numeric(kb)) return toNumber(a) < toNumber(b);
    fail('incompatible types for comparison');
  }
  if (ka === 'bool') fail('invalid type for comparison');
  if (ka === 'string') return compareStrings(a as string, b as string) < 0;
  return toNumber(a) < toNumber(b);
}

const le = (a: unknown, b: unknown): boolean => lt(a, b) || eq(a, b);

// --- index, slice, len ---------------------------------------------------------------

function indexArg(ix: unknown, cap: number): number {
  if (isNil(ix)) fail('cannot index slice/array with nil');
  if (kindOf(ix) !== 'int') fail(`cannot index slice/array with type ${typeName(ix)}`);
  const x = toNumber(ix);
  if (x < 0 || x > cap) fail(`index out of range: ${x}`);
  return x;
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  if (isNil(item)) fail('index of untyped nil');
  let cur = item;
  for (const ix of indexes) {
    if (isNil(cur)) fail('index of nil pointer');
    if (Array.isArray(cur)) {
      const x = indexArg(ix, cur.length);
      if (x >= cur.length) fail(`index out of range: ${x}`);
      cur = cur[x] ?? null;
    } else if (typeof cur === 'string') {
      const bytes = Buffer.from(cur, 'utf8');
      const x = indexArg(ix, bytes.length);
      if (x >= bytes.length) fail(`index out of range: ${x}`);
      cur = bytes[x] ?? 0;
    } else if (isMap(cur)) {
      if (isNil(ix)) fail('value is nil; should be of type string');
      if (typeof ix !== 'string') fail(`value has type ${typeName(ix)}; should be string`);
      const key = ix as string;
      cur = Object.hasOwn(cur, key) ? (cur[key] ?? null) : null;
    } else fail(`can't index item of type ${typeName(cur)}`);
  }
  return cur;
}

function slice(item: unknown, ...indexes: unknown[]): unknown {
  if (isNil(item)) fail('slice of untyped nil');
  if (indexes.length > 3) fail(`too many slice indexes: ${indexes.length}`);
  let len: number;
  if (typeof item === 'string') {
    if (indexes.length === 3) fail('cannot 3-index slice a string');
    len = byteLength(item);
  } else if (Array.isArray(item)) len = item.length;
  else return fail(`can't slice item of type ${typeName(item)}`);
  const idx = [0, len, len];
  indexes.forEach((ix, i) => {
    idx[i] = indexArg(ix, len);
  });
  const [i, j, k] = idx as [number, number, number];
  if (i > j) fail(`invalid slice index: ${i} > ${j}`);
  if (indexes.length === 3 && j > k) fail(`invalid slice index: ${j} > ${k}`);
  if (typeof item === 'string') return Buffer.from(item, 'utf8').subarray(i, j).toString('utf8');
  return (item as unknown[]).slice(i, j);
}

function len(item: unknown): number {
  if (isNil(item)) fail('len of nil pointer');
  if (typeof item === 'string') return byteLength(item);
  if (Array.isArray(item)) return item.length;
  if (isMap(item)) return Object.keys(item).length;
  return fail(`len of type ${typeName(item)}`);
}

// --- escapers --------------------------------------------------------------------------

/** The text of escaper arguments: a lone string as is, else fmt.Sprint (nil -> <no value>). */
function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (isNil(a) ? '<no value>' : a)));
}

const HTML_ESCAPES: Record<string, string> = { '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;', '\0': '\uFFFD' };

export function htmlEscape(s: string): string {
  return s.replace(/["'&<>\0]/g, (c) => HTML_ESCAPES[c] ?? c);
}

const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');

export function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    switch (ch) {
      case '\\':
        out += '\\\\';
        continue;
      case "'":
        out += "\\'";
        continue;
      case '"':
        out += '\\"';
        continue;
      case '<':
      case '>':
      case '&':
      case '=':
        out += '\\u' + hex4(cp);
        continue;
    }
    if (cp < 0x20) out += '\\u' + hex4(cp);
    else if (cp < 0x80) out += ch;
    else if (/^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch)) out += ch;
    else out += '\\u' + hex4(cp);
  }
  return out;
}

export function urlQueryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

// --- calicoctl -------------------------------------------------------------------------

/** calicoctl's join: slice items as %v; map entries as sorted k=v; anything else as itself. */
function joinItems(items: unknown, sep: string): string {
  if (isNil(items)) return '';
  if (Array.isArray(items)) return items.map(formatValue).join(sep);
  if (isMap(items)) return sortedKeys(items).map((k) => `${k}=${formatValue(items[k])}`).join(sep);
  return formatValue(items);
}

/** join, cut to max characters (0 or less: no limit) of which the last three are `...`. */
function joinAndTruncate(items: unknown, sep: string, max: number): string {
  const s = joinItems(items, sep);
  if (max <= 0) return s;
  const chars = Array.from(s);
  if (chars.length <= max) return s;
  return max >= 3 ? chars.slice(0, max - 3).join('') + '...' : '.'.repeat(max);
}

function call(fn: unknown, ...args: unknown[]): unknown {
  if (isNil(fn)) fail('call of nil');
  if (typeof fn !== 'function') fail(`non-function of type ${typeName(fn)}`);
  return (fn as UserFunc)(...args.map(plain));
}

/** What a caller's function receives: JS numbers for template float constants. */
function plain(v: unknown): unknown {
  return v instanceof GoFloat ? v.value : v;
}

// --- table -----------------------------------------------------------------------------

const b = (params: ParamType[], variadic: boolean, fn: (args: unknown[]) => unknown): FuncDef => ({
  params,
  variadic,
  builtin: true,
  fn,
});

const BUILTINS: ReadonlyMap<string, FuncDef> = new Map<string, FuncDef>([
  // and/or short-circuit in the executor; fn is for completeness.
  ['and', b(['any', 'any'], true, (a) => a.find((v) => !isTrue(v)) ?? a[a.length - 1])],
  ['or', b(['any', 'any'], true, (a) => a.find((v) => isTrue(v)) ?? a[a.length - 1])],
  ['not', b(['any'], false, ([a]) => !isTrue(a))],
  ['len', b(['any'], false, ([a]) => len(a))],
  ['index', b(['any', 'any'], true, ([item, ...ix]) => index(item, ...ix))],
  ['slice', b(['any', 'any'], true, ([item, ...ix]) => slice(item, ...ix))],
  ['print', b(['any'], true, (a) => sprint(a))],
  ['printf', b(['string', 'any'], true, ([f, ...a]) => sprintf(f as string, a))],
  ['println', b(['any'], true, (a) => sprintln(a))],
  ['eq', b(['any', 'any'], true, ([a, ...bs]) => eq(a, ...bs))],
  ['ne', b(['any', 'any'], false, ([x, y]) => !eq(x, y))],
  ['lt', b(['any', 'any'], false, ([x, y]) => lt(x, y))],
  ['le', b(['any', 'any'], false, ([x, y]) => le(x, y))],
  ['gt', b(['any', 'any'], false, ([x, y]) => !le(x, y))],
  ['ge', b(['any', 'any'], false, ([x, y]) => !lt(x, y))],
  ['html', b(['any'], true, (a) => htmlEscape(evalArgs(a)))],
  ['js', b(['any'], true, (a) => jsEscape(evalArgs(a)))],
  ['urlquery', b(['any'], true, (a) => urlQueryEscape(evalArgs(a)))],
  ['call', b(['any', 'any'], true, ([fn, ...a]) => call(fn, ...a))],
  ['join', b(['any', 'string'], false, ([items, sep]) => joinItems(items, sep as string))],
  ['joinAndTruncate', b(['any', 'string', 'int'], false, ([items, sep, max]) => joinAndTruncate(items, sep as string, max as number))],
]);

/** Builtins plus the caller's functions (which win on a name clash, as in Go). */
export function buildFuncTable(user?: Record<string, UserFunc>): Map<string, FuncDef> {
  const table = new Map(BUILTINS);
  for (const [name, f] of Object.entries(user ?? {})) {
    if (typeof f !== 'function') continue;
    table.set(name, { params: ['any'], variadic: true, builtin: false, fn: (args) => f(...args.map(plain)) });
  }
  return table;
}
