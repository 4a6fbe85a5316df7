/**
 * Numbers printed the way Go prints them: YAML (go-yaml over a JSON round trip) and
 * kubectl's JSONPath (fmt's %v) both write integers as digits and other floats with
 * strconv's shortest 'g' format (exponent when it is < -4 or >= 6, e.g. `1.2345675e+06`).
 */

const INT64_MIN = -(2 ** 63);
const UINT64_MAX = 2 ** 64;

/** strconv.FormatFloat(n, 'g', -1, 64). */
export function formatGoFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const sign = n < 0 ? '-' : '';
  const [mant = '', expText = '0'] = Math.abs(n).toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${digits[0]}${frac}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return `${sign}${intPart}${frac ? `.${frac}` : ''}`;
}

/** A JSON number as Go prints it after decoding it into int64/uint64/float64. */
export function formatGoNumber(n: number): string {
  if (Number.isInteger(n) && n >= INT64_MIN && n < UINT64_MAX) return BigInt(n).toString();
  return formatGoFloat(n);
}
