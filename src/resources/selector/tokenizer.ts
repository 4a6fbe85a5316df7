/**
 * Selector tokenizer. Calico's lexical rules: only space and tab are whitespace (a newline is an
 * error), labels are runs of `[A-Za-z0-9_./-]` of at most 512 characters, strings are single or
 * double quoted with no escapes, and word operators (`in`, `not in`, `contains`, `starts with`,
 * `ends with`) are only recognised straight after a label.
 */
import { SelectorError } from './errors.js';
import { MAX_LABEL_LENGTH, type Token, type TokenKind } from './tokens.js';

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09;

/** `[A-Za-z0-9_./-]` by char code. */
export function isLabelChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x5f || // _
    c === 0x2e || // .
    c === 0x2f || // /
    c === 0x2d // -
  );
}

/** Word operators tried after a label, in this order; the words of one may be separated by spaces or tabs. */
const WORD_OPERATORS: ReadonlyArray<[TokenKind, readonly string[]]> = [
  ['contains', ['contains']],
  ['starts with', ['starts', 'with']],
  ['ends with', ['ends', 'with']],
  ['not in', ['not', 'in']],
  ['in', ['in']],
];

const FUNCTIONS: ReadonlyArray<[TokenKind, string]> = [
  ['has', 'has('],
  ['all', 'all('],
  ['global', 'global('],
];

const SINGLE: Readonly<Record<string, TokenKind>> = { '(': '(', ')': ')', '{': '{', '}': '}', ',': ',' };

function describe(ch: string): string {
  return JSON.stringify(ch);
}

class Scanner {
  i = 0;
  readonly tokens: Token[] = [];
  constructor(readonly text: string) {}

  skipSpace(): void {
    while (this.i < this.text.length && isSpace(this.text.charCodeAt(this.i))) this.i++;
  }

  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.i);
  }

  /** Index just past the label starting at i (i itself when there is none). */
  labelEnd(from: number): number {
    let j = from;
    while (j < this.text.length && isLabelChar(this.text.charCodeAt(j))) j++;
    return j;
  }

  /** Reads a label at the cursor, enforcing the length limit; `missing` is the error when there is none. */
  readLabel(missing?: string): string {
    const start = this.i;
    const end = this.labelEnd(start);
    if (end === start) {
      const ch = this.text[start];
      throw new SelectorError(missing ?? (ch === undefined ? 'expected a label' : `unexpected character ${describe(ch)}`), start);
    }
    if (end - start > MAX_LABEL_LENGTH) throw new SelectorError(`label too long (${end - start} characters, the limit is ${MAX_LABEL_LENGTH})`, start);
    this.i = end;
    return this.text.slice(start, end);
  }

  push(kind: TokenKind, pos: number, value = ''): void {
    this.tokens.push({ kind, value, pos });
  }

  /** A word operator at the cursor (with a word boundary after it), or undefined. */
  wordOperator(): TokenKind | undefined {
    const t = this.text;
    for (const [kind, words] of WORD_OPERATORS) {
      let j = this.i;
      let ok = true;
      for (let k = 0; ok && k < words.length; k++) {
        if (k > 0) while (j < t.length && isSpace(t.charCodeAt(j))) j++;
        ok = t.startsWith(words[k]!, j);
        j += words[k]!.length;
      }
      if (ok && (j >= t.length || !isLabelChar(t.charCodeAt(j)))) {
        this.i = j;
        return kind;
      }
    }
    return undefined;
  }

  quoted(quote: string): void {
    const start = this.i;
    const end = this.text.indexOf(quote, start + 1);
    if (end < 0) throw new SelectorError('unterminated string', start);
    this.push('string', start, this.text.slice(start + 1, end));
    this.i = end + 1;
  }

  pair(ch: string, kind: TokenKind, alone: TokenKind | undefined): void {
    const start = this.i;
    if (this.text[start + 1] === ch) {
      this.push(kind, start);
      this.i += 2;
    } else if (alone !== undefined) {
      this.push(alone, start);
      this.i += 1;
    } else {
      throw new SelectorError(`expected ${kind}`, start);
    }
  }

  func(kind: TokenKind, prefix: string): void {
    const start = this.i;
    this.i += prefix.length;
    this.skipSpace();
    let label = '';
    if (kind === 'has') {
      label = this.readLabel('no label name in has(');
      this.skipSpace();
    }
    if (this.text[this.i] !== ')') throw new SelectorError(`no closing ')' after ${prefix}`, this.i);
    this.i++;
    this.push(kind, start, label);
  }

  next(): void {
    const start = this.i;
    const ch = this.text[start]!;
    const single = SINGLE[ch];
    if (single !== undefined) {
      this.push(single, start);
      this.i++;
      return;
    }
    switch (ch) {
      case '"':
      case "'":
        return this.quoted(ch);
      case '=':
        return this.pair('=', '==', undefined);
      case '!':
        return this.pair('=', '!=', '!');
      case '&':
        return this.pair('&', '&&', undefined);
      case '|':
        return this.pair('|', '||', undefined);
    }
    const last = this.tokens[this.tokens.length - 1];
    if (last?.kind === 'label') {
      const op = this.wordOperator();
      if (op === undefined) throw new SelectorError(`expected operator after label ${JSON.stringify(last.value)}`, start);
      this.push(op, start);
      return;
    }
    for (const [kind, prefix] of FUNCTIONS) {
      if (this.startsWith(prefix)) return this.func(kind, prefix);
    }
    this.push('label', start, this.readLabel());
  }
}

/** The tokens of `text`, ending with an `eof` token. Throws SelectorError. */
export function tokenize(text: string): Token[] {
  const s = new Scanner(text);
  for (;;) {
    s.skipSpace();
    if (s.i >= text.length) {
      s.push('eof', s.i);
      return s.tokens;
    }
    s.next();
  }
}
