// Kubernetes label selectors (equality, inequality, set-based, exists) and the metadata field
// selectors every resource supports.
import { badRequest } from './status.mjs';

/** @typedef {(labels: Record<string, string>) => boolean} LabelMatcher */

const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/** Splits on commas that are not inside parentheses. @param {string} s */
function splitTerms(s) {
  const out = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((t) => t.trim());
}

/** @param {string} key */
function checkKey(key) {
  if (!KEY.test(key)) throw badRequest(`unable to parse requirement: invalid label key "${key}"`);
}
/** @param {string} v */
function checkValue(v) {
  if (!VALUE.test(v)) throw badRequest(`unable to parse requirement: invalid label value: "${v}"`);
}

/**
 * @param {string | null | undefined} selector
 * @returns {LabelMatcher}
 */
export function parseLabelSelector(selector) {
  if (!selector || !selector.trim()) return () => true;
  /** @type {LabelMatcher[]} */
  const reqs = [];
  for (const term of splitTerms(selector)) {
    let m;
    if ((m = /^([^\s!=<>(),]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term))) {
      const [, key, op, list] = /** @type {[string, string, string, string]} */ (/** @type {unknown} */ (m));
      checkKey(key);
      const vals = list.split(',').map((v) => v.trim());
      vals.forEach(checkValue);
      if (op === 'in') reqs.push((l) => key in l && vals.includes(/** @type {string} */ (l[key])));
      else reqs.push((l) => !(key in l) || !vals.includes(/** @type {string} */ (l[key])));
    } else if ((m = /^([^\s!=<>(),]+)\s*(==|=|!=)\s*([^\s,()]*)$/.exec(term))) {
      const [, key, op, val] = /** @type {[string, string, string, string]} */ (/** @type {unknown} */ (m));
      checkKey(key);
      checkValue(val);
      if (op === '!=') reqs.push((l) => l[key] !== val);
      else reqs.push((l) => l[key] === val);
    } else if ((m = /^([^\s!=<>(),]+)\s*(<|>)\s*(-?\d+)$/.exec(term))) {
      const [, key, op, num] = /** @type {[string, string, string, string]} */ (/** @type {unknown} */ (m));
      checkKey(key);
      const n = Number(num);
      reqs.push((l) => {
        const v = l[key];
        if (v === undefined || !/^-?\d+$/.test(v)) return false;
        return op === '<' ? Number(v) < n : Number(v) > n;
      });
    } else if ((m = /^!\s*([^\s!=<>(),]+)$/.exec(term))) {
      const key = /** @type {string} */ (m[1]);
      checkKey(key);
      reqs.push((l) => !(key in l));
    } else if ((m = /^([^\s!=<>(),]+)$/.exec(term))) {
      const key = /** @type {string} */ (m[1]);
      checkKey(key);
      reqs.push((l) => key in l);
    } else {
      throw badRequest(`unable to parse requirement: found '${term}', expected: identifier`);
    }
  }
  return (labels) => reqs.every((r) => r(labels ?? {}));
}

/**
 * Field selectors on metadata.name and metadata.namespace (`=`, `==`, `!=`).
 * @param {string | null | undefined} selector
 * @returns {(obj: any) => boolean}
 */
export function parseFieldSelector(selector) {
  if (!selector || !selector.trim()) return () => true;
  /** @type {((obj: any) => boolean)[]} */
  const reqs = [];
  for (const term of selector.split(',').map((t) => t.trim())) {
    const m = /^([^!=]+?)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw badRequest(`invalid selector: '${selector}'; can't understand '${term}'`);
    const [, field, op, val] = /** @type {[string, string, string, string]} */ (/** @type {unknown} */ (m));
    if (field !== 'metadata.name' && field !== 'metadata.namespace') {
      throw badRequest(`"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`);
    }
    const get = (/** @type {any} */ o) => (field === 'metadata.name' ? o.metadata?.name : o.metadata?.namespace ?? '');
    reqs.push(op === '!=' ? (o) => get(o) !== val : (o) => get(o) === val);
  }
  return (obj) => reqs.every((r) => r(obj));
}
