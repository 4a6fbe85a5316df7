/**
 * Property: whatever the template, executeGoTemplate returns a string or throws a
 * GoTemplateError, and returns promptly. Templates are random (seeded, so failures
 * reproduce): a soup of template fragments, and templates grown from the grammar.
 */
import { describe, expect, it } from 'vitest';
import { executeGoTemplate, GoTemplateError } from '../../src/gotemplate/index.js';
import { fixture } from './helpers.js';
import { mulberry32 } from '../helpers/random.js';

/** mulberry32: a small seeded PRNG. */
const prng = mulberry32;

const FRAGMENTS = [
  '{{', '}}', '{{- ', ' -}}', '{{/*', '*/}}', ' ', '\n', 'text', '.', '.Items', '.Metadata.Name', '.Spec.CIDR',
  '.ObjectMeta', '$', '$x', '$i', ':=', '=', '|', '(', ')', ',', 'range', 'if', 'else', 'end', 'with', 'define',
  'template', 'block', 'break', 'continue', 'nil', 'true', 'false', '"s"', '"%d"', '"%v %s"', '`raw`', '"T"', '1', '-2',
  '3.5', '0x1F', "'a'", '1e3', 'len', 'index', 'slice', 'printf', 'print', 'println', 'and', 'or', 'not', 'eq', 'ne',
  'lt', 'ge', 'html', 'js', 'urlquery', 'join', 'joinAndTruncate', 'call', 'config', '"', '`', "'", '-', '+', '#',
  '{', '}', '\\', 'é', '\u0001', '.Spec.Labels', '.Spec.BlockSize', '.Missing',
];

function soup(rand: () => number): string {
  const n = 1 + Math.floor(rand() * 30);
  let s = '';
  for (let i = 0; i < n; i++) s += FRAGMENTS[Math.floor(rand() * FRAGMENTS.length)];
  return s;
}

/** A template from the grammar: mostly well formed, with random operands. */
function grown(rand: () => number, depth = 0): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const operand = (d: number): string =>
    pick([
      '.', '$', '.Items', '.Kind', '.Metadata.Name', '.Spec.CIDR', '.Spec.BlockSize', '.Spec.NATOutgoing', '.Missing',
      '$x', '"str"', '7', '-1', '2.5', 'true', 'nil', "'c'",
      ...(d < 3 ? [`(${command(d + 1)})`] : []),
    ]);
  const command = (d: number): string => {
    // [function, usual number of operands]; sometimes the count is off on purpose.
    const [fn, arity] = pick([
      ['', 0], ['', 0], ['len', 1], ['index', 2], ['slice', 2], ['printf "%v|%d|%s|%5.2f"', 2], ['print', 2],
      ['eq', 2], ['lt', 2], ['and', 2], ['or', 2], ['not', 1], ['html', 1], ['join', 1], ['joinAndTruncate', 1],
      ['urlquery', 1],
    ] as const);
    const count = rand() < 0.9 ? arity : Math.floor(rand() * 4);
    const args = Array.from({ length: count }, () => operand(d));
    if (fn === 'join') args.push('","');
    if (fn === 'joinAndTruncate') args.push('","', pick(['0', '5', '12']));
    return fn === '' ? operand(d) : [fn, ...args].join(' ');
  };
  const pipeline = (): string => {
    const cmds = [command(0)];
    if (rand() < 0.3) cmds.push(pick(['len', 'print', 'printf "%v"', 'html', 'not', 'or 1', 'and .']));
    return cmds.join(' | ');
  };
  const parts: string[] = [];
  const n = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.2) parts.push(pick(['a', ' ', '\n', 'x y']));
    else if (r < 0.45) parts.push(`{{${pipeline()}}}`);
    else if (r < 0.5) parts.push(`{{$x := ${pipeline()}}}`);
    else if (depth < 3 && r < 0.65) parts.push(`{{range ${pick(['', '$i, $x := ', '$x := '])}${pipeline()}}}${grown(rand, depth + 1)}${rand() < 0.2 ? '{{break}}' : ''}{{end}}`);
    else if (depth < 3 && r < 0.8) parts.push(`{{if ${pipeline()}}}${grown(rand, depth + 1)}{{else}}${grown(rand, depth + 1)}{{end}}`);
    else if (depth < 3 && r < 0.9) parts.push(`{{with ${pipeline()}}}${grown(rand, depth + 1)}{{end}}`);
    else parts.push(`{{template "T" ${operand(0)}}}`);
  }
  const body = parts.join('');
  if (depth > 0) return body;
  // Declare $x and, mostly, walk into the objects so that field operands resolve.
  const main = rand() < 0.7 ? `{{range .}}{{range .Items}}{{$x := .}}${body}{{end}}{{end}}` : `{{$x := .}}${body}`;
  return rand() < 0.5 ? `{{define "T"}}{{$x := .}}${grown(rand, 2)}{{end}}${main}` : main;
}

function outcome(tpl: string, data: unknown): 'ok' | 'error' {
  try {
    const out = executeGoTemplate(tpl, data);
    expect(typeof out).toBe('string');
    return 'ok';
  } catch (e) {
    if (e instanceof GoTemplateError) return 'error';
    throw new Error(`non-GoTemplateError for ${JSON.stringify(tpl)}: ${String(e)}`, { cause: e });
  }
}

describe('random templates', () => {
  const data = fixture('ippool-list.json');

  it.each([
    ['fragment soup', soup, 1],
    ['grammar-grown', grown, 2],
  ] as const)('%s: 1,000 templates never crash or hang', (_name, gen, seed) => {
    const rand = prng(seed);
    const counts = { ok: 0, error: 0 };
    let slowest = 0;
    for (let i = 0; i < 1000; i++) {
      const tpl = gen(rand);
      const started = performance.now();
      counts[outcome(tpl, data)]++;
      slowest = Math.max(slowest, performance.now() - started);
    }
    // Both outcomes occur, so the generators really reach the parser and the executor.
    expect(counts.ok).toBeGreaterThan(20);
    expect(counts.error).toBeGreaterThan(20);
    expect(slowest).toBeLessThan(3000);
  });

  it('random bytes never crash', () => {
    const rand = prng(3);
    for (let i = 0; i < 500; i++) {
      const len = Math.floor(rand() * 40);
      const tpl = '{{' + Array.from({ length: len }, () => String.fromCharCode(Math.floor(rand() * 128))).join('');
      outcome(tpl, data);
      outcome(tpl + '}}', data);
    }
  });
});
