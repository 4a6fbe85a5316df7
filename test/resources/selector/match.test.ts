import { describe, expect, it } from 'vitest';
import { compileSelector, matches, parseSelector } from '../../../src/resources/selector/index.js';

type Labels = Record<string, string>;
const none: Labels = {};
const ab: Labels = { a: 'b' };
const ac: Labels = { a: 'c' };
const empty: Labels = { a: '' };

// [selector, labels, expected]
const cases: Array<[string, Labels, boolean]> = [
  ['', none, true],
  ['all()', none, true],
  ['global()', ab, true],
  ['a == "b"', ab, true],
  ['a == "b"', ac, false],
  ['a == "b"', none, false],
  ['a == ""', empty, true],
  ['a == ""', none, false],
  ['a != "b"', ab, false],
  ['a != "b"', ac, true],
  ['a != "b"', none, true],
  ['a in {"b", "c"}', ab, true],
  ['a in {"b", "c"}', ac, true],
  ['a in {"x", "y"}', ab, false],
  ['a in {"b"}', none, false],
  ['a in {}', ab, false],
  ['a in {}', none, false],
  ['a not in {"b", "c"}', ab, false],
  ['a not in {"x", "y"}', ab, true],
  ['a not in {"b"}', none, true],
  ['a not in {}', none, true],
  ['a not in {}', ab, true],
  ['has(a)', ab, true],
  ['has(a)', empty, true],
  ['has(a)', none, false],
  ['!has(a)', none, true],
  ['!has(a)', ab, false],
  ['!!has(a)', ab, true],
  ['!a == "x"', none, true],
  ['!a == "b"', ab, false],
  ['a contains "ell"', { a: 'hello' }, true],
  ['a contains ""', empty, true],
  ['a contains "x"', none, false],
  ['a contains "ELL"', { a: 'hello' }, false],
  ['a starts with "he"', { a: 'hello' }, true],
  ['a starts with "lo"', { a: 'hello' }, false],
  ['a starts with ""', none, false],
  ['a ends with "lo"', { a: 'hello' }, true],
  ['a ends with "he"', { a: 'hello' }, false],
  ['a ends with "x"', none, false],
  ['a == "b" && c == "d"', { a: 'b', c: 'd' }, true],
  ['a == "b" && c == "d"', { a: 'b' }, false],
  ['a == "b" && c == "d" && has(e)', { a: 'b', c: 'd', e: '' }, true],
  ['a == "b" || c == "d"', { c: 'd' }, true],
  ['a == "b" || c == "d"', { c: 'x' }, false],
  ['a == "x" || a == "y" || a == "b"', ab, true],
  ['a == "x" || b == "y" && c == "z"', { b: 'y', c: 'z' }, true],
  ['a == "x" || b == "y" && c == "z"', { b: 'y' }, false],
  ['(a == "x" || b == "y") && c == "z"', { a: 'x' }, false],
  ['!(a == "b" && c == "d")', { a: 'b', c: 'd' }, false],
  ['!(a == "b" && c == "d")', ab, true],
  ['calico/k8s_ns == "kube-system"', { 'calico/k8s_ns': 'kube-system' }, true],
  ['a == "\u00e9\u{1F600}"', { a: '\u00e9\u{1F600}' }, true],
  // Inherited properties of plain objects are not labels.
  ['has(constructor)', none, false],
  ['has(__proto__)', none, false],
  ['toString != "x"', none, true],
  ['constructor not in {"x"}', none, true],
  ['has(constructor)', { constructor: 'yes' }, true],
];

describe('matching', () => {
  it.each(cases)('%j on %j → %s', (sel, labels, want) => {
    expect(compileSelector(sel)(labels)).toBe(want);
    expect(parseSelector(sel).matches(labels)).toBe(want);
    expect(matches(sel, labels)).toBe(want);
    // The canonical form means the same thing.
    expect(compileSelector(parseSelector(sel).toString())(labels)).toBe(want);
  });

  it('works on null-prototype label objects', () => {
    const labels = Object.assign(Object.create(null) as Labels, { a: 'b' });
    expect(compileSelector('a == "b" && !has(c)')(labels)).toBe(true);
  });

  it('reuses one compiled predicate across many label sets', () => {
    const m = compileSelector('env == "prod" && tier in {"web", "db"} && !has(deprecated)');
    const sets: Labels[] = [
      { env: 'prod', tier: 'web' },
      { env: 'prod', tier: 'db', deprecated: '' },
      { env: 'dev', tier: 'web' },
      { env: 'prod', tier: 'cache' },
    ];
    expect(sets.map(m)).toEqual([true, false, false, false]);
  });
});
