/**
 * A fast reader for the plain block YAML that resource files are nearly always written in
 * (block mappings and sequences, one-line scalars, one-line flat flow collections, comments).
 * It returns FALLBACK for anything else (anchors, tags, block or multi-line scalars, nested
 * flow, unusual keys, duplicate keys, odd indentation...) and the caller then uses js-yaml
 * with GO_YAML_SCHEMA, which remains the reference: for every input this reader accepts it
 * gives the same value as js-yaml (tests compare the two). js-yaml alone reads about 5 MB/s,
 * which is too slow for files with thousands of policies.
 */
import { resolvePlain } from './goyaml.js';

export const FALLBACK: unique symbol = Symbol('fallback');

class Fallback extends Error {}
const bail = (): never => {
  throw new Fallback();
};

/** Plain keys this reader handles; anything else (quoted, spaces, `<<`...) falls back. */
const KEY = /^[A-Za-z0-9_][A-Za-z0-9_.\/-]*$/;
/** First characters a one-line plain scalar may not start with (YAML indicators). */
const INDICATOR = /^[&*!|>%@`?:,\]}]|^-(\s|$)/;
const COMMENT = /[ \t]#/;

const goodKeys = new Set<string>();

function key(raw: string): string {
  if (goodKeys.has(raw)) return raw;
  if (!KEY.test(raw) || raw === '__proto__' || typeof resolvePlain(raw) !== 'string') bail();
  if (goodKeys.size > 4096) goodKeys.clear();
  goodKeys.add(raw);
  return raw;
}

/** Index of the `:` that ends a plain key (followed by a space or the end), or -1. */
function keyColon(text: string): number {
  for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) {
    const next = text.charCodeAt(i + 1);
    if (Number.isNaN(next) || next === 32) return i;
  }
  return -1;
}

/** A quoted scalar starting at text[0]; returns the value and the index after the quote. */
function quoted(text: string): [string, number] {
  const q = text[0];
  let i = 1;
  for (;;) {
    const j = text.indexOf(q!, i);
    if (j === -1) bail();
    if (q === '"') {
      let bs = 0;
      while (text[j - 1 - bs] === '\\') bs++;
      if (bs % 2 === 1) {
        i = j + 1;
        continue;
      }
      try {
        return [JSON.parse(text.slice(0, j + 1)) as string, j + 1];
      } catch {
        return bail();
      }
    }
    if (text[j + 1] === "'") {
      i = j + 2;
      continue;
    }
    return [text.slice(1, j).replace(/''/g, "'"), j + 1];
  }
}

/** Nothing but an optional comment may follow a value. */
function endOfValue(rest: string): void {
  const t = rest.trimStart();
  if (t !== '' && (t[0] !== '#' || t.length === rest.length)) bail();
}

function plain(text: string, flow: boolean): unknown {
  if (text === '' || INDICATOR.test(text) || text.includes(': ') || text.endsWith(':')) bail();
  if (flow && /[[\]{},]/.test(text)) bail();
  return resolvePlain(text);
}

function flowItems(inner: string): string[] {
  const items: string[] = [];
  let start = 0;
  let q = '';
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (q) {
      if (c === q && !(q === '"' && inner[i - 1] === '\\')) q = '';
    } else if (c === '"' || c === "'") q = c;
    else if (c === '[' || c === '{' || c === '#') bail();
    else if (c === ',') {
      items.push(inner.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (q) bail();
  const last = inner.slice(start).trim();
  if (last !== '' || items.length > 0) items.push(last);
  if (items.some((s) => s === '')) bail();
  return items;
}

function flowScalar(text: string): unknown {
  if (text[0] === '"' || text[0] === "'") {
    const [v, end] = quoted(text);
    if (end !== text.length) bail();
    return v;
  }
  return plain(text, true);
}

/** A value written on the same line as its key or dash. */
function inlineValue(text: string): unknown {
  const c = text[0];
  if (c === '"' || c === "'") {
    const [v, end] = quoted(text);
    endOfValue(text.slice(end));
    return v;
  }
  if (c === '[' || c === '{') {
    const close = text.indexOf(c === '[' ? ']' : '}');
    if (close === -1) bail();
    endOfValue(text.slice(close + 1));
    const items = flowItems(text.slice(1, close));
    if (c === '[') return items.map(flowScalar);
    const out: Record<string, unknown> = {};
    for (const item of items) {
      const colon = keyColon(item);
      if (colon === -1) bail();
      const k = key(item.slice(0, colon));
      if (k in out) bail();
      out[k] = flowScalar(item.slice(colon + 1).trim());
    }
    return out;
  }
  const m = COMMENT.exec(text);
  return plain((m ? text.slice(0, m.index) : text).trimEnd(), false);
}

const isItem = (text: string): boolean => text.charCodeAt(0) === 45 && (text.length === 1 || text.charCodeAt(1) === 32);

/** Lines with content, as parallel arrays (indentation, text without indentation). */
class Reader {
  pos = 0;
  constructor(readonly ind: number[], readonly txt: string[]) {}

  /** The value of a key or dash whose own line had nothing after it. */
  nested(parentIndent: number, inMap: boolean): unknown {
    const pos = this.pos;
    if (pos >= this.ind.length || this.ind[pos]! < parentIndent) return null;
    const indent = this.ind[pos]!;
    const item = isItem(this.txt[pos]!);
    if (indent === parentIndent) return inMap && item ? this.seq(parentIndent) : null;
    return item ? this.seq(indent) : this.map(indent);
  }

  map(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const { ind, txt } = this;
    while (this.pos < ind.length && ind[this.pos]! >= indent) {
      const text = txt[this.pos]!;
      if (ind[this.pos]! > indent || isItem(text)) bail();
      const colon = keyColon(text);
      if (colon === -1) bail();
      const k = key(text.slice(0, colon));
      if (out[k] !== undefined) bail(); // a duplicate (or a key of Object.prototype): js-yaml decides
      let from = colon + 1;
      while (text.charCodeAt(from) === 32) from++;
      this.pos++;
      out[k] = from === text.length || text.charCodeAt(from) === 35 ? this.nested(indent, true) : inlineValue(text.slice(from));
    }
    return out;
  }

  seq(indent: number): unknown[] {
    const out: unknown[] = [];
    const { ind, txt } = this;
    while (this.pos < ind.length && ind[this.pos]! >= indent) {
      const text = txt[this.pos]!;
      if (ind[this.pos]! > indent) bail();
      if (!isItem(text)) break;
      let from = 1;
      while (text.charCodeAt(from) === 32) from++;
      const c = text.charCodeAt(from);
      if (from === text.length || c === 35 /* # */) {
        this.pos++;
        const value = this.nested(indent, false);
        // An empty entry: js-yaml then mis-assigns a following less-indented entry. Leave it to js-yaml.
        if (value === null) bail();
        out.push(value);
        continue;
      }
      const rest = text.slice(from);
      if (isItem(rest)) bail(); // `- - x`: rare, and js-yaml reads some forms of it surprisingly
      if (c !== 34 && c !== 39 && c !== 91 && c !== 123 && keyColon(rest) !== -1) {
        // A compact mapping on the dash line ("- key: value"): re-read the line from the key.
        ind[this.pos] = indent + from;
        txt[this.pos] = rest;
        out.push(this.map(indent + from));
      } else {
        this.pos++;
        out.push(inlineValue(rest));
      }
    }
    return out;
  }
}

/** Parses one document, or returns FALLBACK when it is not in the simple subset. */
export function fastYaml(text: string): unknown {
  if (text.includes('\t')) return FALLBACK;
  const ind: number[] = [];
  const txt: string[] = [];
  const len = text.length;
  for (let start = 0; start < len; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = len;
    let indent = start;
    while (text.charCodeAt(indent) === 32) indent++;
    let stop = end;
    while (stop > indent && (text.charCodeAt(stop - 1) === 32 || text.charCodeAt(stop - 1) === 13)) stop--;
    if (stop > indent && text.charCodeAt(indent) !== 35 /* # */) {
      ind.push(indent - start);
      txt.push(text.slice(indent, stop));
    }
    start = end + 1;
  }
  if (ind.length === 0) return FALLBACK;
  try {
    const reader = new Reader(ind, txt);
    const value = isItem(txt[0]!) ? reader.seq(ind[0]!) : reader.map(ind[0]!);
    return reader.pos === ind.length ? value : FALLBACK;
  } catch (e) {
    if (e instanceof Fallback) return FALLBACK;
    throw e;
  }
}
