/**
 * Canonical text, as Calico's `Selector.String()`: single spaces around operators, values in
 * double quotes (single when the value holds a double quote), sets sorted and de-duplicated,
 * every `&&`/`||` group parenthesised, `!` glued to its operand, empty selector = `all()`.
 */
import type { SelectorNode } from './ast.js';

function quote(v: string): string {
  return v.includes('"') ? `'${v}'` : `"${v}"`;
}

export function printTree(n: SelectorNode): string {
  switch (n.type) {
    case 'all':
      return 'all()';
    case 'global':
      return 'global()';
    case 'has':
      return `has(${n.label})`;
    case 'value':
      return `${n.label} ${n.op} ${quote(n.value)}`;
    case 'set':
      return `${n.label} ${n.op} {${n.values.map(quote).join(', ')}}`;
    case 'not':
      return `!${printTree(n.operand)}`;
    case 'and':
      return `(${n.operands.map(printTree).join(' && ')})`;
    case 'or':
      return `(${n.operands.map(printTree).join(' || ')})`;
  }
}
