/** Number constants in template text, validated and typed as Go's parse.NumberNode does. */
import { quote, unquoteChar } from './strconv.js';

export interface NumberValue {
  value: number;
  /** float64 constant (written with . e E p P and not a hex int); otherwise int. */
  isFloat: boolean;
}

const DEC_INT = /^(?:0|[1-9](?:_?[0-9])*)$/;
const HEX_INT = /^0[xX](?:_?[0-9a-fA-F])+$/;
const OCT_INT = /^0[oO](?:_?[0-7])+$|^0(?:_?[0-7])+$/;
const BIN_INT = /^0[bB](?:_?[01])+$/;
const DEC_FLOAT = /^(?:[0-9](?:_?[0-9])*)?(?:\.(?:[0-9](?:_?[0-9])*)?)?(?:[eE][+-]?[0-9](?:_?[0-9])*)?$/;
const HEX_FLOAT = /^0[xX]((?:_?[0-9a-fA-F])*)(?:\.([0-9a-fA-F](?:_?[0-9a-fA-F])*)?)?[pP]([+-]?[0-9](?:_?[0-9])*)$/;

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

function parseInteger(body: string): bigint | undefined {
  const s = body.replace(/_/g, '');
  if (HEX_INT.test(body)) return BigInt('0x' + s.slice(2));
  if (BIN_INT.test(body)) return BigInt('0b' + s.slice(2));
  if (OCT_INT.test(body)) return BigInt('0o' + s.replace(/^0[oO]?/, '').padStart(1, '0'));
  if (DEC_INT.test(body)) return BigInt(s);
  return undefined;
}

function parseFloatBody(body: string): number | undefined {
  if (DEC_FLOAT.test(body) && /[0-9]/.test(body.replace(/[eE].*$/, ''))) return Number(body.replace(/_/g, ''));
  const m = HEX_FLOAT.exec(body);
  if (m) {
    const intPart = (m[1] ?? '').replace(/_/g, '');
    const frac = (m[2] ?? '').replace(/_/g, '');
    if (intPart === '' && frac === '') return undefined;
    const mant = parseInt(intPart + frac || '0', 16);
    return mant * 2 ** (Number((m[3] ?? '0').replace(/_/g, '')) - 4 * frac.length);
  }
  return undefined;
}

/** Parses a number or character constant; throws an Error with Go's message if invalid. */
export function parseNumber(text: string, type: 'number' | 'charConstant' | 'complex'): NumberValue {
  if (type === 'charConstant') {
    const body = text.slice(1);
    let r: { value: number; next: number };
    try {
      r = unquoteChar(body, 0, "'");
    } catch {
      throw new Error('invalid syntax');
    }
    if (body.slice(r.next) !== "'") throw new Error(`malformed character constant: ${text}`);
    return { value: r.value, isFloat: false };
  }
  if (type === 'complex' || text.endsWith('i')) throw new Error(`complex constants are not supported: ${quote(text)}`);
  const neg = text.startsWith('-');
  const body = text.replace(/^[+-]/, '');
  const n = parseInteger(body);
  if (n !== undefined) {
    const v = neg ? -n : n;
    if (v > INT64_MAX || v < INT64_MIN) throw new Error(`integer overflow: ${quote(text)}`);
    return { value: Number(v), isFloat: false };
  }
  const f = parseFloatBody(body);
  if (f === undefined || !Number.isFinite(f)) throw new Error(`illegal number syntax: ${quote(text)}`);
  if (!/[.eEpP]/.test(body)) throw new Error(`integer overflow: ${quote(text)}`);
  return { value: neg ? -f : f, isFloat: true };
}
