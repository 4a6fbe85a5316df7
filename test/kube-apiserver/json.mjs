// JSON with int64s intact, as the real API server keeps them (e.g. IPAMBlock sequence numbers,
// ~1.7e18, beyond the 2^53 a JS number holds exactly): integers outside Number's safe range parse
// to bigint and serialise back as bare integers.

const NUMBER_OR_LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/** JSON.parse, keeping unsafe integers as bigints. @param {string} text @returns {any} */
export function parseJson(text) {
  let i = 0;
  const fail = (/** @type {string} */ what) => {
    throw new SyntaxError(`${what} at position ${i}`);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const str = () => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail('Unterminated string in JSON');
    i++;
    return JSON.parse(text.slice(start, i));
  };
  /** @returns {any} */
  const value = () => {
    ws();
    const c = text[i];
    if (c === '"') return str();
    if (c === '{' || c === '[') {
      const isObj = c === '{';
      const close = isObj ? '}' : ']';
      /** @type {any} */
      const out = isObj ? {} : [];
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return out;
      }
      for (;;) {
        if (isObj) {
          ws();
          if (text[i] !== '"') fail('Expected property name in JSON');
          const k = str();
          ws();
          if (text[i++] !== ':') fail("Expected ':' after property name in JSON");
          out[k] = value();
        } else out.push(value());
        ws();
        const sep = text[i++];
        if (sep === close) return out;
        if (sep !== ',') fail(`Expected ',' or '${close}' in JSON`);
      }
    }
    NUMBER_OR_LITERAL.lastIndex = i;
    const m = NUMBER_OR_LITERAL.exec(text);
    if (!m) return fail(`Unexpected token '${c ?? ''}' in JSON`);
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
  if (i !== text.length) fail('Unexpected non-whitespace character after JSON');
  return out;
}

/** JSON.stringify that writes bigints as bare integers. @param {unknown} v @returns {string} */
export function toJson(v) {
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined || typeof x === 'function' ? 'null' : toJson(x))).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    if (typeof (/** @type {any} */ (v).toJSON) === 'function') return toJson(/** @type {any} */ (v).toJSON());
    const parts = [];
    for (const [k, x] of Object.entries(v)) if (x !== undefined && typeof x !== 'function') parts.push(`${JSON.stringify(k)}:${toJson(x)}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
