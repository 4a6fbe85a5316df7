/**
 * Matching: a syntax tree compiled once into nested closures, then called per label set.
 * A label is present when the object has it as an own string value; inherited properties
 * (`constructor`, `__proto__`, ...) are never strings, so a `typeof` test is enough.
 */
import type { SelectorNode } from './ast.js';

export type Labels = Readonly<Record<string, string>>;
export type Predicate = (labels: Labels) => boolean;

const always: Predicate = () => true;

function valuePredicate(op: string, k: string, v: string): Predicate {
  switch (op) {
    case '==':
      return (l) => l[k] === v;
    case '!=':
      return (l) => l[k] !== v;
    case 'contains':
      return (l) => {
        const x = l[k];
        return typeof x === 'string' && x.includes(v);
      };
    case 'starts with':
      return (l) => {
        const x = l[k];
        return typeof x === 'string' && x.startsWith(v);
      };
    default:
      return (l) => {
        const x = l[k];
        return typeof x === 'string' && x.endsWith(v);
      };
  }
}

function setPredicate(negated: boolean, k: string, values: string[]): Predicate {
  if (values.length === 0) return negated ? always : () => false;
  if (values.length === 1) {
    const v = values[0];
    return negated ? (l) => l[k] !== v : (l) => l[k] === v;
  }
  const set = new Set(values);
  return negated ? (l) => !set.has(l[k] as string) : (l) => set.has(l[k] as string);
}

function andPredicate(ps: Predicate[]): Predicate {
  if (ps.length === 2) {
    const [a, b] = ps as [Predicate, Predicate];
    return (l) => a(l) && b(l);
  }
  return (l) => {
    for (const p of ps) if (!p(l)) return false;
    return true;
  };
}

function orPredicate(ps: Predicate[]): Predicate {
  if (ps.length === 2) {
    const [a, b] = ps as [Predicate, Predicate];
    return (l) => a(l) || b(l);
  }
  return (l) => {
    for (const p of ps) if (p(l)) return true;
    return false;
  };
}

export function compileTree(n: SelectorNode): Predicate {
  switch (n.type) {
    case 'all':
    case 'global':
      return always;
    case 'has': {
      const k = n.label;
      return (l) => typeof l[k] === 'string';
    }
    case 'value':
      return valuePredicate(n.op, n.label, n.value);
    case 'set':
      return setPredicate(n.op === 'not in', n.label, n.values);
    case 'not': {
      const p = compileTree(n.operand);
      return (l) => !p(l);
    }
    case 'and':
      return andPredicate(n.operands.map(compileTree));
    case 'or':
      return orPredicate(n.operands.map(compileTree));
  }
}
