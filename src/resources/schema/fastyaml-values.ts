/**
 * The values the fast YAML reader (fastyaml.ts) finds on one line: plain, quoted and flow
 * scalars, flat flow collections, and the checks on the characters around them. Anything
 * outside the simple subset throws BAIL, and the reader returns FALLBACK.
 */
import { resolvePlain } from './goyaml.js';
import { keyAt, keyEnd } from './keys.js';

/** Thrown (one shared instance, no stack) when the text leaves the simple subset. */
export const BAIL = Object.freeze({ fallback: true });
export const bail = (): never => {
  throw BAIL;
};

export const SPACE = 32;
export const CR = 13;
export const HASH = 35;
export const DASH = 45;
export const COLON = 58;
export const DQUOTE = 34;
export const SQUOTE = 39;

/**
 * A character outside printable ASCII may be read differently by js-yaml (control and
 * non-printable characters are errors there, line separators and Unicode spaces are
 * whitespace to String.trim) or is simply rare: only ordinary printable characters pass.
 */
export function checkUnusual(c: number): void {
  if (
    c < 0xa1 || (c >= 0xd800 && c <= 0xdfff) || c >= 0xfffe || c === 0xfeff || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  ) bail();
}

/** Checks the characters of [from, to) (a comment, say) without reading them. */
export function checkChars(s: string, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < SPACE || c > 126) checkUnusual(c);
  }
}

export const isItemAt = (s: string, at: number, to: number): boolean =>
  s.charCodeAt(at) === DASH && (at + 1 === to || s.charCodeAt(at + 1) === SPACE);

/** Characters a plain scalar may not start with (YAML indicators); `-` is checked apart. */
const INDICATOR = new Uint8Array(128);
for (const ch of '&*!|>%@`?:,]}#"\'[{') INDICATOR[ch.charCodeAt(0)] = 1;
/** Characters a plain scalar may not contain inside a flow collection. */
const FLOW_INDICATOR = new Uint8Array(128);
for (const ch of '[]{},') FLOW_INDICATOR[ch.charCodeAt(0)] = 1;

/** Value of a digit-only plain scalar without a leading zero that fits a double exactly. */
function smallInt(s: string, from: number, to: number): number {
  if (to - from > 15) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9 || (d === 0 && i === from && to - from > 1)) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** A plain scalar may not start with an indicator, nor with `- ` (or be just `-`). */
export function checkPlainStart(s: string, from: number, to: number): number {
  if (from >= to) bail();
  const first = s.charCodeAt(from);
  if (first < 128 && INDICATOR[first] === 1) bail();
  if (first === DASH && (from + 1 === to || s.charCodeAt(from + 1) === SPACE)) bail();
  return first;
}

/** The plain scalar s[from, to) (checked), resolved as go-yaml v2 resolves it. */
export function resolveAt(s: string, from: number, to: number, first: number): unknown {
  if (first >= 49 && first <= 57) {
    const n = smallInt(s, from, to);
    if (n >= 0) return n;
  }
  return resolvePlain(s.slice(from, to));
}

/**
 * The usual plain scalar on a line: printable ASCII, a `:` only before a printable character,
 * a space only before a character other than `#`.
 */
export const PLAIN_RUN = /(?:[!-9;-~]|:(?=[!-~])| (?=[ !"$-~]))*/y;

/** A plain scalar inside a flow collection, in [from, to): as on a line, and no flow indicator. */
function plainFlow(s: string, from: number, to: number): unknown {
  const first = checkPlainStart(s, from, to);
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === COLON) {
      if (i + 1 === to || s.charCodeAt(i + 1) === SPACE) bail();
    } else if (c < SPACE || c > 126) {
      checkUnusual(c);
    } else if (FLOW_INDICATOR[c] === 1) {
      bail();
    }
  }
  return resolveAt(s, from, to, first);
}

/** End of a quoted scalar starting at s[from] (index after the closing quote), else bail. */
export function quotedEnd(s: string, from: number, to: number): number {
  const q = s.charCodeAt(from);
  for (let i = from + 1; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === q) {
      if (q === SQUOTE && s.charCodeAt(i + 1) === SQUOTE && i + 1 < to) {
        i++;
        continue;
      }
      return i + 1;
    }
    if (c === 92 /* \ */ && q === DQUOTE) i++;
    else if (c < SPACE || c > 126) checkUnusual(c);
  }
  return bail();
}

/** The value of the quoted scalar s[from, end) (end as given by quotedEnd). */
export function quotedValue(s: string, from: number, end: number): string {
  const inner = s.slice(from + 1, end - 1);
  if (s.charCodeAt(from) === SQUOTE) return inner.includes("'") ? inner.replace(/''/g, "'") : inner;
  if (!inner.includes('\\')) return inner;
  try {
    return JSON.parse(s.slice(from, end)) as string;
  } catch {
    return bail(); // an escape JSON does not know (\x41, \e...): js-yaml decides
  }
}

/** Nothing but spaces and an optional comment (after at least one space) may follow a value. */
export function endOfValue(s: string, from: number, to: number): void {
  let i = from;
  while (i < to && s.charCodeAt(i) === SPACE) i++;
  if (i === to) return;
  if (s.charCodeAt(i) !== HASH || i === from) bail();
  checkChars(s, i + 1, to);
}

/** A scalar inside a flow collection, in [from, to) with no surrounding spaces. */
function flowScalar(s: string, from: number, to: number): unknown {
  const c = s.charCodeAt(from);
  if (c === DQUOTE || c === SQUOTE) {
    if (quotedEnd(s, from, to) !== to) bail();
    return quotedValue(s, from, to);
  }
  return plainFlow(s, from, to);
}

/**
 * Values of the sequences being read, innermost last: a sequence's values are collected here
 * and copied out once complete, so each array is allocated at its final size. A sequence
 * starts with stackMark() and ends with collect(mark); stackPush adds a value.
 */
const stack: unknown[] = [];
let top = 0;

export const stackMark = (): number => top;

export function stackPush(value: unknown): void {
  stack[top++] = value;
}

export function collect(mark: number): unknown[] {
  const out = stack.slice(mark, top);
  for (let i = mark; i < top; i++) stack[i] = undefined;
  top = mark;
  return out;
}

/** Empties the stack (after a read that did not complete). */
export function resetStack(): void {
  if (top !== 0) {
    stack.fill(undefined, 0, top);
    top = 0;
  }
}

/** Set by flowItem: the end of the item (spaces trimmed) and where it stopped (`,` or the close). */
let itemEnd = 0;
let itemStop = 0;

/**
 * The item of a flat flow collection starting at `from` (leading spaces skipped) and ending at
 * `to` or a comma outside quotes; returns its start. Nested collections and comments fall back.
 */
function flowItem(s: string, from: number, to: number): number {
  let a = from;
  while (a < to && s.charCodeAt(a) === SPACE) a++;
  let q = 0;
  let i = a;
  for (; i < to; i++) {
    const c = s.charCodeAt(i);
    if (q !== 0) {
      if (c === q && !(q === DQUOTE && s.charCodeAt(i - 1) === 92)) q = 0;
    } else if (c === DQUOTE || c === SQUOTE) q = c;
    else if (c === 91 || c === 123 || c === HASH) bail();
    else if (c === 44 /* , */) break;
  }
  if (q !== 0) bail();
  let b = i;
  while (b > a && s.charCodeAt(b - 1) === SPACE) b--;
  itemEnd = b;
  itemStop = i;
  return a;
}

/** A one-line flow collection starting at s[from] (`[` or `{`): flat, no empty items. */
export function flowValue(s: string, from: number, to: number): unknown {
  const seq = s.charCodeAt(from) === 91;
  const closeCode = seq ? 93 : 125;
  let close = from + 1;
  while (close < to && s.charCodeAt(close) !== closeCode) close++;
  if (close === to) bail();
  endOfValue(s, close + 1, to);
  const mark = top;
  const map: Record<string, unknown> | undefined = seq ? undefined : {};
  for (let p = from + 1; p <= close; ) {
    const a = flowItem(s, p, close);
    const e = itemEnd;
    if (a === e) {
      if (p === from + 1 && itemStop === close) break; // `[]`, `[ ]`
      bail(); // `[a, ]`, `[, a]`
    }
    if (seq) {
      stackPush(flowScalar(s, a, e));
    } else {
      const colon = keyEnd(s, a, e);
      if (colon === -1) bail();
      const k = keyAt(s, a, colon) ?? bail();
      if (k in map!) bail();
      let v = colon + 1;
      while (v < e && s.charCodeAt(v) === SPACE) v++;
      map![k] = flowScalar(s, v, e);
    }
    p = itemStop + 1;
  }
  return map ?? collect(mark);
}
