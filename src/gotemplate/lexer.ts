/**
 * The lexer: template text -> items, following Go's text/template/parse lexer (delimiters
 * `{{ }}`, trim markers `{{- ` and ` -}}`, comments, and the tokens inside actions, spaces
 * included because the parser needs them to separate operands). Lexing stops at the first
 * error, which becomes an 'error' item.
 */
import { formatU, quote } from './strconv.js';

export type ItemType =
  | 'error'
  | 'bool'
  | 'char'
  | 'charConstant'
  | 'complex'
  | 'assign'
  | 'declare'
  | 'eof'
  | 'field'
  | 'identifier'
  | 'leftDelim'
  | 'leftParen'
  | 'number'
  | 'pipe'
  | 'rawString'
  | 'rightDelim'
  | 'rightParen'
  | 'space'
  | 'string'
  | 'text'
  | 'variable'
  // keywords
  | 'block'
  | 'break'
  | 'continue'
  | 'dot'
  | 'define'
  | 'else'
  | 'end'
  | 'if'
  | 'nil'
  | 'range'
  | 'template'
  | 'with';

export interface Item {
  type: ItemType;
  val: string;
  /** Offset of the item in the template text. */
  pos: number;
  /** Line (1-based) at which the item starts. */
  line: number;
}

const KEYWORDS: ReadonlyMap<string, ItemType> = new Map<string, ItemType>([
  ['block', 'block'],
  ['break', 'break'],
  ['continue', 'continue'],
  ['define', 'define'],
  ['else', 'else'],
  ['end', 'end'],
  ['if', 'if'],
  ['range', 'range'],
  ['nil', 'nil'],
  ['template', 'template'],
  ['with', 'with'],
]);
const KEYWORD_TYPES: ReadonlySet<ItemType> = new Set<ItemType>([...KEYWORDS.values(), 'dot']);

/** How an item reads in a parse error: EOF, <keyword>, or a quoted (maybe shortened) value. */
export function itemString(it: Item): string {
  if (it.type === 'eof') return 'EOF';
  if (it.type === 'error') return it.val;
  if (KEYWORD_TYPES.has(it.type)) return `<${it.val}>`;
  const runes = Array.from(it.val);
  if (runes.length > 10) return quote(runes.slice(0, 10).join('')) + '...';
  return quote(it.val);
}

const LEFT = '{{';
const RIGHT = '}}';
const EOF = '';

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const ALNUM = /^[\p{L}\p{Nd}_]$/u;
const isAlphaNumeric = (c: string): boolean => c !== EOF && ALNUM.test(c);

function hasLeftTrimMarker(s: string, i: number): boolean {
  return s[i] === '-' && isSpace(s[i + 1]);
}
function hasRightTrimMarker(s: string, i: number): boolean {
  return isSpace(s[i]) && s[i + 1] === '-';
}

type StateFn = (l: Lexer) => StateFn | null;

class Lexer {
  readonly items: Item[] = [];
  pos = 0;
  start = 0;
  parenDepth = 0;
  private lastWidth = 0;
  private readonly newlines: number[] = [];

  constructor(readonly input: string) {
    for (let i = input.indexOf('\n'); i >= 0; i = input.indexOf('\n', i + 1)) this.newlines.push(i);
  }

  lineAt(pos: number): number {
    let lo = 0;
    let hi = this.newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.newlines[mid] ?? 0) < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }

  next(): string {
    if (this.pos >= this.input.length) {
      this.lastWidth = 0;
      return EOF;
    }
    const cp = this.input.codePointAt(this.pos) ?? 0;
    const ch = String.fromCodePoint(cp);
    this.lastWidth = ch.length;
    this.pos += ch.length;
    return ch;
  }

  backup(): void {
    this.pos -= this.lastWidth;
    this.lastWidth = 0;
  }

  peek(): string {
    const c = this.next();
    this.backup();
    return c;
  }

  accept(valid: string): boolean {
    const c = this.next();
    if (c !== EOF && valid.includes(c)) return true;
    this.backup();
    return false;
  }

  acceptRun(valid: string): void {
    for (;;) {
      const c = this.next();
      if (c === EOF || !valid.includes(c)) break;
    }
    this.backup();
  }

  emit(type: ItemType): void {
    this.items.push({ type, val: this.input.slice(this.start, this.pos), pos: this.start, line: this.lineAt(this.start) });
    this.start = this.pos;
  }

  ignore(): void {
    this.start = this.pos;
  }

  errorf(msg: string): null {
    this.items.push({ type: 'error', val: msg, pos: this.start, line: this.lineAt(this.start) });
    return null;
  }

  /** At `}}` or ` -}}`: [atDelim, trimMarker]. */
  atRightDelim(): [boolean, boolean] {
    if (hasRightTrimMarker(this.input, this.pos) && this.input.startsWith(RIGHT, this.pos + 2)) return [true, true];
    return [this.input.startsWith(RIGHT, this.pos), false];
  }

  /** Whether the next character can end a field, variable or word. */
  atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r)) return true;
    switch (r) {
      case EOF:
      case '.':
      case ',':
      case '|':
      case ':':
      case ')':
      case '(':
        return true;
    }
    return this.input.startsWith(RIGHT, this.pos);
  }

  /** Go's scanNumber: lenient; the parser validates the text. */
  scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }
}

const trailingSpace = (s: string): number => s.length - s.replace(/[ \t\r\n]+$/, '').length;
const leadingSpace = (s: string, from: number): number => {
  let i = from;
  while (isSpace(s[i])) i++;
  return i - from;
};

const lexText: StateFn = (l) => {
  const x = l.input.indexOf(LEFT, l.pos);
  if (x < 0) {
    l.pos = l.input.length;
    if (l.pos > l.start) l.emit('text');
    l.emit('eof');
    return null;
  }
  if (x > l.pos) {
    const trim = hasLeftTrimMarker(l.input, x + LEFT.length) ? trailingSpace(l.input.slice(l.pos, x)) : 0;
    l.pos = x - trim;
    if (l.pos > l.start) l.emit('text');
    l.pos = x;
    l.ignore();
  }
  return lexLeftDelim;
};

const lexLeftDelim: StateFn = (l) => {
  l.pos += LEFT.length;
  const after = hasLeftTrimMarker(l.input, l.pos) ? 2 : 0;
  if (l.input.startsWith('/*', l.pos + after)) {
    l.pos += after;
    l.ignore();
    return lexComment;
  }
  l.emit('leftDelim');
  l.pos += after;
  l.ignore();
  l.parenDepth = 0;
  return lexInsideAction;
};

const lexComment: StateFn = (l) => {
  l.pos += 2;
  const x = l.input.indexOf('*/', l.pos);
  if (x < 0) return l.errorf('unclosed comment');
  l.pos = x + 2;
  const [delim, trim] = l.atRightDelim();
  if (!delim) return l.errorf('comment ends before closing delimiter');
  if (trim) l.pos += 2;
  l.pos += RIGHT.length;
  if (trim) l.pos += leadingSpace(l.input, l.pos);
  l.ignore();
  return lexText;
};

const lexRightDelim: StateFn = (l) => {
  const [, trim] = l.atRightDelim();
  if (trim) {
    l.pos += 2;
    l.ignore();
  }
  l.pos += RIGHT.length;
  l.emit('rightDelim');
  if (trim) {
    l.pos += leadingSpace(l.input, l.pos);
    l.ignore();
  }
  return lexText;
};

const lexInsideAction: StateFn = (l) => {
  const [delim] = l.atRightDelim();
  if (delim) {
    if (l.parenDepth === 0) return lexRightDelim;
    return l.errorf('unclosed left paren');
  }
  const r = l.next();
  if (r === EOF) return l.errorf('unclosed action');
  if (isSpace(r)) {
    l.backup();
    return lexSpace;
  }
  switch (r) {
    case '=':
      l.emit('assign');
      return lexInsideAction;
    case ':':
      if (l.next() !== '=') return l.errorf('expected :=');
      l.emit('declare');
      return lexInsideAction;
    case '|':
      l.emit('pipe');
      return lexInsideAction;
    case '"':
      return lexQuote;
    case '`':
      return lexRawQuote;
    case '$':
      return lexVariable;
    case "'":
      return lexChar;
    case '(':
      l.emit('leftParen');
      l.parenDepth++;
      return lexInsideAction;
    case ')':
      l.parenDepth--;
      if (l.parenDepth < 0) return l.errorf('unexpected right paren');
      l.emit('rightParen');
      return lexInsideAction;
  }
  if (r === '.') {
    const c = l.input[l.pos];
    if (c === undefined || c < '0' || c > '9') return lexField;
  }
  if (r === '.' || r === '+' || r === '-' || (r >= '0' && r <= '9')) {
    l.backup();
    return lexNumber;
  }
  if (isAlphaNumeric(r)) {
    l.backup();
    return lexIdentifier;
  }
  const cp = r.codePointAt(0) ?? 0;
  if (cp < 0x7f && cp >= 0x20) {
    l.emit('char');
    return lexInsideAction;
  }
  return l.errorf(`unrecognized character in action: ${formatU(cp)}`);
};

const lexSpace: StateFn = (l) => {
  let n = 0;
  while (isSpace(l.peek())) {
    l.next();
    n++;
  }
  // A space followed by "-}}" belongs to the closing delimiter.
  if (hasRightTrimMarker(l.input, l.pos - 1) && l.input.startsWith(RIGHT, l.pos + 1)) {
    l.pos -= 1;
    if (n === 1) return lexInsideAction;
  }
  l.emit('space');
  return lexInsideAction;
};

const lexIdentifier: StateFn = (l) => {
  for (;;) {
    const r = l.next();
    if (isAlphaNumeric(r)) continue;
    l.backup();
    const word = l.input.slice(l.start, l.pos);
    if (!l.atTerminator()) return l.errorf(`bad character ${formatU(r.codePointAt(0) ?? 0)}`);
    const kw = KEYWORDS.get(word);
    if (kw) l.emit(kw);
    else if (word === 'true' || word === 'false') l.emit('bool');
    else l.emit('identifier');
    return lexInsideAction;
  }
};

function lexFieldOrVariable(l: Lexer, type: 'field' | 'variable'): StateFn | null {
  if (l.atTerminator()) {
    l.emit(type === 'variable' ? 'variable' : 'dot');
    return lexInsideAction;
  }
  let r: string;
  for (;;) {
    r = l.next();
    if (!isAlphaNumeric(r)) {
      l.backup();
      break;
    }
  }
  if (!l.atTerminator()) return l.errorf(`bad character ${formatU(r.codePointAt(0) ?? 0)}`);
  l.emit(type);
  return lexInsideAction;
}
const lexField: StateFn = (l) => lexFieldOrVariable(l, 'field');
const lexVariable: StateFn = (l) => lexFieldOrVariable(l, 'variable');

const lexChar: StateFn = (l) => {
  for (;;) {
    let c = l.next();
    if (c === '\\') {
      c = l.next();
      if (c !== EOF && c !== '\n') continue;
    }
    if (c === EOF || c === '\n') return l.errorf('unterminated character constant');
    if (c === "'") break;
  }
  l.emit('charConstant');
  return lexInsideAction;
};

const lexNumber: StateFn = (l) => {
  if (!l.scanNumber()) return l.errorf(`bad number syntax: ${quote(l.input.slice(l.start, l.pos))}`);
  const sign = l.peek();
  if (sign === '+' || sign === '-') {
    if (!l.scanNumber() || l.input[l.pos - 1] !== 'i') return l.errorf(`bad number syntax: ${quote(l.input.slice(l.start, l.pos))}`);
    l.emit('complex');
  } else l.emit('number');
  return lexInsideAction;
};

const lexQuote: StateFn = (l) => {
  for (;;) {
    let c = l.next();
    if (c === '\\') {
      c = l.next();
      if (c !== EOF && c !== '\n') continue;
    }
    if (c === EOF || c === '\n') return l.errorf('unterminated quoted string');
    if (c === '"') break;
  }
  l.emit('string');
  return lexInsideAction;
};

const lexRawQuote: StateFn = (l) => {
  for (;;) {
    const c = l.next();
    if (c === EOF) return l.errorf('unterminated raw quoted string');
    if (c === '`') break;
  }
  l.emit('rawString');
  return lexInsideAction;
};

/** All items of the text, ending with an 'eof' or an 'error' item. */
export function lex(input: string): Item[] {
  const l = new Lexer(input);
  let state: StateFn | null = lexText;
  while (state) state = state(l);
  return l.items;
}

