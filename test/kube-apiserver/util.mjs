// Small shared helpers.

/** @param {unknown} v @returns {v is Record<string, any>} */
export const isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON with object keys sorted, for order-insensitive equality. @param {unknown} v @returns {string} */
export function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObj(v)) {
    return `{${Object.keys(v).filter((k) => v[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  if (typeof v === 'bigint') return v.toString();
  return JSON.stringify(v) ?? 'null';
}
