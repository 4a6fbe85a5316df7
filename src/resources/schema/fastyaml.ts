/**
 * A fast reader for the plain block YAML that resource files are nearly always written in
 * (block mappings and sequences, one-line scalars, one-line flat flow collections, comments).
 * It returns FALLBACK for anything else (anchors, tags, block or multi-line scalars, nested
 * flow, unusual keys, duplicate keys, odd indentation, tabs, control or unusual Unicode
 * characters...) and the caller then uses js-yaml with GO_YAML_SCHEMA, which remains the
 * reference: for every input this reader accepts it gives the same value as js-yaml (tests
 * compare the two). js-yaml alone reads about 5 MB/s, too slow for files with thousands of
 * policies.
 *
 * The reader works on a range of a larger text by index (no per-line strings): it looks at
 * every character of the range, so it can also refuse characters js-yaml treats specially.
 * Keys are matched in place against the keys already seen (see keys.ts). Documents of a file
 * are mostly alike line for line, so what each line held (its key, a repeated string value)
 * is kept as a hint for the same line of the next document, checked against the text before
 * it is used (see "Line hints").
 *
 * Given a kind's schema, the reader also tells (readDecodesToItself) whether strict decoding
 * would leave the value exactly as read (decode-check.ts), checking as it builds the value, so
 * the decoder need not walk it again.
 */
import type { SchemaNode } from './compile.js';
import { decodesToItself } from './decode-check.js';
import {
  BAIL, bail, checkChars, checkPlainStart, checkUnusual, collect, COLON, CR, DQUOTE, endOfValue, flowValue, HASH,
  isItemAt, PLAIN_RUN, quotedEnd, quotedValue, resetStack, resolveAt, SPACE, SQUOTE, stackMark, stackPush,
} from './fastyaml-values.js';
import { keyAt, keyEnd } from './keys.js';

export const FALLBACK: unique symbol = Symbol('fallback');

/**
 * A plain scalar on a block line, in [from, to), up to a comment (` #`): no `: ` inside, no
 * `:` last (js-yaml would read a mapping).
 */
function plainInline(s: string, from: number, to: number): unknown {
  // The same line of the previous document often has the same value (see Hints.value).
  const same = LINE < MAX_HINTS ? H.value[LINE] : undefined;
  if (same !== undefined && same.length === to - from && s.startsWith(same, from)) return same;
  const first = checkPlainStart(s, from, to);
  PLAIN_RUN.lastIndex = from;
  PLAIN_RUN.test(s);
  const stop = PLAIN_RUN.lastIndex;
  if (stop === to) {
    const value = resolveAt(s, from, to, first);
    if (typeof value === 'string' && LINE < MAX_HINTS) H.value[LINE] = value;
    return value;
  }
  if (s.charCodeAt(stop) === SPACE && s.charCodeAt(stop + 1) === HASH) {
    checkChars(s, stop + 2, to);
    let end = stop;
    while (s.charCodeAt(end - 1) === SPACE) end--;
    return resolveAt(s, from, end, first);
  }
  let end = to;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === COLON) {
      if (i + 1 === to || s.charCodeAt(i + 1) === SPACE) bail();
    } else if (c === HASH) {
      if (s.charCodeAt(i - 1) === SPACE) {
        checkChars(s, i + 1, to);
        end = i - 1;
        while (s.charCodeAt(end - 1) === SPACE) end--;
        break;
      }
    } else if (c < SPACE || c > 126) {
      checkUnusual(c);
    }
  }
  return resolveAt(s, from, end, first);
}

/** The keys of the mappings being read, innermost last: to find duplicates (past the first few, `out` is asked). */
const keys: string[] = [];
let keyTop = 0;
const MAX_SCANNED_KEYS = 32;

/** Whether a value starting with `c` is a plain scalar as far as inlineValue is concerned. */
const plainStart = (c: number): boolean => c !== DQUOTE && c !== SQUOTE && c !== 91 && c !== 123;

/** A value written on the same line as its key or dash, in [from, to) (from at a non-space). */
function inlineValue(s: string, from: number, to: number): unknown {
  const c = s.charCodeAt(from);
  if (c === DQUOTE || c === SQUOTE) {
    const end = quotedEnd(s, from, to);
    endOfValue(s, end, to);
    return quotedValue(s, from, end);
  }
  if (c === 91 || c === 123) return flowValue(s, from, to);
  return plainInline(s, from, to);
}

/*
 * The reader's position: the text and the end of the document being read, the current content
 * line (where it starts, its index among the document's content lines, indentation, first
 * index, end index with trailing spaces trimmed) and where the next line starts. Module state
 * rather than an object: a read runs to completion, synchronously.
 */
let S = '';
let END = 0;
let NEXT = 0;
let MORE = false;
let LINE = -1;
let LSTART = 0;
let IND = 0;
let LS = 0;
let LE = 0;

/*
 * Line hints. The documents of a file are mostly alike, line for line: for each content line
 * of a document, the text up to the `:` of its key (indentation and a dash included) and the
 * key are kept, and when the same line of the next document starts with that text, the key
 * is known without scanning it. A hint is only a guess checked against the text: the key found
 * is the one the scan would find, as the scan looks at nothing but that text (see keyEnd).
 * Hints are kept per schema (per kind), so that a file mixing kinds keeps one set per kind.
 */
const MAX_HINTS = 4096;
interface Hints {
  text: (string | undefined)[];
  key: string[];
  indent: number[];
  /**
   * A plain scalar that was the whole value of a line and read as a string (so its text), by
   * line index: the same text on the same line of the next document is read as the same string.
   */
  value: (string | undefined)[];
}
const hintSets = new Map<SchemaNode | undefined, Hints>();
/** The hints of the current read. */
let H: Hints = { text: [], key: [], indent: [], value: [] };

function hintsFor(schema: SchemaNode | undefined): Hints {
  let hints = hintSets.get(schema);
  if (hints === undefined) {
    if (hintSets.size >= 64) hintSets.clear(); // (schemas are per kind: never many)
    hints = { text: [], key: [], indent: [], value: [] };
    hintSets.set(schema, hints);
  }
  return hints;
}

/** The current line matched its hint: its key starts at HKEY_AT and ends at HCOLON. */
let HINTED = false;
let HKEY_AT = -1;
let HCOLON = -1;

/** Keeps the key just scanned on the current line as the hint for this line's index. */
function remember(colon: number, key: string): void {
  if (LINE >= MAX_HINTS) return;
  // A flat copy: a slice of the document would make every comparison go through its parent.
  H.text[LINE] = Object.keys({ [S.slice(LSTART, colon + 1)]: 0 })[0]!;
  H.key[LINE] = key;
  let i = LSTART;
  while (S.charCodeAt(i) === SPACE) i++;
  H.indent[LINE] = i - LSTART;
}

/** The key of the current line ends at `colon`, as its hint says (which it is when HINTED). */
const hintedKey = (at: number, le: number): boolean =>
  HINTED && at === HKEY_AT && (HCOLON + 1 === le || S.charCodeAt(HCOLON + 1) === SPACE);

/** Moves to the next line with content; comment lines are checked and skipped. */
function advance(): void {
  const s = S;
  let p = NEXT;
  while (p < END) {
    const lineStart = p;
    let nl = s.indexOf('\n', p);
    if (nl === -1 || nl > END) nl = END;
    const line = LINE + 1;
    const hints = H;
    const hint = line < MAX_HINTS ? hints.text[line] : undefined;
    let i = p;
    HINTED = hint !== undefined && s.startsWith(hint, p);
    if (HINTED) {
      // (A hint has no line break, so a match lies within this line.)
      i = p + hints.indent[line]!;
      HCOLON = p + hint!.length - 1;
      HKEY_AT = HCOLON - hints.key[line]!.length;
    } else {
      while (i < nl && s.charCodeAt(i) === SPACE) i++;
    }
    let e = nl;
    for (;;) {
      const c = s.charCodeAt(e - 1);
      if (e <= i || (c !== SPACE && c !== CR)) break;
      // A carriage return only as part of a line break: js-yaml reads a lone one as a break.
      if (c === CR && e !== nl) bail();
      e--;
    }
    p = nl + 1;
    if (e === i) continue;
    if (s.charCodeAt(i) === HASH) {
      checkChars(s, i + 1, e);
      continue;
    }
    LINE = line;
    LSTART = lineStart;
    IND = i - lineStart;
    LS = i;
    LE = e;
    NEXT = p;
    MORE = true;
    return;
  }
  NEXT = p;
  MORE = false;
}

/** Whether the value read so far decodes to itself under the schema given to fastYamlRange. */
let CLEAN = false;

/**
 * The schema node for the values of a block collection read against `node` (undefined: not
 * checked, because there is no schema or it allows anything there), or undefined and not
 * clean when the collection is not of the kind the schema wants.
 */
function containerNode(node: SchemaNode | undefined, seq: boolean): SchemaNode | undefined {
  if (node === undefined || node.kind === 'any') return undefined;
  if (seq ? node.kind === 'array' : node.kind === 'object' || (node.kind === 'map' && node.elem!.kind !== 'any')) return node;
  if (!seq && node.kind === 'map') return undefined; // map[string]interface{}: anything goes
  CLEAN = false;
  return undefined;
}

/** Kinds for which decodesToItself(node, <a string>) is true (checked first, as it is common). */
const STRING_KINDS: ReadonlySet<string> = new Set(['string', 'time', 'intOrString', 'any']);

const fieldParent: (SchemaNode | undefined)[] = [];
const fieldKey: (string | undefined)[] = [];
const fieldChild: (SchemaNode | undefined)[] = [];

/**
 * The schema node of the value under `key` in a mapping checked against `node` (an object or
 * a map node), or undefined and not clean for a field the object does not declare in this
 * exact case (the decoder would rename it or fail).
 */
function fieldNode(node: SchemaNode, key: string): SchemaNode | undefined {
  // Remembered by line: the same line of the next document is mostly the same field.
  const line = LINE < MAX_HINTS ? LINE : 0;
  let child: SchemaNode | undefined;
  if (fieldParent[line] === node && fieldKey[line] === key) {
    child = fieldChild[line];
  } else {
    child = node.kind === 'object' ? node.props!.get(key) : node.elem;
    fieldParent[line] = node;
    fieldKey[line] = key;
    fieldChild[line] = child;
  }
  if (child === undefined) CLEAN = false;
  return child;
}
/**
 * The block collection that starts on the current line, at `indent`: a sequence when the line
 * starts with a dash, else a mapping; it ends before the first line indented less (or, for a
 * sequence, the first line at its indentation without a dash). `schema` is what the decoder
 * expects here (see containerNode).
 */
function block(indent: number, schema: SchemaNode | undefined): unknown {
  return isItemAt(S, LS, LE) ? seqBlock(indent, schema) : mapBlock(indent, schema);
}

/** A block sequence (see block). */
function seqBlock(indent: number, schema: SchemaNode | undefined): unknown[] {
  const s = S;
  const elem = containerNode(schema, true)?.elem;
  const mark = stackMark();
  while (MORE && IND >= indent) {
    if (IND > indent) bail();
    const ls = LS;
    const le = LE;
    if (!isItemAt(s, ls, le)) break;
    let from = ls + 1;
    while (from < le && s.charCodeAt(from) === SPACE) from++;
    const c = s.charCodeAt(from);
    let value: unknown;
    if (from === le || c === HASH) {
      checkChars(s, from + 1, le);
      advance();
      // The entry is on the lines below; an empty one makes js-yaml mis-assign a following
      // less-indented entry: leave it to js-yaml.
      if (!MORE || IND <= indent) bail();
      value = block(IND, elem);
    } else if (isItemAt(s, from, le)) {
      bail(); // `- - x`: rare, and js-yaml reads some forms of it surprisingly
    } else if (plainStart(c) && (hintedKey(from, le) || keyEnd(s, from, le) !== -1)) {
      // A compact mapping on the dash line ("- key: value"): re-read the line from the key.
      IND = indent + (from - ls);
      LS = from;
      value = mapBlock(IND, elem);
    } else {
      value = inlineValue(s, from, le);
      advance();
      // The decoder zero-fills null elements, and converts or rejects values of another type.
      if (elem !== undefined && (value === null || !decodesToItself(elem, value))) CLEAN = false;
    }
    stackPush(value); // (after the value: reading it may use the stack)
  }
  return collect(mark);
}

/** A block mapping (see block). */
function mapBlock(indent: number, schema: SchemaNode | undefined): Record<string, unknown> {
  const s = S;
  const node = containerNode(schema, false);
  const out: Record<string, unknown> = {};
  const keyMark = keyTop;
  while (MORE && IND >= indent) {
    const ls = LS;
    const le = LE;
    if (IND > indent) bail();
    let colon: number;
    let k: string;
    if (HINTED && ls === HKEY_AT && (HCOLON + 1 === le || s.charCodeAt(HCOLON + 1) === SPACE)) {
      // (as hintedKey; a key never starts with a dash, so this is no sequence entry)
      colon = HCOLON;
      k = H.key[LINE]!;
    } else {
      if (isItemAt(s, ls, le)) bail();
      colon = keyEnd(s, ls, le);
      if (colon === -1) bail();
      k = keyAt(s, ls, colon) ?? bail();
      remember(colon, k);
    }
    // A duplicate: js-yaml decides. (Keys are never keys of Object.prototype: see keyAt.)
    if (keyTop - keyMark < MAX_SCANNED_KEYS) {
      for (let i = keyMark; i < keyTop; i++) if (keys[i] === k) bail();
      keys[keyTop++] = k;
    } else if (Object.hasOwn(out, k)) {
      bail();
    }
    let from = colon + 1;
    while (from < le && s.charCodeAt(from) === SPACE) from++;
    if (from === le || s.charCodeAt(from) === HASH) {
      checkChars(s, from + 1, le);
      advance();
      // The value is on the lines below: more indented, or a sequence at the key's indentation.
      const item = MORE && isItemAt(s, LS, LE);
      if (MORE && (IND > indent || (IND === indent && item))) {
        const child = node === undefined ? undefined : fieldNode(node, k);
        out[k] = item ? seqBlock(IND, child) : mapBlock(IND, child); // (as block)
      } else {
        out[k] = null;
        if (node !== undefined) CLEAN = false; // the decoder drops null fields
      }
    } else {
      const value = plainStart(s.charCodeAt(from)) ? plainInline(s, from, le) : inlineValue(s, from, le);
      advance();
      out[k] = value;
      if (node !== undefined) {
        // The decoder drops null fields, and converts or rejects values of another type.
        const line = LINE < MAX_HINTS ? LINE : 0;
        const child = fieldParent[line] === node && fieldKey[line] === k ? fieldChild[line] : fieldNode(node, k);
        if (child === undefined || value === null) CLEAN = false;
        else if (!(typeof value === 'string' && STRING_KINDS.has(child.kind)) && !decodesToItself(child, value)) CLEAN = false;
      }
    }
  }
  keyTop = keyMark;
  return out;
}

/**
 * Parses the document s[start, end) (end at a line start or the end of s), or returns
 * FALLBACK when it is not in the simple subset (or has no content). With `schema` (a kind's
 * root node), readDecodesToItself() then tells whether decoding would leave the value as is.
 */
export function fastYamlRange(s: string, start: number, end: number, schema?: SchemaNode): unknown {
  S = s;
  END = end;
  NEXT = start;
  LINE = -1;
  H = hintsFor(schema);
  resetStack();
  keyTop = 0;
  CLEAN = schema !== undefined;
  try {
    advance();
    if (!MORE) return FALLBACK;
    const value = block(IND, schema);
    return MORE ? FALLBACK : value;
  } catch (e) {
    if (e === BAIL) return FALLBACK;
    throw e;
  } finally {
    S = '';
    resetStack();
  }
}

/**
 * Whether the value of the last successful fastYamlRange call decodes to itself under the
 * schema it was given (false when none was given).
 */
export function readDecodesToItself(): boolean {
  return CLEAN;
}

/** Parses one document, or returns FALLBACK when it is not in the simple subset. */
export function fastYaml(text: string): unknown {
  return fastYamlRange(text, 0, text.length);
}
