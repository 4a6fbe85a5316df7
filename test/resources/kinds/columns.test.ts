import { describe, it, expect } from 'vitest';
import { goFloat, goFloatPointer, goPointer, goValue, join, joinAndTruncate } from '../../../src/resources/kinds/columns.js';
import { check, res } from './util.js';

describe('Go-style cell formatting', () => {
  it.each([
    [0, '0'],
    [100, '100'],
    [999999, '999999'],
    [1000000, '1e+06'],
    [10000000, '1e+07'],
    [1234567, '1.234567e+06'],
    [2.5, '2.5'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [-1500000, '-1.5e+06'],
  ])('goFloat(%d) = %s', (n, want) => {
    expect(goFloat(n)).toBe(want);
  });

  it('prints pointers, scalars and lists as Go templates do', () => {
    expect(goPointer(undefined)).toBe('<nil>');
    expect(goPointer(false)).toBe('false');
    expect(goFloatPointer(undefined)).toBe('<nil>');
    expect(goValue(undefined)).toBe('');
    expect(goValue(64512)).toBe('64512');
    expect(join(['a', 'b'])).toBe('a,b');
    expect(join({ b: '2', a: '1' })).toBe('a=1,b=2');
    expect(join(undefined)).toBe('');
  });

  it('truncates joined lists to max with ... at the end', () => {
    expect(joinAndTruncate(['abc', 'def'], ',', 80)).toBe('abc,def');
    expect(joinAndTruncate(['abcdef', 'ghijkl'], ',', 10)).toBe('abcdef,...');
    expect(joinAndTruncate(['abcdefghij'], ',', 10)).toBe('abcdefghij');
  });
});

describe('the table-driven check helper', () => {
  it('fails when an expected problem is missing and when a valid case has problems', () => {
    expect(() => check({ name: 'x', r: res('Tier', 'ok', {}), expect: ['some problem'] })).toThrow(/expected a problem/);
    expect(() => check({ name: 'x', r: res('Tier', 'a.b', {}), expect: [] })).toThrow(/expected valid/);
    expect(() => check({ name: 'x', r: res('Tier', 'a.b', {}), expect: ['Metadata.Name'] })).not.toThrow();
  });
});
