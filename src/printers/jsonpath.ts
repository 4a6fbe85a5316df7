/**
 * `-o jsonpath=TEMPLATE`, kubectl style, over the JSON form of the output. Several results
 * of one expression are separated by a space; maps and arrays print as compact JSON (keys
 * sorted, as Go's encoder does), strings raw, missing fields as nothing. No newline added.
 */
import { UsageError } from '../errors.js';
import type { Resource, ResourceList } from '../resources/types.js';
import { formatGoNumber } from './gonum.js';
import { goJsonString } from './json.js';
import { JsonPathSyntaxError, parseTemplate, type Operand, type Step, type TemplateNode } from './jsonpath-parse.js';
import { toWire } from './wire.js';

class JsonPathExecError extends Error {}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const children = (v: unknown): unknown[] => (Array.isArray(v) ? v : isObj(v) ? Object.values(v) : []);

function descendants(v: unknown, out: unknown[]): unknown[] {
  const kids = children(v);
  if (kids.length === 0) return out;
  out.push(v);
  for (const k of kids) descendants(k, out);
  return out;
}

function slice(arr: unknown, s: Extract<Step, { t: 'slice' }>): unknown[] {
  if (arr === null || arr === undefined) return [];
  if (!Array.isArray(arr)) throw new JsonPathExecError(`${typeName(arr)} is not array or slice`);
  const len = arr.length;
  let start = s.start ?? 0;
  if (start < 0) start += len;
  let end = s.single ? start + 1 : s.end ?? len;
  if (end < 0) end += len;
  if (start === end) return [];
  if (start < 0 || start >= len) throw new JsonPathExecError(`array index out of bounds: index ${start}, length ${len}`);
  if (end < 0 || end > len) throw new JsonPathExecError(`array index out of bounds: index ${end - 1}, length ${len}`);
  if (start > end) throw new JsonPathExecError(`starting index ${start} is greater than ending index ${end}`);
  const step = s.step ?? 1;
  if (step <= 0) throw new JsonPathExecError('step must be > 0');
  return arr.slice(start, end).filter((_, i) => i % step === 0);
}

function operand(o: Operand, item: unknown, root: unknown): unknown[] {
  return o.t === 'value' ? [o.value] : evalPath(o.steps, [o.root ? root : item], root);
}

function compare(left: unknown, op: string, right: unknown): boolean {
  if (op === '=~') {
    if (typeof left !== 'string' || typeof right !== 'string') throw new JsonPathExecError('regexp search only supports strings');
    let re: RegExp;
    try {
      re = new RegExp(right);
    } catch {
      throw new JsonPathExecError(`invalid regular expression ${JSON.stringify(right)}`);
    }
    return re.test(left);
  }
  if (op === '==') return left === right;
  if (op === '!=') return left !== right;
  const comparable = (typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string');
  if (!comparable) throw new JsonPathExecError(`cannot compare ${typeName(left)} with ${typeName(right)}`);
  const [l, r] = [left as number | string, right as number | string];
  return op === '<' ? l < r : op === '>' ? l > r : op === '<=' ? l <= r : l >= r;
}

function filter(arr: unknown, f: Extract<Step, { t: 'filter' }>, root: unknown): unknown[] {
  if (arr === null || arr === undefined) return [];
  if (!Array.isArray(arr)) throw new JsonPathExecError(`${typeName(arr)} is not array or slice and cannot be filtered`);
  return arr.filter((item) => {
    const lefts = operand(f.left, item, root);
    if (!f.op || !f.right) return lefts.length > 0;
    const rights = operand(f.right, item, root);
    if (lefts.length === 0 || rights.length === 0) return false;
    if (lefts.length > 1 || rights.length > 1) throw new JsonPathExecError('can only compare one element at a time');
    return compare(lefts[0], f.op, rights[0]);
  });
}

function step(values: unknown[], s: Step, root: unknown): unknown[] {
  switch (s.t) {
    case 'field':
      return values.filter(isObj).filter((v) => Object.hasOwn(v, s.name)).map((v) => v[s.name]);
    case 'wildcard':
      return values.flatMap(children);
    case 'recursive':
      return values.flatMap((v) => descendants(v, []));
    case 'slice':
      return values.flatMap((v) => slice(v, s));
    case 'union':
      return values.flatMap((v) => s.paths.flatMap((p) => evalPath(p, [v], root)));
    case 'filter':
      return values.flatMap((v) => filter(v, s, root));
  }
}

function evalPath(steps: Step[], start: unknown[], root: unknown): unknown[] {
  return steps.reduce((vals, s) => step(vals, s, root), start);
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'map' : typeof v;
}

function compactJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(compactJson).join(',')}]`;
  if (isObj(v)) {
    const keys = Object.keys(v).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return `{${keys.map((k) => `${goJsonString(k)}:${compactJson(v[k])}`).join(',')}}`;
  }
  if (typeof v === 'string') return goJsonString(v);
  return v === null || v === undefined ? 'null' : String(v);
}

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatGoNumber(v);
  if (v === null || v === undefined) return '<nil>';
  return typeof v === 'boolean' ? String(v) : compactJson(v);
}

function execute(nodes: TemplateNode[], current: unknown, root: unknown): string {
  let out = '';
  for (const n of nodes) {
    if (n.t === 'text') out += n.text;
    else if (n.t === 'expr') out += evalPath(n.steps, [n.root ? root : current], root).map(text).join(' ');
    else for (const v of evalPath(n.steps, [n.root ? root : current], root)) out += execute(n.body, v, root);
  }
  return out;
}

/** Parse a template; syntax problems become a UsageError (checked before any datastore call). */
export function compileJsonPath(expr: string): TemplateNode[] {
  try {
    return parseTemplate(expr);
  } catch (e) {
    if (e instanceof JsonPathSyntaxError) throw new UsageError(`error parsing jsonpath ${expr}, ${e.message}`);
    throw e;
  }
}

/** The data kubectl would give the template: the object itself, or a List of several. */
export function jsonPathData(objects: ReadonlyArray<Resource | ResourceList>): unknown {
  const wire = objects.map(toWire);
  return wire.length === 1 ? wire[0] : { apiVersion: 'v1', kind: 'List', items: wire, metadata: { resourceVersion: '' } };
}

export function renderJsonPath(expr: string, objects: ReadonlyArray<Resource | ResourceList>): string {
  const nodes = compileJsonPath(expr);
  const data = jsonPathData(objects);
  try {
    return execute(nodes, data, data);
  } catch (e) {
    if (e instanceof JsonPathExecError) throw new UsageError(`error executing jsonpath ${JSON.stringify(expr)}: ${e.message}`);
    throw e;
  }
}
