/**
 * The validation fast paths must agree with what they shortcut: the rewritten policy-name
 * regex with the original, the simple-selector recogniser with the selector parser, the port and
 * protocol shortcuts with parsePort, and the memoised label verdicts with themselves.
 */
import { describe, it, expect } from 'vitest';
import { LABEL_FMT, checkGlobalPolicyName } from '../../../src/resources/validation/names.js';
import { isSimpleValidSelector } from '../../../src/resources/validation/simple-selector.js';
import { selectorProblem } from '../../../src/resources/validation/selector.js';
import { selectorProblem as parserProblem } from '../../../src/resources/selector/index.js';
import { isNamedPort, parsePort, portProblem } from '../../../src/resources/validation/ports.js';
import { protocolNumber } from '../../../src/resources/validation/protocol.js';
import { checkLabels } from '../../../src/resources/validation/labels.js';
import { Problems } from '../../../src/resources/validation/problems.js';

/** A small deterministic generator (LCG) so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('GlobalNetworkPolicy name form (rewritten regex)', () => {
  const ORIGINAL = new RegExp(`^(${LABEL_FMT}\\.)?${LABEL_FMT}$`);
  const refused = (name: string): boolean => {
    const p = new Problems();
    checkGlobalPolicyName(p, 'Metadata.Name', name);
    return p.list.some((e) => e.reason.startsWith('name must consist of'));
  };

  it('refuses exactly what ^(LABEL\\.)?LABEL$ refuses, on every string of up to 6 characters over a-0-.A_', () => {
    const alphabet = ['a', '0', '-', '.', 'A', '_'];
    let strings = [''];
    let checked = 0;
    const wrong: string[] = [];
    for (let len = 0; len <= 6; len++) {
      for (const s of strings) {
        if (refused(s) === ORIGINAL.test(s)) wrong.push(s);
        checked++;
      }
      strings = strings.flatMap((s) => alphabet.map((c) => s + c));
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe((6 ** 7 - 1) / 5);
  });

  it('agrees on long and odd names', () => {
    for (const s of ['policy-123', 'a.b.c', 'x'.repeat(300), `${'a'.repeat(63)}.b`, 'a\n', '\na', 'é', 'a..b', 'a-.b', 'a.-b', 'tier.p-1']) {
      expect(refused(s), s).toBe(!ORIGINAL.test(s));
    }
  });
});

describe('isSimpleValidSelector', () => {
  it('accepts the common forms', () => {
    for (const s of ["app == 'web'", 'a == "b" && has(c)', '!has(x) || role != "db"', '', '   ', 'all()', "a.b/c-d_e == 'x y'", '!! has( k )', "a=='b'&&c!='d'"]) {
      expect(isSimpleValidSelector(s), s).toBe(true);
      expect(parserProblem(s), s).toBeUndefined();
    }
  });

  it('leaves everything else to the parser', () => {
    for (const s of ["a in {'x'}", "(a == 'b')", 'global()', "a == 'b", 'a == b', "a = 'b'", "!= 'x'", "a == 'b' &", "a == 'b' &&", "a == 'b'\n", 'has(a', 'has()', "a\t==\t'b' c", `${'l'.repeat(513)} == 'x'`]) {
      expect(isSimpleValidSelector(s), s).toBe(false);
    }
    expect(selectorProblem("a == 'b")).toBe(parserProblem("a == 'b"));
    expect(selectorProblem(`${'l'.repeat(513)} == 'x'`)).toBe(parserProblem(`${'l'.repeat(513)} == 'x'`));
  });

  it('accepts only selectors the parser accepts (grammar strings and one-character mutations)', () => {
    const next = rng(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    const ws = () => pick(['', '', ' ', '\t', '  ']);
    const label = () => pick(['app', 'a.b/c-d_e', 'x', 'has', 'all', 'in', 'global', 'l'.repeat(512), 'l'.repeat(513)]);
    const quoted = () => pick(["'v'", '"v"', "''", '"a\'b"', "'x y'", "'\n'"]);
    const term = (): string => {
      const bangs = pick(['', '', '!', '! ', '!!']);
      const body = pick([
        () => `${label()}${ws()}${pick(['==', '!='])}${ws()}${quoted()}`,
        () => `has(${ws()}${label()}${ws()})`,
        () => `all(${ws()})`,
      ])();
      return bangs + body;
    };
    const junk = ['(', ')', '{', '}', ',', '=', '!', '&', '|', "'", '"', ' ', '\t', '\n', 'x', 'global(', 'in', '-', '.'];
    const mutate = (s: string): string => {
      const at = Math.floor(next() * (s.length + 1));
      const how = next();
      if (how < 0.4) return s.slice(0, at) + pick(junk) + s.slice(at);
      if (how < 0.7) return s.slice(0, at) + s.slice(at + 1);
      return s.slice(0, at) + pick(junk) + s.slice(at + 1);
    };
    let accepted = 0;
    let refused = 0;
    const wrong: string[] = [];
    for (let i = 0; i < 20000; i++) {
      let s = ws() + term();
      const n = Math.floor(next() * 3);
      for (let k = 0; k < n; k++) s += `${ws()}${pick(['&&', '||'])}${ws()}${term()}`;
      s += ws();
      if (next() < 0.5) s = mutate(s);
      if (isSimpleValidSelector(s)) {
        accepted++;
        if (parserProblem(s) !== undefined) wrong.push(s);
      } else {
        refused++;
      }
    }
    expect(wrong).toEqual([]);
    // Both sides must be exercised for the test to mean anything.
    expect(accepted).toBeGreaterThan(5000);
    expect(refused).toBeGreaterThan(5000);
  });
});

describe('port and protocol shortcuts', () => {
  it('portProblem and isNamedPort agree with parsePort', () => {
    for (const v of [80, 0, 65535, 65536, 1.5, -1, '80', '0', '1:2', '2:1', '0:5', 'http', '', ':', 'a:b', null, undefined, true, {}, []]) {
      const parsed = parsePort(v);
      expect(portProblem(v), JSON.stringify(v)).toBe(parsed.kind === 'invalid' ? parsed.reason : undefined);
      expect(isNamedPort(v), JSON.stringify(v)).toBe(parsed.kind === 'named');
    }
  });

  it('protocolNumber reads names before digits', () => {
    expect(protocolNumber('TCP')).toBe(6);
    expect(protocolNumber('17')).toBe(17);
    expect(protocolNumber('0')).toBeUndefined();
    // Object.prototype's names are not protocols.
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(protocolNumber(name)).toBeUndefined();
    expect(protocolNumber('256')).toBeUndefined();
    expect(protocolNumber('tcp')).toBeUndefined();
  });
});

describe('memoised label verdicts', () => {
  it('report a bad key and value the same way every time', () => {
    const run = (): string[] => {
      const p = new Problems();
      checkLabels(p, { 'a/b/c': 'ok', good: '-bad-', 'example.com/x': 'v' });
      return p.list.map((e) => `${e.field}|${e.reason}|${String(e.value)}`);
    };
    const first = run();
    expect(first).toHaveLength(2);
    expect(first[0]).toMatch(/^Metadata\.Labels \(label\)\|a qualified name must consist of/);
    expect(first[1]).toMatch(/^Metadata\.Labels \(value\)\|a valid label must be an empty string/);
    expect(run()).toEqual(first);
  });
});
