/**
 * YAML as calicoctl reads it. calicoctl decodes input with sigs.k8s.io/yaml, which parses with
 * go-yaml v2 (YAML 1.1 scalar resolution) into generic values, converts them to JSON and then
 * decodes the JSON into Calico's Go structs. This module (with goyaml-schema.ts, the js-yaml
 * schema built on it) reproduces the first step:
 *
 * - Plain (unquoted) scalars resolve like go-yaml v2: `y/Y/yes/Yes/YES/on/On/ON/true/True/TRUE`
 *   are true, `n/N/no/No/NO/off/Off/OFF/false/False/FALSE` are false; `~`, `null`, empty are null;
 *   integers accept a sign, `_` separators, `0x`/`0o`/`0b` prefixes and C-style octal (`0755`
 *   is 493); floats are `1.5`, `.5`, `1e3`, `08` (not valid octal, so read as the float 8),
 *   `.inf`/`.nan`. Timestamps stay strings (go-yaml keeps them as text when the target is
 *   generic), so no Date objects ever appear. Quoted scalars are always strings.
 * - Duplicate mapping keys are an error (calicoctl's decoding is strict).
 *
 * The second step (numbers and booleans written into string fields become text, e.g. a label
 * value `1.10` becomes "1.1") happens in decode.ts, which knows the target types;
 * formatGoFloat32 below is the text Go produces for such floats.
 */
export const TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
export const FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);

const SIMPLE_INT = /^-?(0|[1-9][0-9]{0,14})$/;
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
const SPECIAL_FLOATS: Record<string, number> = {
  '.nan': NaN, '.NaN': NaN, '.NAN': NaN,
  '.inf': Infinity, '.Inf': Infinity, '.INF': Infinity,
  '+.inf': Infinity, '+.Inf': Infinity, '+.INF': Infinity,
  '-.inf': -Infinity, '-.Inf': -Infinity, '-.INF': -Infinity,
};

/** Go's strconv.ParseInt/ParseUint with base 0 (prefixes 0x, 0o, 0b, leading-0 octal). */
function parseGoInt(s: string): number | undefined {
  if (SIMPLE_INT.test(s)) return Number(s) || 0; // `|| 0`: -0 is the integer 0
  let sign = 1n;
  let body = s;
  if (body[0] === '+' || body[0] === '-') {
    if (body[0] === '-') sign = -1n;
    body = body.slice(1);
  }
  let digits: RegExp = /^[0-9]+$/;
  let lit = body;
  const p = body.slice(0, 2).toLowerCase();
  if (p === '0x') digits = /^0x[0-9a-f]+$/i;
  else if (p === '0b') digits = /^0b[01]+$/i;
  else if (p === '0o') digits = /^0o[0-7]+$/i;
  else if (body.length > 1 && body[0] === '0') {
    digits = /^0[0-7]+$/;
    lit = `0o${body.slice(1)}`;
  }
  if (!digits.test(body)) return undefined;
  const n = sign * BigInt(lit.toLowerCase());
  // int64 first, then (unsigned only) uint64, as go-yaml tries them.
  if (n < -INT64_MAX - 1n || n > (sign < 0n ? INT64_MAX : UINT64_MAX)) return undefined;
  return Number(n);
}

export function resolveNumber(s: string): number | undefined {
  if (s === '') return undefined;
  const c = s.charCodeAt(0);
  if (c === 46 /* . */) {
    if (s in SPECIAL_FLOATS) return SPECIAL_FLOATS[s];
    return DOT_FLOAT.test(s) ? finite(Number(s)) : undefined;
  }
  const isDigit = c >= 48 && c <= 57;
  if (!isDigit && c !== 43 && c !== 45) return undefined;
  if (s in SPECIAL_FLOATS) return SPECIAL_FLOATS[s];
  const plain = s.includes('_') ? s.replace(/_/g, '') : s;
  const int = parseGoInt(plain);
  if (int !== undefined) return int;
  if (YAML_STYLE_FLOAT.test(plain)) return finite(Number(plain));
  return undefined;
}

/** Go's ParseFloat fails on overflow (1e400), and go-yaml then keeps the text. */
const finite = (n: number): number | undefined => (Number.isFinite(n) ? n : undefined);

/** First characters (besides digits, signs and `.`) of a null, a boolean or a special float. */
const MAYBE_WORD = new Uint8Array(128);
for (const ch of 'yYnNtTfFoO~') MAYBE_WORD[ch.charCodeAt(0)] = 1;
export const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);

/** The value of a plain (unquoted) scalar, resolved as go-yaml v2 resolves it. */
export function resolvePlain(s: string): unknown {
  if (s === '') return null;
  const c = s.charCodeAt(0);
  // Fast exit: only these first characters can start a null, boolean or number.
  if (c > 57 /* 0-9 + - . */ && (c > 127 || MAYBE_WORD[c] === 0)) return s;
  if (NULLS.has(s)) return null;
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  const n = resolveNumber(s);
  return n === undefined ? s : n;
}

/**
 * Go's strconv.FormatFloat(v, 'g', -1, 32): the shortest text that reads back as the same
 * float32, in exponent form when the decimal exponent is < -4 or >= 6 (e.g. 1e+06).
 */
export function formatGoFloat32(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  const f = Math.fround(v);
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  let e = f.toExponential(8);
  for (let p = 0; p < 9; p++) {
    const cand = f.toExponential(p);
    if (Math.fround(Number(cand)) === f) {
      e = cand;
      break;
    }
  }
  const [mant = '', expText = '0'] = e.split('e');
  const exp = Number(expText);
  const sign = mant.startsWith('-') ? '-' : '';
  const digits = mant.replace(/[-.]/g, '');
  if (exp < -4 || exp >= 6) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ae = Math.abs(exp);
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${ae < 10 ? '0' : ''}${ae}`;
  }
  const dp = exp + 1;
  if (dp <= 0) return `${sign}0.${'0'.repeat(-dp)}${digits}`;
  if (dp >= digits.length) return `${sign}${digits}${'0'.repeat(dp - digits.length)}`;
  return `${sign}${digits.slice(0, dp)}.${digits.slice(dp)}`;
}
