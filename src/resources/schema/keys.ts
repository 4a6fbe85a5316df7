/**
 * Plain mapping keys for the fast YAML reader, found and matched in place. One pass over the
 * line finds the `:` that ends the key (followed by a space or the end), checks the key's
 * characters and hashes them; a key seen before is then recognised in a small table by
 * comparing characters, so the common case makes no new string (and returns the string already
 * used as a property name). A new key is checked once more: not a property of Object.prototype
 * (`__proto__`, `constructor`...), and resolving to a string (not `yes`, `1`, `null`...).
 */
import { resolvePlain } from './goyaml.js';

const COLON = 58;
const SPACE = 32;
const MAX_LENGTH = 64;
const SIZE = 1024;

/** Characters of the keys the table holds: letters, digits, `_ . / -` (a key starts with neither `.`, `/` nor `-`). */
const KEY_CHAR = new Uint8Array(128);
for (const ch of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-') KEY_CHAR[ch.charCodeAt(0)] = 1;
const KEY = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;

/** Known keys, direct-mapped by hash (a collision replaces the older key). */
const table: (string | undefined)[] = new Array<string | undefined>(SIZE).fill(undefined);

/** Set by keyEnd: the hash of the key it found (only when all its characters are key characters). */
let keyHash = -1;

/**
 * Index of the first `:` in [from, to) followed by a space or `to` (the end of a plain key),
 * or -1. Sets keyHash for a key of plain key characters, else -1.
 */
export function keyEnd(s: string, from: number, to: number): number {
  let h = 0;
  let plain = true;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === COLON && (i + 1 === to || s.charCodeAt(i + 1) === SPACE)) {
      keyHash = plain && i > from && i - from < MAX_LENGTH ? (h ^ (i - from)) & (SIZE - 1) : -1;
      return i;
    }
    if (c < 128 && KEY_CHAR[c] === 1) h = (Math.imul(h, 31) + c) | 0;
    else plain = false;
  }
  return -1;
}

/**
 * The key s[from, to) where `to` was just returned by keyEnd, or undefined when it is not a
 * plain simple key.
 */
export function keyAt(s: string, from: number, to: number): string | undefined {
  const h = keyHash;
  const len = to - from;
  if (h !== -1) {
    const k = table[h];
    if (k !== undefined && k.length === len) {
      let i = 0;
      while (i < len && k.charCodeAt(i) === s.charCodeAt(from + i)) i++;
      if (i === len) return k;
    }
  }
  const raw = s.slice(from, to);
  // A key of Object.prototype (`constructor`, `__proto__`...) is left to js-yaml.
  if (!KEY.test(raw) || raw in Object.prototype || typeof resolvePlain(raw) !== 'string') return undefined;
  if (h === -1) return raw;
  // The internalised copy (a property name), so later objects share it.
  const key = Object.keys({ [raw]: 0 })[0]!;
  table[h] = key;
  return key;
}
