/**
 * Property tests, seeded and bounded: any input either parses or throws SelectorError (never
 * anything else, never slowly), and printing is a fixed point that keeps the meaning.
 */
import { describe, expect, it } from 'vitest';
import { type Selector, SelectorError, type SelectorNode, compileSelector, parseSelector } from '../../../src/resources/selector/index.js';
import { mulberry32 } from '../../helpers/random.js';

/** mulberry32: small deterministic PRNG so failures reproduce. */
const rng = mulberry32;

const CHARS = 'ab/._-09 \t\n\r"\'(){},=!&|%:\u00e9\u{1F600}'.split('');
const TOKENS = ['a', 'b', 'x/y', 'has(', 'has(a)', 'all()', 'global()', 'all(', ')', '(', '{', '}', ',', '"v"', "'w'", '"', "'", '==', '!=', '!', '&&', '||', '&', '|', 'in', 'not in', 'notin', 'contains', 'starts with', 'ends with', 'startswith', ' ', '\t', '\n', '='];

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

function randomChars(r: () => number): string {
  const n = Math.floor(r() * 40);
  let s = '';
  for (let i = 0; i < n; i++) s += pick(r, CHARS);
  return s;
}

function tokenSoup(r: () => number): string {
  const n = Math.floor(r() * 14);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(pick(r, TOKENS));
  return parts.join(r() < 0.5 ? ' ' : '');
}

const LABELS = ['a', 'b', 'c', 'in', 'contains', 'k8s/app'];
const VALUES = ['', 'x', 'y', 'xy', '"', "'"];

function quoted(r: () => number, v: string): string {
  if (v.includes('"')) return `'${v}'`;
  if (v.includes("'")) return `"${v}"`;
  return r() < 0.5 ? `"${v}"` : `'${v}'`;
}

/** A random valid selector, with random spacing. */
function genSelector(r: () => number, depth = 0): string {
  const sp = () => pick(r, ['', ' ', '  ', '\t']);
  const roll = r();
  if (depth < 3 && roll < 0.25) {
    const op = r() < 0.5 ? '&&' : '||';
    return `${genSelector(r, depth + 1)}${sp()}${op}${sp()}${genSelector(r, depth + 1)}`;
  }
  if (depth < 3 && roll < 0.35) return `(${sp()}${genSelector(r, depth + 1)}${sp()})`;
  if (roll < 0.45) return `!${sp()}${genSelector(r, depth + 1)}`.replace(/^!(\s*)([a-z])/, '!$1$2');
  const l = pick(r, LABELS);
  const v = quoted(r, pick(r, VALUES));
  switch (Math.floor(r() * 9)) {
    case 0:
      return `has(${sp()}${l}${sp()})`;
    case 1:
      return pick(r, ['all()', 'global()']);
    case 2:
      return `${l} == ${v}`;
    case 3:
      return `${l}${sp()}!=${sp()}${v}`;
    case 4:
      return `${l} ${pick(r, ['contains', 'starts with', 'startswith', 'ends  with'])} ${v}`;
    default: {
      const n = Math.floor(r() * 4);
      const vals = Array.from({ length: n }, () => quoted(r, pick(r, VALUES)));
      return `${l} ${pick(r, ['in', 'not in', 'notin'])} {${vals.join(`,${sp()}`)}${n > 0 && r() < 0.2 ? ',' : ''}}`;
    }
  }
}

function randomLabels(r: () => number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of LABELS) if (r() < 0.5) out[l] = pick(r, VALUES);
  return out;
}

const show = (s: string): string => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}...(${s.length} chars)` : s);

function timedParse(input: string): { ms: number; sel?: Selector } {
  const t0 = performance.now();
  let sel: Selector | undefined;
  try {
    sel = parseSelector(input);
  } catch (e) {
    if (!(e instanceof SelectorError)) throw new Error(`non-SelectorError for ${show(input)}: ${String(e)}`);
    expect(e.position).toBeGreaterThanOrEqual(0);
    expect(e.position).toBeLessThanOrEqual(input.length);
  }
  return { ms: performance.now() - t0, sel };
}

/**
 * Parses or throws SelectorError, within limitMs; returns the selector or undefined. A slow
 * input is timed again before failing: a slow parser is slow every time, a GC pause or a busy
 * machine is not.
 */
function check(input: string, limitMs = 100): Selector | undefined {
  const first = timedParse(input);
  if (first.ms > limitMs) {
    const again = timedParse(input);
    if (again.ms > limitMs) throw new Error(`${show(input)} took ${first.ms.toFixed(1)} ms, then ${again.ms.toFixed(1)} ms`);
  }
  return first.sel;
}

/**
 * `!(!X)` is the one shape that does not survive printing as is: Calico prints it `!!X`, which
 * reads back as X (same meaning). Compare trees with such double negations removed.
 */
function collapse(n: SelectorNode): SelectorNode {
  if (n.type === 'not') return n.operand.type === 'not' ? collapse(n.operand.operand) : { type: 'not', operand: collapse(n.operand) };
  if (n.type === 'and' || n.type === 'or') return { type: n.type, operands: n.operands.map(collapse) };
  return n;
}

function roundTrips(input: string): void {
  const sel = parseSelector(input);
  const printed = sel.toString();
  const again = parseSelector(printed);
  expect(collapse(again.root)).toEqual(collapse(sel.root));
  if (JSON.stringify(collapse(sel.root)) === JSON.stringify(sel.root)) {
    expect(again.root).toEqual(sel.root);
    expect(again.toString()).toBe(printed);
  }
}

describe('selector fuzzing', () => {
  it('5,000 random strings: SelectorError or a round-tripping selector', () => {
    const r = rng(1);
    let valid = 0;
    for (let i = 0; i < 5000; i++) {
      const s = randomChars(r);
      if (check(s)) {
        valid++;
        roundTrips(s);
      }
    }
    expect(valid).toBeGreaterThan(0);
  });

  it('5,000 token soups: SelectorError or a round-tripping selector', () => {
    const r = rng(2);
    let valid = 0;
    for (let i = 0; i < 5000; i++) {
      const s = tokenSoup(r);
      if (check(s)) {
        valid++;
        roundTrips(s);
      }
    }
    expect(valid).toBeGreaterThan(50);
  });

  it('2,000 generated valid selectors: print is a fixed point with the same meaning', () => {
    const r = rng(3);
    for (let i = 0; i < 2000; i++) {
      const s = genSelector(r);
      roundTrips(s);
      const a = compileSelector(s);
      const b = compileSelector(parseSelector(s).toString());
      for (let j = 0; j < 5; j++) {
        const labels = randomLabels(r);
        if (b(labels) !== a(labels)) throw new Error(`${s} and its canonical form differ on ${JSON.stringify(labels)}`);
      }
    }
  });

  it('100,000-character inputs take well under a second (linear time)', () => {
    const big = [
      'a'.repeat(100_000),
      ' '.repeat(100_000) + 'x',
      '"'.repeat(100_000),
      '('.repeat(100_000),
      '!'.repeat(100_000),
      'a == "x" && '.repeat(10_000) + 'b == "y"',
      `a in {${'"v", '.repeat(25_000)}}`,
      `has(${'a'.repeat(50_000)})`,
    ];
    for (const s of big) check(s, 1000);
    expect(parseSelector('a == "x" && '.repeat(10_000) + 'b == "y"').toString().length).toBeGreaterThan(100_000);
  });
});
