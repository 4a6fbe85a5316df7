import { describe, expect, it } from 'vitest';
import { parseGoDuration } from '../../src/cli/duration.js';

describe('parseGoDuration', () => {
  it.each([
    ['0', 0],
    ['1s', 1000],
    ['10m', 600_000],
    ['2h', 7_200_000],
    ['1m30s', 90_000],
    ['1.5h', 5_400_000],
    ['300ms', 300],
    ['-1s', -1000],
    ['+2s', 2000],
  ])('%s → %d ms', (text, ms) => expect(parseGoDuration(text)).toBe(ms));

  it.each(['', '1', 's', '1x', '1s2', 'abc', '.s', '10 s', '1d'])('rejects %j', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});
