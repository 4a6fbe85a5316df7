/**
 * How go-yaml (v2, YAML 1.1) writes one string scalar. Facts reproduced:
 * - a string that would read back as something else (null, bool incl. yes/no/on/off/y/n,
 *   int incl. 0x/0o/0b/underscores, float, base-60, timestamp) is double-quoted;
 * - a string containing "\n" uses a literal block (`|`, `|-`, `|+`);
 * - otherwise plain, unless libyaml's scalar analysis forbids it: then single-quoted,
 *   or double-quoted (with escapes) when single quotes cannot carry it.
 */

const YAML11_WORDS = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO',
  'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'on', 'On', 'ON', 'off', 'Off', 'OFF',
  '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
]);

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DATE_TIME = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})|[ ](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?)$/;

function isTimestamp(s: string): boolean {
  const m = DATE.exec(s) ?? DATE_TIME.exec(s);
  if (!m) return false;
  const [month, day] = [Number(m[2]), Number(m[3])];
  const [h = 0, min = 0, sec = 0] = (m[4] !== undefined ? m.slice(4, 7) : m.slice(7, 10)).map((x) => Number(x ?? 0));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && h < 24 && min < 60 && sec < 60;
}

/** strconv.ParseInt(s, 0, 64) or ParseUint(s, 0, 64) succeeds. */
function isGoInt(s: string): boolean {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return false;
  const body = m[2]!;
  const digits = /^0[oO]/.test(body) ? `0o${body.slice(2)}` : /^0[0-7]+$/.test(body) ? `0o${body.slice(1)}` : body;
  const v = BigInt(digits) * (m[1] === '-' ? -1n : 1n);
  if (m[1] === '') return v <= 0xffffffffffffffffn;
  return v >= -(2n ** 63n) && v < 2n ** 63n;
}

const isFiniteFloat = (s: string): boolean => Number.isFinite(Number(s));

/** True when go-yaml would not read `s` back as a string if it were written plain. */
export function resolvesAsNonString(s: string): boolean {
  if (s === '' || YAML11_WORDS.has(s)) return true;
  const c = s[0]!;
  if (c === '.') return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s) && isFiniteFloat(s);
  if (!/[-+0-9]/.test(c)) return false;
  if (/[0-9]/.test(c) && isTimestamp(s)) return true;
  const plain = s.replace(/_/g, '');
  if (isGoInt(plain)) return true;
  if (YAML_FLOAT.test(plain) && isFiniteFloat(plain)) return true;
  return BASE60_FLOAT.test(s);
}

const isBreak = (cp: number): boolean => cp === 0x0a || cp === 0x0d || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
const isBlank = (ch: string | undefined): boolean => ch === undefined || ch === ' ' || ch === '\t';

/** libyaml's is_printable, code-point form (astral characters are not printable there). */
function isPrintable(cp: number): boolean {
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}

interface Analysis {
  plainAllowed: boolean;
  singleAllowed: boolean;
  blockAllowed: boolean;
}

/** libyaml's analyze_scalar, reduced to what block context needs. */
function analyze(s: string): Analysis {
  const chars = [...s];
  let indicators = s.startsWith('---') || s.startsWith('...');
  let special = false, lineBreaks = false, spaceBreak = false, breakSpace = false;
  let prevSpace = false, prevBreak = false, precededByWs = true;
  chars.forEach((ch, i) => {
    const cp = ch.codePointAt(0)!;
    const followedByWs = isBlank(chars[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) indicators = true;
      if ((ch === '?' || ch === ':' || ch === '-') && followedByWs) indicators = true;
    } else if ((ch === ':' && followedByWs) || (ch === '#' && precededByWs)) {
      indicators = true;
    }
    if (!isPrintable(cp)) special = true;
    if (ch === ' ') {
      if (prevBreak) breakSpace = true;
      [prevSpace, prevBreak] = [true, false];
    } else if (isBreak(cp)) {
      lineBreaks = true;
      if (prevSpace) spaceBreak = true;
      [prevSpace, prevBreak] = [false, true];
    } else {
      [prevSpace, prevBreak] = [false, false];
    }
    precededByWs = ch === ' ' || ch === '\t' || isBreak(cp);
  });
  const first = chars[0] ?? '', last = chars[chars.length - 1] ?? '';
  const edgeSpace = first === ' ' || last === ' ' || isBreak(first.codePointAt(0) ?? 0) || isBreak(last.codePointAt(0) ?? 0);
  const worst = spaceBreak || special;
  return {
    plainAllowed: !(edgeSpace || breakSpace || worst || lineBreaks || indicators || s === ''),
    singleAllowed: !(breakSpace || worst || lineBreaks),
    blockAllowed: !(last === ' ' || worst),
  };
}

const ESCAPES: Record<number, string> = {
  0x00: '\\0', 0x07: '\\a', 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0b: '\\v', 0x0c: '\\f',
  0x0d: '\\r', 0x1b: '\\e', 0x22: '\\"', 0x5c: '\\\\', 0x85: '\\N', 0x2028: '\\L', 0x2029: '\\P',
};

export function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (isPrintable(cp) && !isBreak(cp) && cp !== 0x22 && cp !== 0x5c) out += ch;
    else if (ESCAPES[cp] !== undefined) out += ESCAPES[cp];
    else if (cp <= 0xff) out += `\\x${cp.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).toUpperCase().padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** Literal block: header plus body lines indented by `indent`; always ends with "\n". */
function literal(s: string, indent: number): string {
  const indentHint = s.startsWith(' ') || s.startsWith('\n') ? '2' : '';
  const chomp = !s.endsWith('\n') ? '-' : s === '\n' || s.endsWith('\n\n') ? '+' : '';
  const pad = ' '.repeat(indent);
  const body = s.split('\n').map((l) => (l === '' ? '' : pad + l)).join('\n');
  return `|${indentHint}${chomp}\n${body}${s.endsWith('\n') ? '' : '\n'}`;
}

/**
 * Text of a string scalar. For block values (`isKey` false) the result may be a literal
 * block (starting with `|`, ending with "\n", body indented by `indent`); all other forms
 * are single-line and carry no newline.
 */
export function yamlString(s: string, isKey: boolean, indent: number): string {
  const a = analyze(s);
  if (s.includes('\n')) return !isKey && a.blockAllowed ? literal(s, indent) : doubleQuoted(s);
  if (resolvesAsNonString(s)) return doubleQuoted(s);
  if (a.plainAllowed) return s;
  if (a.singleAllowed) return `'${s.replace(/'/g, "''")}'`;
  return doubleQuoted(s);
}
