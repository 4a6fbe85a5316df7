/**
 * Selector checking, lite version: balanced quotes, parentheses and braces, and no newline
 * (Calico's tokenizer does not skip it). A full parser replaces `selectorProblem` later;
 * every caller goes through this one function.
 */
import type { Problems } from './problems.js';

/** Why `sel` is not a valid selector, or undefined when it looks valid. Empty is valid. */
export function selectorProblem(sel: string): string | undefined {
  const stack: string[] = [];
  const closing: Record<string, string> = { ')': '(', '}': '{' };
  for (let i = 0; i < sel.length; i++) {
    const c = sel[i]!;
    if (c === '"' || c === "'") {
      const end = sel.indexOf(c, i + 1);
      if (end < 0) return 'unterminated string';
      i = end;
    } else if (c === '(' || c === '{') {
      stack.push(c);
    } else if (c === ')' || c === '}') {
      if (stack.pop() !== closing[c]) return `unexpected '${c}'`;
    } else if (c === '\n' || c === '\r') {
      return 'unexpected newline';
    }
  }
  if (stack.length > 0) return `unclosed '${stack[stack.length - 1]}'`;
  return undefined;
}

/**
 * Report a bad selector the way Calico's `selector` tag does, under the Go field name:
 * `Selector = 'a ==' (Reason: failed to validate Field: Selector because of Tag: selector )`.
 */
export function checkSelector(p: Problems, goField: string, sel: unknown): void {
  if (sel === undefined || sel === null) return;
  if (typeof sel !== 'string' || selectorProblem(sel) !== undefined) {
    p.add(goField, `Reason: failed to validate Field: ${goField} because of Tag: selector `, sel);
  }
}

/** CEL rule shared by policy selectors and IP pool selectors: no `global(` outside namespaceSelector. */
export function checkNoGlobal(p: Problems, field: string, sel: unknown, message: string): void {
  if (typeof sel === 'string' && sel.includes('global(')) p.add(field, message, sel);
}

export const GLOBAL_ONLY_IN_NS_SELECTOR = 'global() can only be used in an EntityRule namespaceSelector';
