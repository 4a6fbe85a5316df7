/**
 * `-o/--output` values. Parsed (and checked) before any datastore access, with calicoctl's
 * messages for bad values. The jsonpath printer is loaded only to check a jsonpath format.
 */
import { UsageError } from '../errors.js';

export type OutputFormat =
  | { type: 'ps' }
  | { type: 'wide' }
  | { type: 'yaml' }
  | { type: 'json' }
  | { type: 'custom-columns'; columns: string[] }
  | { type: 'go-template'; template: string }
  | { type: 'go-template-file'; path: string }
  | { type: 'jsonpath'; expr: string }
  | { type: 'name' };

/** kubectl accepts `jsonpath='{...}'` (quotes kept by the shell when inside the flag value). */
function stripQuotes(s: string): string {
  return s.length >= 2 && (s[0] === "'" || s[0] === '"') && s.endsWith(s[0]) ? s.slice(1, -1) : s;
}

export async function parseOutputFormat(spec: string): Promise<OutputFormat> {
  switch (spec) {
    case 'yaml':
    case 'yml':
      return { type: 'yaml' };
    case 'json':
    case 'ps':
    case 'wide':
    case 'name':
      return { type: spec };
  }
  const eq = spec.indexOf('=');
  const key = eq < 0 ? spec : spec.slice(0, eq);
  const value = eq < 0 ? '' : spec.slice(eq + 1);
  switch (key) {
    case 'go-template':
      if (value === '') throw new UsageError('need to specify a template');
      return { type: 'go-template', template: value };
    case 'go-template-file':
      if (value === '') throw new UsageError('need to specify a template file');
      return { type: 'go-template-file', path: value };
    case 'custom-columns':
      if (value === '') throw new UsageError('need to specify at least one column');
      return { type: 'custom-columns', columns: value.split(',') };
    case 'jsonpath': {
      const expr = stripQuotes(value);
      if (expr === '') throw new UsageError('need to specify a jsonpath template');
      const { compileJsonPath } = await import('./jsonpath.js');
      compileJsonPath(expr);
      return { type: 'jsonpath', expr };
    }
  }
  throw new UsageError(`unrecognized output format '${spec}'`);
}
