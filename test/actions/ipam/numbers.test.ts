import { describe, expect, it } from 'vitest';
import { countWithPercent, formatG5 } from '../../../src/actions/ipam/numbers.js';

describe('ipam show numbers', () => {
  it('formats like Go %.5g', () => {
    expect([64, 65536, 1048576, 2 ** 80, 0, 0.5].map(formatG5)).toEqual(['64', '65536', '1.0486e+06', '1.2089e+24', '0', '0.5']);
  });
  it('prints N (P%) with P rounded half to even', () => {
    expect(countWithPercent(5n, 64n)).toBe('5 (8%)');
    expect(countWithPercent(59n, 64n)).toBe('59 (92%)');
    expect(countWithPercent(1n, 8n)).toBe('1 (12%)'); // 12.5 → 12
    expect(countWithPercent(65531n, 65536n)).toBe('65531 (100%)');
  });
});
