/**
 * Selector checks for the kind validators, on top of the selector parser in ../selector/.
 * Every kind that validates a selector goes through `checkSelector`.
 */
import { selectorProblem as parseProblem } from '../selector/index.js';
import type { Problems } from './problems.js';
import { isSimpleValidSelector } from './simple-selector.js';

/** Verdicts of selectorProblem by selector text: bulk input repeats selectors a lot. */
const verdicts = new Map<string, string | undefined>();
const MAX_CACHED = 4096;

/** Why `sel` is not a valid selector (reason and position), or undefined when valid. Empty is valid. */
export function selectorProblem(sel: string): string | undefined {
  if (isSimpleValidSelector(sel)) return undefined;
  if (verdicts.has(sel)) return verdicts.get(sel);
  const problem = parseProblem(sel);
  if (verdicts.size >= MAX_CACHED) verdicts.clear();
  verdicts.set(sel, problem);
  return problem;
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
