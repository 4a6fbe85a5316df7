/**
 * A faithful subset of Go's text/template, for calicoctl's `-o go-template=...` and
 * `-o go-template-file=...`. The data is addressed with Go field names (`.ObjectMeta.Name`,
 * `.Spec.CIDR`), resolved on plain JSON objects by fields.ts.
 *
 *   lexer.ts   text -> items           parser.ts  items -> parse trees (ast.ts)
 *   exec.ts    trees x data -> text    funcs.ts   builtin and calicoctl functions
 *   printf.ts  fmt verbs and %v        fields.ts  Go field names on JSON objects
 *   values.ts  JS values as Go kinds   strconv.ts quoting, unquoting, float formatting
 *
 * Not supported: custom delimiters, missingkey options, calling Go methods on data
 * (`.GetName`, `.String`), complex constants, range over channels/functions, %x/%b of floats
 * and the # flag on floats, %p/%w. JSON numbers are ints when integral, else float64; int and
 * float compare numerically (Go refuses). Execution is bounded (steps, output size, template
 * depth: see LIMITS in exec.ts) where Go is not.
 */
import { GoTemplateError } from './errors.js';
import { execute } from './exec.js';
import { buildFuncTable, type UserFunc } from './funcs.js';
import { parseTemplates } from './parser.js';

export { GoTemplateError } from './errors.js';
export type { UserFunc as GoTemplateFunc } from './funcs.js';

/** The name of the template (as in Go's error messages `template: output:1:2: ...`). */
const TEMPLATE_NAME = 'output';

/**
 * Parses and executes a Go text/template over `data` and returns the output (nothing is
 * appended). `funcs` adds functions (e.g. calicoctl's `config`) or replaces builtins.
 * Throws GoTemplateError for syntax and execution errors.
 */
export function executeGoTemplate(template: string, data: unknown, funcs?: Record<string, UserFunc>): string {
  const table = buildFuncTable(funcs);
  const trees = parseTemplates(TEMPLATE_NAME, template, (name) => table.has(name));
  try {
    return execute(template, TEMPLATE_NAME, trees, table, data);
  } catch (e) {
    if (e instanceof GoTemplateError) throw e;
    if (e instanceof RangeError) throw new GoTemplateError(`template: ${TEMPLATE_NAME}: ${e.message}`);
    throw e;
  }
}
