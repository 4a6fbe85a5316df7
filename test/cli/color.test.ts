import { describe, expect, it } from 'vitest';
import { useColor } from '../../src/cli/color.js';

const tty = { isTTY: true } as const;
const pipe = { isTTY: false } as const;

describe('useColor', () => {
  it.each([
    ['a terminal', tty, {}, true],
    ['a pipe', pipe, {}, false],
    ['a stream without isTTY', {}, {}, false],
    ['NO_COLOR=1 on a terminal', tty, { NO_COLOR: '1' }, false],
    ['NO_COLOR set but empty', tty, { NO_COLOR: '' }, false],
    ['TERM=dumb', tty, { TERM: 'dumb' }, false],
    ['TERM=xterm-256color', tty, { TERM: 'xterm-256color' }, true],
    ['FORCE_COLOR on a pipe (not supported)', pipe, { FORCE_COLOR: '1' }, false],
  ])('%s', (_name, stream, env, expected) => {
    expect(useColor(stream as { isTTY?: boolean } as NodeJS.WriteStream, env as Record<string, string>)).toBe(expected);
  });
});
