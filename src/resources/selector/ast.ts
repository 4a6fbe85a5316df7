/** The selector syntax tree. Parentheses leave no node: grouping is the tree's shape. */

/** Operators comparing a label with one string. */
export type ValueOp = '==' | '!=' | 'contains' | 'starts with' | 'ends with';
/** Operators testing a label against a set of strings. */
export type SetOp = 'in' | 'not in';

export type SelectorNode =
  | { type: 'all' }
  | { type: 'global' }
  | { type: 'has'; label: string }
  | { type: 'value'; op: ValueOp; label: string; value: string }
  /** `values` sorted in code point (UTF-8 byte) order, without duplicates. */
  | { type: 'set'; op: SetOp; label: string; values: string[] }
  | { type: 'not'; operand: SelectorNode }
  /** Two or more operands. */
  | { type: 'and'; operands: SelectorNode[] }
  /** Two or more operands. */
  | { type: 'or'; operands: SelectorNode[] };

/** Code point order, which is the byte order of the UTF-8 encodings (Go's string order). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (U+D800..U+DFFF) stands for a code point above U+FFFF, so it sorts after
    // every other UTF-16 unit, including U+E000..U+FFFF.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** Sorted, de-duplicated copy. */
export function toSortedSet(values: readonly string[]): string[] {
  const sorted = [...values].sort(compareCodePoints);
  return sorted.filter((v, i) => i === 0 || v !== sorted[i - 1]);
}
