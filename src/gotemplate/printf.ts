/**
 * Go's fmt for the template engine: Sprintf (verbs, flags, width, precision, argument
 * indexes and the %!verb(type=value) error forms), Sprint and Sprintln, over the value model
 * in values.ts.
 */
import { canBackquote, formatFloat, isPrint, quote, quoteRune } from './strconv.js';
import { kindOf, sortedKeys, toNumber, typeName, type GoMap } from './values.js';

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  sharpV: boolean;
  wid: number;
  widPresent: boolean;
  prec: number;
  precPresent: boolean;
}

const noFlags = (): Flags => ({
  plus: false,
  minus: false,
  sharp: false,
  space: false,
  zero: false,
  sharpV: false,
  wid: 0,
  widPresent: false,
  prec: 0,
  precPresent: false,
});

/** Go caps widths and precisions at 1e6 (then reports BADWIDTH / BADPREC / NOVERB). */
const tooLarge = (n: number): boolean => n > 1e6 || n < -1e6;

const runeCount = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

function toBigInt(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  return BigInt(toNumber(v));
}

class Printer {
  buf = '';
  f: Flags = noFlags();
  private reordered = false;
  private goodArgNum = true;

  private writePadding(n: number): void {
    if (n > 0) this.buf += (this.f.zero ? '0' : ' ').repeat(n);
  }

  private pad(s: string): void {
    const f = this.f;
    if (!f.widPresent || f.wid === 0) {
      this.buf += s;
      return;
    }
    const width = f.wid - runeCount(s);
    if (f.minus) {
      this.buf += s;
      this.writePadding(width);
    } else {
      this.writePadding(width);
      this.buf += s;
    }
  }

  /** pad with the zero flag ignored (numbers whose zeros are already in place, Inf, NaN). */
  private padNoZero(s: string): void {
    const z = this.f.zero;
    this.f.zero = false;
    this.pad(s);
    this.f.zero = z;
  }

  private truncate(s: string): string {
    if (!this.f.precPresent) return s;
    return Array.from(s).slice(0, this.f.prec).join('');
  }

  private badVerb(verb: string, v: unknown): void {
    this.buf += '%!' + verb + '(';
    if (v === undefined || v === null) this.buf += '<nil>';
    else {
      this.buf += typeName(v) + '=';
      this.printValue(v, 'v', 0);
    }
    this.buf += ')';
  }

  printArg(arg: unknown, verb: string): void {
    if (arg === undefined || arg === null) {
      if (verb === 'v' || verb === 'T') this.pad('<nil>');
      else this.badVerb(verb, arg);
      return;
    }
    if (verb === 'T') {
      this.pad(this.truncate(typeName(arg)));
      return;
    }
    this.printValue(arg, verb, 0);
  }

  private printValue(v: unknown, verb: string, depth: number): void {
    switch (kindOf(v)) {
      case 'invalid':
      case 'nil':
        if (depth === 0) this.badVerb(verb, v);
        else if (this.f.sharpV) this.buf += 'interface {}(nil)';
        else this.pad('<nil>');
        return;
      case 'bool':
        if (verb === 't' || verb === 'v') this.pad(v ? 'true' : 'false');
        else this.badVerb(verb, v);
        return;
      case 'int':
        this.fmtInteger(toBigInt(v), verb, v);
        return;
      case 'float':
        this.fmtFloat(toNumber(v), verb, v);
        return;
      case 'string':
        this.fmtString(v as string, verb);
        return;
      case 'slice': {
        const arr = v as unknown[];
        if (this.f.sharpV) {
          this.buf += '[]interface {}{';
          arr.forEach((e, i) => {
            if (i > 0) this.buf += ', ';
            this.printValue(e, verb, depth + 1);
          });
          this.buf += '}';
        } else {
          this.buf += '[';
          arr.forEach((e, i) => {
            if (i > 0) this.buf += ' ';
            this.printValue(e, verb, depth + 1);
          });
          this.buf += ']';
        }
        return;
      }
      case 'map': {
        const m = v as GoMap;
        const sharp = this.f.sharpV;
        this.buf += sharp ? 'map[string]interface {}{' : 'map[';
        sortedKeys(m).forEach((k, i) => {
          if (i > 0) this.buf += sharp ? ', ' : ' ';
          this.printValue(k, verb, depth + 1);
          this.buf += ':';
          this.printValue(m[k], verb, depth + 1);
        });
        this.buf += sharp ? '}' : ']';
        return;
      }
      case 'func':
        if (verb === 'v') this.pad('<func>');
        else this.badVerb(verb, v);
        return;
    }
  }

  private fmtInteger(u: bigint, verb: string, orig: unknown): void {
    switch (verb) {
      case 'v':
      case 'd':
        return this.fmtInt(u, 10, verb, false);
      case 'b':
        return this.fmtInt(u, 2, verb, false);
      case 'o':
      case 'O':
        return this.fmtInt(u, 8, verb, false);
      case 'x':
        return this.fmtInt(u, 16, verb, false);
      case 'X':
        return this.fmtInt(u, 16, verb, true);
      case 'c':
        return this.pad(String.fromCodePoint(validRune(u)));
      case 'q':
        return this.pad(quoteRune(validRune(u), this.f.plus));
      case 'U':
        return this.fmtUnicode(u);
      default:
        return this.badVerb(verb, orig);
    }
  }

  private fmtInt(value: bigint, base: number, verb: string, upper: boolean): void {
    const f = this.f;
    const negative = value < 0n;
    const u = negative ? -value : value;
    let prec = 0;
    if (f.precPresent) {
      prec = f.prec;
      if (prec === 0 && u === 0n) {
        const z = f.zero;
        f.zero = false;
        this.writePadding(f.wid);
        f.zero = z;
        return;
      }
    } else if (f.zero && !f.minus && f.widPresent) {
      prec = f.wid;
      if (negative || f.plus || f.space) prec--;
    }
    let s = u.toString(base);
    if (upper) s = s.toUpperCase();
    if (s.length < prec) s = s.padStart(prec, '0');
    if (f.sharp) {
      if (base === 2) s = '0b' + s;
      else if (base === 8 && s[0] !== '0') s = '0' + s;
      else if (base === 16) s = (upper ? '0X' : '0x') + s;
    }
    if (verb === 'O') s = '0o' + s;
    if (negative) s = '-' + s;
    else if (f.plus) s = '+' + s;
    else if (f.space) s = ' ' + s;
    this.padNoZero(s);
  }

  private fmtUnicode(u: bigint): void {
    let digits = (u < 0n ? -u : u).toString(16).toUpperCase();
    const prec = this.f.precPresent && this.f.prec > 4 ? this.f.prec : 4;
    digits = digits.padStart(prec, '0');
    let s = 'U+' + digits;
    if (this.f.sharp && u >= 0n && u <= 0x10ffffn && isPrint(Number(u))) s += ` '${String.fromCodePoint(Number(u))}'`;
    this.padNoZero(s);
  }

  private fmtFloat(v: number, verb: string, orig: unknown): void {
    switch (verb) {
      case 'v':
        return this.fmtFloatAs(v, 'g', -1);
      case 'g':
      case 'G':
        return this.fmtFloatAs(v, verb, -1);
      case 'e':
      case 'E':
        return this.fmtFloatAs(v, verb, 6);
      case 'f':
      case 'F':
        return this.fmtFloatAs(v, 'f', 6);
      default:
        return this.badVerb(verb, orig);
    }
  }

  private fmtFloatAs(v: number, verb: 'e' | 'E' | 'f' | 'g' | 'G', prec: number): void {
    const f = this.f;
    if (f.precPresent) prec = f.prec;
    let num = formatFloat(v, verb, prec);
    if (num[0] !== '-' && num[0] !== '+') num = '+' + num;
    if (f.space && num[0] === '+' && !f.plus) num = ' ' + num.slice(1);
    if (num[1] === 'I' || num[1] === 'N') {
      if (num[1] === 'N' && !f.space && !f.plus) num = num.slice(1);
      this.padNoZero(num);
      return;
    }
    if (f.plus || num[0] !== '+') {
      if (f.zero && !f.minus && f.widPresent && f.wid > num.length) {
        this.buf += num[0];
        this.writePadding(f.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  private fmtString(s: string, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.f.sharpV) this.fmtQ(s);
        else this.pad(this.truncate(s));
        return;
      case 's':
        this.pad(this.truncate(s));
        return;
      case 'q':
        this.fmtQ(s);
        return;
      case 'x':
      case 'X':
        this.fmtSx(s, verb === 'X');
        return;
      default:
        this.badVerb(verb, s);
    }
  }

  private fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.f.sharp && canBackquote(s)) this.pad('`' + s + '`');
    else this.pad(quote(s, this.f.plus));
  }

  private fmtSx(s: string, upper: boolean): void {
    const f = this.f;
    const bytes = Buffer.from(s, 'utf8');
    let n = bytes.length;
    if (f.precPresent && f.prec < n) n = f.prec;
    let out = '';
    for (let i = 0; i < n; i++) {
      if (f.space && i > 0) out += ' ';
      if (f.sharp && (f.space || i === 0)) out += upper ? '0X' : '0x';
      const h = (bytes[i] ?? 0).toString(16).padStart(2, '0');
      out += upper ? h.toUpperCase() : h;
    }
    this.pad(out);
  }

  // --- Sprintf ----------------------------------------------------------------------

  private argNumber(argNum: number, format: string, i: number, numArgs: number): [number, number, boolean] {
    if (format.length <= i || format[i] !== '[') return [argNum, i, false];
    this.reordered = true;
    // [n] needs at least three characters.
    if (format.length - i >= 3) {
      for (let j = i + 1; j < format.length; j++) {
        if (format[j] === ']') {
          const [n, ok, end] = parseNum(format, i + 1, j);
          const idx = n - 1;
          if (ok && end === j && idx >= 0 && idx < numArgs) return [idx, j + 1, true];
          this.goodArgNum = false;
          return [argNum, j + 1, ok && end === j];
        }
      }
    }
    this.goodArgNum = false;
    return [argNum, i + 1, false];
  }

  doPrintf(format: string, args: unknown[]): void {
    const end = format.length;
    let argNum = 0;
    let afterIndex = false;
    this.reordered = false;
    let i = 0;
    while (i < end) {
      this.goodArgNum = true;
      const lasti = i;
      while (i < end && format[i] !== '%') i++;
      if (i > lasti) this.buf += format.slice(lasti, i);
      if (i >= end) break;
      i++; // the '%'
      const f = (this.f = noFlags());
      flags: for (; i < end; i++) {
        switch (format[i]) {
          case '#':
            f.sharp = true;
            break;
          case '0':
            f.zero = !f.minus;
            break;
          case '+':
            f.plus = true;
            break;
          case '-':
            f.minus = true;
            f.zero = false;
            break;
          case ' ':
            f.space = true;
            break;
          default:
            break flags;
        }
      }
      [argNum, i, afterIndex] = this.argNumber(argNum, format, i, args.length);
      if (i < end && format[i] === '*') {
        i++;
        [f.wid, f.widPresent, argNum] = intFromArg(args, argNum);
        if (!f.widPresent) this.buf += '%!(BADWIDTH)';
        if (f.wid < 0) {
          f.wid = -f.wid;
          f.minus = true;
          f.zero = false;
        }
        afterIndex = false;
      } else {
        [f.wid, f.widPresent, i] = parseNum(format, i, end);
        if (afterIndex && f.widPresent) this.goodArgNum = false;
      }
      if (i + 1 < end && format[i] === '.') {
        i++;
        if (afterIndex) this.goodArgNum = false;
        [argNum, i, afterIndex] = this.argNumber(argNum, format, i, args.length);
        if (i < end && format[i] === '*') {
          i++;
          [f.prec, f.precPresent, argNum] = intFromArg(args, argNum);
          if (f.prec < 0) {
            f.prec = 0;
            f.precPresent = false;
          }
          if (!f.precPresent) this.buf += '%!(BADPREC)';
          afterIndex = false;
        } else {
          [f.prec, f.precPresent, i] = parseNum(format, i, end);
          if (!f.precPresent) {
            f.prec = 0;
            f.precPresent = true;
          }
        }
      }
      if (!afterIndex) [argNum, i, afterIndex] = this.argNumber(argNum, format, i, args.length);
      if (i >= end) {
        this.buf += '%!(NOVERB)';
        break;
      }
      const verb = String.fromCodePoint(format.codePointAt(i) ?? 0);
      i += verb.length;
      if (verb === '%') {
        this.buf += '%';
        continue;
      }
      if (!this.goodArgNum) {
        this.buf += '%!' + verb + '(BADINDEX)';
        continue;
      }
      if (argNum >= args.length) {
        this.buf += '%!' + verb + '(MISSING)';
        continue;
      }
      if (verb === 'v') {
        f.sharpV = f.sharp;
        f.sharp = false;
        f.plus = false;
      }
      this.printArg(args[argNum], verb);
      argNum++;
    }
    if (!this.reordered && argNum < args.length) {
      this.f = noFlags();
      this.buf += '%!(EXTRA ';
      args.slice(argNum).forEach((a, k) => {
        if (k > 0) this.buf += ', ';
        if (a === undefined || a === null) this.buf += '<nil>';
        else {
          this.buf += typeName(a) + '=';
          this.printArg(a, 'v');
        }
      });
      this.buf += ')';
    }
  }
}

function validRune(u: bigint): number {
  if (u < 0n || u > 0x10ffffn) return 0xfffd;
  const n = Number(u);
  return n >= 0xd800 && n <= 0xdfff ? 0xfffd : n;
}

/** Digits at s[start..end): [value, found, index after]. Too large: [0, false, end]. */
function parseNum(s: string, start: number, end: number): [number, boolean, number] {
  let num = 0;
  let isNum = false;
  let i = start;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    if (tooLarge(num)) return [0, false, end];
    num = num * 10 + (c - 48);
    isNum = true;
  }
  return [num, isNum, i];
}

function intFromArg(args: unknown[], argNum: number): [number, boolean, number] {
  if (argNum >= args.length) return [0, false, argNum];
  const a = args[argNum];
  if (kindOf(a) !== 'int') return [0, false, argNum + 1];
  const n = toNumber(a);
  return tooLarge(n) ? [0, false, argNum + 1] : [n, true, argNum + 1];
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: unknown[]): string {
  const p = new Printer();
  p.doPrintf(format, args);
  return p.buf;
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: unknown[]): string {
  const p = new Printer();
  let prevString = false;
  args.forEach((a, i) => {
    const isString = typeof a === 'string';
    if (i > 0 && !isString && !prevString) p.buf += ' ';
    p.printArg(a, 'v');
    prevString = isString;
  });
  return p.buf;
}

/** fmt.Sprintln: spaces between all operands and a newline at the end. */
export function sprintln(args: unknown[]): string {
  const p = new Printer();
  args.forEach((a, i) => {
    if (i > 0) p.buf += ' ';
    p.printArg(a, 'v');
  });
  return p.buf + '\n';
}

/** One value as %v. */
export function formatValue(v: unknown): string {
  if (typeof v === 'string') return v;
  const p = new Printer();
  p.printArg(v, 'v');
  return p.buf;
}

