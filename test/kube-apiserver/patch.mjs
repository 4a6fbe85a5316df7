// JSON merge patch (RFC 7386) and JSON patch (RFC 6902).
import { canonical } from './util.mjs';

/** @param {unknown} v @returns {v is Record<string, any>} */
const isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** @param {any} target @param {any} patch @returns {any} */
export function mergePatch(target, patch) {
  if (!isObj(patch)) return structuredClone(patch);
  const out = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export class PatchError extends Error {}

/** @param {string} ptr */
function tokens(ptr) {
  if (ptr === '') return [];
  if (!ptr.startsWith('/')) throw new PatchError(`invalid JSON pointer: "${ptr}"`);
  return ptr.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** @param {any} doc @param {string[]} toks */
function parentOf(doc, toks) {
  let cur = doc;
  for (const t of toks.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isObj(cur)) cur = cur[t];
    else cur = undefined;
    if (cur === undefined) throw new PatchError(`doc is missing path: "/${toks.join('/')}"`);
  }
  return cur;
}

/** @param {any} doc @param {string} path */
function get(doc, path) {
  let cur = doc;
  for (const t of tokens(path)) {
    cur = Array.isArray(cur) ? cur[Number(t)] : isObj(cur) ? cur[t] : undefined;
    if (cur === undefined) throw new PatchError(`doc is missing path: "${path}"`);
  }
  return cur;
}

/** @param {any} doc @param {string} path */
function remove(doc, path) {
  const toks = tokens(path);
  const parent = parentOf(doc, toks);
  const last = /** @type {string} */ (toks[toks.length - 1]);
  if (Array.isArray(parent)) {
    const i = Number(last);
    if (!(i >= 0 && i < parent.length)) throw new PatchError(`remove operation does not apply: doc is missing path: "${path}"`);
    return parent.splice(i, 1)[0];
  }
  if (!isObj(parent) || !(last in parent)) throw new PatchError(`remove operation does not apply: doc is missing path: "${path}"`);
  const v = parent[last];
  delete parent[last];
  return v;
}

/** @param {any} doc @param {string} path @param {any} value @param {boolean} replace */
function put(doc, path, value, replace) {
  const toks = tokens(path);
  if (toks.length === 0) return value;
  const parent = parentOf(doc, toks);
  const last = /** @type {string} */ (toks[toks.length - 1]);
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last);
    if (!(i >= 0 && i <= parent.length) || (replace && i === parent.length)) throw new PatchError(`doc is missing path: "${path}"`);
    if (replace) parent[i] = value;
    else parent.splice(i, 0, value);
  } else if (isObj(parent)) {
    if (replace && !(last in parent)) throw new PatchError(`replace operation does not apply: doc is missing key: ${path}`);
    parent[last] = value;
  } else throw new PatchError(`doc is missing path: "${path}"`);
  return doc;
}

/** @param {any} doc @param {any} ops @returns {any} */
export function jsonPatch(doc, ops) {
  if (!Array.isArray(ops)) throw new PatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let out = structuredClone(doc);
  for (const op of ops) {
    switch (op.op) {
      case 'add': out = put(out, op.path, structuredClone(op.value), false); break;
      case 'replace': out = put(out, op.path, structuredClone(op.value), true); break;
      case 'remove': remove(out, op.path); break;
      case 'move': { const v = remove(out, op.from); out = put(out, op.path, v, false); break; }
      case 'copy': out = put(out, op.path, structuredClone(get(out, op.from)), false); break;
      case 'test':
        if (canonical(get(out, op.path)) !== canonical(op.value)) {
          throw new PatchError(`testing value ${op.path} failed: test failed`);
        }
        break;
      default: throw new PatchError(`Unexpected kind: ${op.op}`);
    }
  }
  return out;
}
