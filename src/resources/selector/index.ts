/**
 * Calico's label selector language: parse, print canonically, match.
 *
 *   const sel = parseSelector('env == "prod" && has(tier)');   // throws SelectorError
 *   sel.toString();                // '(env == "prod" && has(tier))'
 *   sel.matches({ env: 'prod', tier: '' });                     // true
 *   const match = compileSelector('role in {"db", "web"}');    // compile once, match many
 */
import { createHash } from 'node:crypto';
import type { SelectorNode } from './ast.js';
import { SelectorError } from './errors.js';
import { compileTree, type Labels, type Predicate } from './matcher.js';
import { parseTree } from './parser.js';
import { printTree } from './printer.js';

export { SelectorError } from './errors.js';
export type { SelectorNode } from './ast.js';
export type { Labels, Predicate } from './matcher.js';

export class Selector {
  private text?: string;
  private predicate?: Predicate;
  constructor(readonly root: SelectorNode) {}

  /** The canonical form (Calico's `Selector.String()`). */
  toString(): string {
    return (this.text ??= printTree(this.root));
  }

  matches(labels: Labels): boolean {
    return (this.predicate ??= compileTree(this.root))(labels);
  }

  /** Calico's `UniqueID()`: `s:` + unpadded base64url of SHA-224 over `s:<canonical>`. */
  uniqueId(): string {
    return `s:${createHash('sha224').update(`s:${this.toString()}`).digest('base64url')}`;
  }
}

export function parseSelector(text: string): Selector {
  return new Selector(parseTree(text));
}

/** Why `text` is not a valid selector (with the position), or undefined. Empty is valid. */
export function selectorProblem(text: string): string | undefined {
  try {
    parseTree(text);
    return undefined;
  } catch (e) {
    if (e instanceof SelectorError) return e.message;
    throw e;
  }
}

/** Go's strings.TrimSpace set (Unicode White_Space), one character at a time (no regex backtracking). */
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

function trimGoSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && GO_SPACE.test(s[a]!)) a++;
  while (b > a && GO_SPACE.test(s[b - 1]!)) b--;
  return s.slice(a, b);
}

/** Calico's `selector.Normalise`: trim surrounding whitespace, parse, print canonically. */
export function normalizeSelector(text: string): string {
  return parseSelector(trimGoSpace(text)).toString();
}

/** Parse once, return a fast predicate over label sets. Throws SelectorError. */
export function compileSelector(text: string): Predicate {
  return compileTree(parseTree(text));
}

/** One-off match; prefer compileSelector when matching many label sets. */
export function matches(selector: string | Selector, labels: Labels): boolean {
  return (typeof selector === 'string' ? parseSelector(selector) : selector).matches(labels);
}
