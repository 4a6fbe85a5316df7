/**
 * JSON with int64s intact. Block sequence numbers are UnixNano values (~1.7e18), beyond the 2^53
 * JS numbers hold exactly, and the Kubernetes API carries them as bare JSON integers. Integers
 * that are not safe JS integers parse to bigint; bigints serialise as bare integers.
 */

export type JsonBig = null | boolean | number | bigint | string | JsonBig[] | { [k: string]: JsonBig };

const NUMBER_OR_LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/** JSON.parse, except that integers outside Number's safe range become bigints. */
export function parseJsonBig(text: string): JsonBig {
  let i = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`invalid JSON: ${what} at offset ${i}`);
  };
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const str = (): string => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail('unterminated string');
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): JsonBig => {
    ws();
    const c = text[i];
    if (c === '"') return str();
    if (c === '{') {
      i++;
      const o: { [k: string]: JsonBig } = {};
      ws();
      if (text[i] === '}') {
        i++;
        return o;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a key');
        const k = str();
        ws();
        if (text[i++] !== ':') fail('expected ":"');
        o[k] = value();
        ws();
        const sep = text[i++];
        if (sep === '}') return o;
        if (sep !== ',') fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const a: JsonBig[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return a;
      }
      for (;;) {
        a.push(value());
        ws();
        const sep = text[i++];
        if (sep === ']') return a;
        if (sep !== ',') fail('expected "," or "]"');
      }
    }
    NUMBER_OR_LITERAL.lastIndex = i;
    const m = NUMBER_OR_LITERAL.exec(text);
    if (!m) return fail('unexpected character');
    i = NUMBER_OR_LITERAL.lastIndex;
    const t = m[0];
    if (t === 'true') return true;
    if (t === 'false') return false;
    if (t === 'null') return null;
    const n = Number(t);
    return /^-?\d+$/.test(t) && !Number.isSafeInteger(n) ? BigInt(t) : n;
  };
  const out = value();
  ws();
  if (i !== text.length) fail('trailing data');
  return out;
}

/** JSON.stringify for JsonBig values (bigints as bare integers; undefined members left out). */
export function stringifyJsonBig(v: unknown): string {
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : stringifyJsonBig(x))).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const parts: string[] = [];
    for (const [k, x] of Object.entries(v)) if (x !== undefined) parts.push(`${JSON.stringify(k)}:${stringifyJsonBig(x)}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(v);
}
