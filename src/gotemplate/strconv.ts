/**
 * The pieces of Go's strconv the engine needs: quoting, unquoting of Go literals, and float
 * formatting (%e/%f/%g, shortest and fixed precision, rounding half to even as Go does).
 */

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrint(cp: number): boolean {
  if (cp < 0x20 || cp === 0x7f) return false;
  if (cp < 0x7f) return true;
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  return PRINTABLE.test(String.fromCodePoint(cp));
}

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

function escapeRune(cp: number, quoteCp: number, asciiOnly: boolean): string {
  if (cp === quoteCp || cp === 0x5c) return '\\' + String.fromCodePoint(cp);
  if (asciiOnly ? cp < 0x7f && isPrint(cp) : isPrint(cp)) return String.fromCodePoint(cp);
  switch (cp) {
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x0b:
      return '\\v';
  }
  if (cp < 0x20 || cp === 0x7f) return '\\x' + hex(cp, 2);
  if (cp >= 0xd800 && cp <= 0xdfff) return '\\ufffd';
  if (cp < 0x10000) return '\\u' + hex(cp, 4);
  return '\\U' + hex(cp, 8);
}

/** strconv.Quote (asciiOnly: strconv.QuoteToASCII). */
export function quote(s: string, asciiOnly = false): string {
  let out = '"';
  for (const ch of s) out += escapeRune(ch.codePointAt(0) ?? 0, 0x22, asciiOnly);
  return out + '"';
}

/** strconv.QuoteRune (asciiOnly: strconv.QuoteRuneToASCII). */
export function quoteRune(cp: number, asciiOnly = false): string {
  const r = cp > 0x10ffff || cp < 0 || (cp >= 0xd800 && cp <= 0xdfff) ? 0xfffd : cp;
  return "'" + escapeRune(r, 0x27, asciiOnly) + "'";
}

/** strconv.CanBackquote. */
export function canBackquote(s: string): boolean {
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0x60 || cp === 0xfeff || cp === 0x7f) return false;
    if (cp < 0x20 && cp !== 0x09) return false;
    if (cp >= 0xd800 && cp <= 0xdfff) return false;
  }
  return true;
}

/** `U+0041 'A'`, Go's %#U, used in lexer messages. */
export function formatU(cp: number): string {
  const u = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
  return isPrint(cp) ? `${u} '${String.fromCodePoint(cp)}'` : u;
}

export class SyntaxErr extends Error {
  constructor() {
    super('invalid syntax');
  }
}

function utf8(cp: number, out: number[]): void {
  for (const b of Buffer.from(String.fromCodePoint(cp), 'utf8')) out.push(b);
}

const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/**
 * Decodes one (possibly escaped) character at s[i]: strconv.UnquoteChar. `byte` is true
 * for \x and octal escapes, which denote a raw byte inside strings.
 */
export function unquoteChar(s: string, i: number, quoteCh: string): { value: number; byte: boolean; next: number } {
  const c = s.codePointAt(i);
  if (c === undefined) throw new SyntaxErr();
  const ch = String.fromCodePoint(c);
  if (ch === quoteCh && (quoteCh === "'" || quoteCh === '"')) throw new SyntaxErr();
  if (ch !== '\\') return { value: c, byte: false, next: i + ch.length };
  const e = s[i + 1];
  switch (e) {
    case 'a':
      return { value: 7, byte: false, next: i + 2 };
    case 'b':
      return { value: 8, byte: false, next: i + 2 };
    case 'f':
      return { value: 12, byte: false, next: i + 2 };
    case 'n':
      return { value: 10, byte: false, next: i + 2 };
    case 'r':
      return { value: 13, byte: false, next: i + 2 };
    case 't':
      return { value: 9, byte: false, next: i + 2 };
    case 'v':
      return { value: 11, byte: false, next: i + 2 };
    case '\\':
      return { value: 0x5c, byte: false, next: i + 2 };
    case "'":
    case '"':
      if (e !== quoteCh) throw new SyntaxErr();
      return { value: e.charCodeAt(0), byte: false, next: i + 2 };
    case 'x':
    case 'u':
    case 'U': {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const digits = s.slice(i + 2, i + 2 + n);
      if (digits.length !== n || ![...digits].every(isHex)) throw new SyntaxErr();
      const v = parseInt(digits, 16);
      if (e === 'x') return { value: v, byte: quoteCh !== "'", next: i + 2 + n };
      if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw new SyntaxErr();
      return { value: v, byte: false, next: i + 2 + n };
    }
    default: {
      if (e !== undefined && e >= '0' && e <= '7') {
        const digits = s.slice(i + 1, i + 4);
        if (!/^[0-7]{3}$/.test(digits)) throw new SyntaxErr();
        const v = parseInt(digits, 8);
        if (v > 255) throw new SyntaxErr();
        return { value: v, byte: quoteCh !== "'", next: i + 4 };
      }
      throw new SyntaxErr();
    }
  }
}

/** strconv.Unquote for "..." and `...` literals. */
export function unquote(lit: string): string {
  if (lit.length < 2) throw new SyntaxErr();
  const q = lit[0];
  if (q !== lit[lit.length - 1]) throw new SyntaxErr();
  const body = lit.slice(1, -1);
  if (q === '`') {
    if (body.includes('`')) throw new SyntaxErr();
    return body.replace(/\r/g, '');
  }
  if (q !== '"') throw new SyntaxErr();
  if (body.includes('\n')) throw new SyntaxErr();
  if (!body.includes('\\') && !body.includes('"')) return body;
  const bytes: number[] = [];
  for (let i = 0; i < body.length; ) {
    const r = unquoteChar(body, i, '"');
    if (r.byte) bytes.push(r.value);
    else utf8(r.value, bytes);
    i = r.next;
  }
  return Buffer.from(bytes).toString('utf8');
}

// ---------------------------------------------------------------------------------------
// Float formatting.

/** A decimal d[0]d[1]... x 10^dp with the point before d[0]; no leading/trailing zeros. */
interface Decimal {
  d: string;
  dp: number;
}

function trimZeros(d: Decimal): Decimal {
  let end = d.d.length;
  while (end > 0 && d.d[end - 1] === '0') end--;
  return end === 0 ? { d: '', dp: 0 } : { d: d.d.slice(0, end), dp: d.dp };
}

/** Shortest digits that read back as x (x >= 0, finite). */
function shortestDecimal(x: number): Decimal {
  if (x === 0) return { d: '', dp: 0 };
  const [mant = '0', exp = '0'] = x.toExponential().split('e');
  return trimZeros({ d: mant.replace('.', ''), dp: Number(exp) + 1 });
}

/** The exact decimal value of x (x >= 0, finite). */
function exactDecimal(x: number): Decimal {
  if (x === 0) return { d: '', dp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2: number;
  if (bexp === 0) e2 = -1074;
  else {
    mant |= 1n << 52n;
    e2 = bexp - 1075;
  }
  if (e2 >= 0) {
    const digits = (mant << BigInt(e2)).toString();
    return trimZeros({ d: digits, dp: digits.length });
  }
  const digits = (mant * 5n ** BigInt(-e2)).toString();
  return trimZeros({ d: digits, dp: digits.length + e2 });
}

/** Rounds an exact decimal to nd digits, half to even (Go's decimal.Round). */
function roundDecimal(a: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= a.d.length) return a;
  const next = a.d[nd] ?? '0';
  let up: boolean;
  if (next === '5' && nd + 1 === a.d.length) up = nd > 0 && (Number(a.d[nd - 1]) & 1) === 1;
  else up = next >= '5';
  if (!up) return trimZeros({ d: a.d.slice(0, nd), dp: a.dp });
  let i = nd - 1;
  while (i >= 0 && a.d[i] === '9') i--;
  if (i < 0) return { d: '1', dp: a.dp + 1 };
  return { d: a.d.slice(0, i) + String(Number(a.d[i]) + 1), dp: a.dp };
}

function fmtE(neg: boolean, d: Decimal, prec: number, e: string): string {
  let s = neg ? '-' : '';
  s += d.d.length === 0 ? '0' : d.d[0];
  if (prec > 0) {
    s += '.';
    const frac = d.d.slice(1, Math.min(d.d.length, prec + 1));
    s += frac.padEnd(prec, '0');
  }
  const exp = d.d.length === 0 ? 0 : d.dp - 1;
  const abs = Math.abs(exp);
  return s + e + (exp < 0 ? '-' : '+') + (abs < 10 ? '0' : '') + String(abs);
}

function fmtF(neg: boolean, d: Decimal, prec: number): string {
  let s = neg ? '-' : '';
  if (d.dp > 0) s += d.d.slice(0, d.dp).padEnd(d.dp, '0');
  else s += '0';
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) {
      const j = d.dp + i - 1;
      s += j >= 0 && j < d.d.length ? d.d[j] : '0';
    }
  }
  return s;
}

/** strconv.FormatFloat(x, fmt, prec, 64) for fmt in e E f g G; prec < 0 means shortest. */
export function formatFloat(x: number, fmt: 'e' | 'E' | 'f' | 'g' | 'G', prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  const shortest = prec < 0;
  let d: Decimal;
  if (shortest) {
    d = shortestDecimal(abs);
    if (fmt === 'e' || fmt === 'E') prec = Math.max(d.d.length - 1, 0);
    else if (fmt === 'f') prec = Math.max(d.d.length - d.dp, 0);
    else prec = d.d.length;
  } else {
    d = exactDecimal(abs);
    if (fmt === 'e' || fmt === 'E') d = roundDecimal(d, prec + 1);
    else if (fmt === 'f') d = roundDecimal(d, d.dp + prec);
    else {
      if (prec === 0) prec = 1;
      d = roundDecimal(d, prec);
    }
  }
  if (fmt === 'e' || fmt === 'E') return fmtE(neg, d, prec, fmt);
  if (fmt === 'f') return fmtF(neg, d, prec);
  let eprec = prec;
  if (eprec > d.d.length && d.d.length >= d.dp) eprec = d.d.length;
  if (shortest) eprec = 6;
  const exp = d.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > d.d.length) prec = d.d.length;
    return fmtE(neg, d, prec - 1, fmt === 'g' ? 'e' : 'E');
  }
  if (prec > d.dp) prec = d.d.length;
  return fmtF(neg, d, Math.max(prec - d.dp, 0));
}
