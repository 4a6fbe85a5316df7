/**
 * Parser for the kubectl JSONPath template subset: literal text, `{path}`, `{"text"}`,
 * `{range path}...{end}`; paths with `$`/`@`, `.field`, `.*`, `..field`, `[n]`, `[-n]`,
 * `[a:b:c]`, `[*]`, `['key']`, `[0,2]`, `[?(@.a == "x")]`, `[?(@.a)]`.
 */

export type Step =
  | { t: 'field'; name: string }
  | { t: 'wildcard' }
  | { t: 'recursive' }
  | { t: 'slice'; start?: number; end?: number; step?: number; single: boolean }
  | { t: 'union'; paths: Step[][] }
  | { t: 'filter'; left: Operand; op?: string; right?: Operand };

export type Operand = { t: 'path'; root: boolean; steps: Step[] } | { t: 'value'; value: string | number | boolean };

export type TemplateNode =
  | { t: 'text'; text: string }
  | { t: 'expr'; root: boolean; steps: Step[] }
  | { t: 'range'; root: boolean; steps: Step[]; body: TemplateNode[] };

export class JsonPathSyntaxError extends Error {}

const fail = (msg: string): never => {
  throw new JsonPathSyntaxError(msg);
};

/** Index of the `close` that ends the construct starting at `from`, skipping quotes and nesting. */
function findClose(s: string, from: number, close: string): number {
  let quote = '';
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '(') depth++;
    else if (depth === 0 && c === close) return i;
    else if (c === ']' || c === ')') depth--;
  }
  return -1;
}

function unquote(lit: string): string {
  const q = lit[0]!;
  const body = lit.slice(1, -1);
  if (q === '"') {
    try {
      return JSON.parse(`"${body.replace(/\\'/g, "'")}"`) as string;
    } catch {
      return fail(`invalid string literal ${lit}`);
    }
  }
  return body.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}

function parseOperand(text: string): Operand {
  const s = text.trim();
  if (/^(["']).*\1$/s.test(s)) return { t: 'value', value: unquote(s) };
  if (s === 'true' || s === 'false') return { t: 'value', value: s === 'true' };
  if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) return { t: 'value', value: Number(s) };
  return { t: 'path', root: s.startsWith('$'), steps: parsePath(s) };
}

function parseBracket(inner: string): Step {
  const s = inner.trim();
  if (s === '*') return { t: 'wildcard' };
  if (s.startsWith('?(') && s.endsWith(')')) {
    const body = s.slice(2, -1);
    const m = /^((?:[^"'!<>=~]|"[^"]*"|'[^']*')+?)\s*(==|!=|<=|>=|=~|<|>)\s*(.+)$/s.exec(body);
    if (!m) return { t: 'filter', left: parseOperand(body) };
    return { t: 'filter', left: parseOperand(m[1]!), op: m[2]!, right: parseOperand(m[3]!) };
  }
  const parts = s.split(',');
  if (parts.length > 1) return { t: 'union', paths: parts.map((p) => [parseBracket(p)]) };
  if (/^(["']).*\1$/s.test(s)) return { t: 'field', name: unquote(s) };
  const m = /^(-?\d*)(?::(-?\d*))?(?::(-?\d*))?$/.exec(s);
  if (!m || s === '') return fail(`invalid array index ${s}`);
  const num = (x: string | undefined): number | undefined => (x === undefined || x === '' ? undefined : Number(x));
  const single = !s.includes(':');
  if (single && m[1] === '') return fail(`invalid array index ${s}`);
  return { t: 'slice', start: num(m[1]), end: num(m[2]), step: num(m[3]), single };
}

const NAME_END = /[.[\]\s,{}$@]/;

/** Steps of a path such as `$.items[*].metadata.name` (the leading `$`/`@` is optional). */
export function parsePath(text: string): Step[] {
  const s = text.trim();
  const steps: Step[] = [];
  let i = s[0] === '$' || s[0] === '@' ? 1 : 0;
  while (i < s.length) {
    if (s[i] === ' ' || s[i] === '\t') {
      i++;
      continue;
    }
    if (s.startsWith('..', i)) {
      steps.push({ t: 'recursive' });
      i += 2;
      if (s[i] === '[') continue;
    } else if (s[i] === '.') {
      i++;
    } else if (s[i] === '[') {
      const close = findClose(s, i + 1, ']');
      if (close < 0) return fail('unterminated array');
      steps.push(parseBracket(s.slice(i + 1, close)));
      i = close + 1;
      continue;
    } else {
      return fail(`unrecognized character in action: ${JSON.stringify(s[i])}`);
    }
    let name = '';
    for (; i < s.length && !NAME_END.test(s[i]!); i++) {
      if (s[i] === '\\' && i + 1 < s.length) i++;
      name += s[i];
    }
    if (name === '*') steps.push({ t: 'wildcard' });
    else if (name !== '') steps.push({ t: 'field', name });
    else if (i < s.length && s[i] !== '[' && s[i] !== '.') return fail(`unrecognized character in action: ${JSON.stringify(s[i])}`);
  }
  return steps;
}

/** A whole template, e.g. `{range .items[*]}{.metadata.name}{"\n"}{end}`. */
export function parseTemplate(template: string): TemplateNode[] {
  const root: TemplateNode[] = [];
  const stack: TemplateNode[][] = [root];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    const top = stack[stack.length - 1]!;
    if (open < 0) {
      top.push({ t: 'text', text: template.slice(i) });
      break;
    }
    if (open > i) top.push({ t: 'text', text: template.slice(i, open) });
    const close = findClose(template, open + 1, '}');
    if (close < 0) return fail('unclosed action');
    const action = template.slice(open + 1, close).trim();
    i = close + 1;
    if (action === 'end') {
      if (stack.length === 1) return fail('not in range, nothing to end');
      stack.pop();
    } else if (/^range\s/.test(action)) {
      const path = action.slice(5).trim();
      const node: TemplateNode = { t: 'range', root: path.startsWith('$'), steps: parsePath(path), body: [] };
      top.push(node);
      stack.push(node.body);
    } else if (/^(["']).*\1$/s.test(action)) {
      top.push({ t: 'text', text: unquote(action) });
    } else {
      top.push({ t: 'expr', root: action.startsWith('$'), steps: parsePath(action) });
    }
  }
  if (stack.length > 1) return fail('range without end');
  return root;
}
