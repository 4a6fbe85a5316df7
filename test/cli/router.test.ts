import { describe, expect, it } from 'vitest';
import type { HelpCommand } from '../../src/cli/helpdata.js';
import { route } from '../../src/cli/router.js';

const cmd = (id: string, flags: string[] = []): HelpCommand => ({
  id,
  args: {},
  flags: Object.fromEntries(flags.map((name) => [name, { name, type: 'option' }])),
});
const commands = [
  cmd('get', ['log-level', 'context', 'allow-version-mismatch', 'output']),
  cmd('version'),
  cmd('ipam:show', ['allow-version-mismatch']),
  cmd('datastore:migrate:lock'),
];

describe('route', () => {
  it.each([
    [[], { action: 'invalid-option', args: [] }],
    [['-h'], { action: 'help', words: [] }],
    [['--help'], { action: 'help', words: [] }],
    [['--he'], { action: 'help', words: [] }], // docopt: unique prefix
    [['help'], { action: 'help', words: [] }],
    [['help', 'get'], { action: 'help', words: ['get'] }],
    [['--version'], { action: 'version-flag' }],
    [['--allow-version-mismatch', '-m'], { action: 'invalid-option', args: ['--allow-version-mismatch', '-m'] }],
    [['--log-level'], { action: 'invalid-option', args: ['--log-level'] }],
    [['-l', 'debug'], { action: 'invalid-option', args: ['-l', 'debug'] }],
    [['-l', 'foo', 'get'], { action: 'bad-log-level', level: 'foo' }],
    [['--log-level=verbose', 'get'], { action: 'bad-log-level', level: 'verbose' }],
    [['foo'], { action: 'unknown-command', name: 'foo' }],
    [['get', 'ippool', '-h'], { action: 'help', words: ['get'] }],
    [['get', '--', '-h'], { action: 'run', id: 'get', argv: ['--', '-h'] }],
    [['ipam'], { action: 'topic', id: 'ipam' }],
    [['ipam', 'nope'], { action: 'topic', id: 'ipam' }],
    [['ipam', '--help'], { action: 'help', words: ['ipam'] }],
    [['ipam', 'show', '--help'], { action: 'help', words: ['ipam', 'show'] }],
    [['datastore', 'migrate'], { action: 'topic', id: 'datastore:migrate' }],
  ] as const)('%j', (args, expected) => {
    expect(route(args, commands)).toMatchObject(expected);
  });

  it('runs a nested command with the words after it', () => {
    expect(route(['datastore', 'migrate', 'lock', '-c', 'x'], commands)).toMatchObject({
      action: 'run',
      id: 'datastore:migrate:lock',
      argv: ['-c', 'x'],
    });
  });

  it('keeps global options and forwards those the command declares', () => {
    const r = route(['-l', 'DEBUG', '--context=kind', '--allow-version-mismatch', 'get', 'ippool'], commands);
    expect(r).toEqual({
      action: 'run',
      id: 'get',
      argv: ['--log-level=debug', '--context=kind', '--allow-version-mismatch', 'ippool'],
      globals: { logLevel: 'debug', context: 'kind', allowVersionMismatch: true },
    });
  });

  it('does not forward what the command does not declare or already has', () => {
    expect(route(['--allow-version-mismatch', 'version'], commands)).toMatchObject({ argv: [] });
    expect(route(['--context', 'a', 'get', '--context=b'], commands)).toMatchObject({ argv: ['--context=b'] });
  });

  it('accepts -lvalue and logrus spellings', () => {
    expect(route(['-lwarning', 'version'], commands)).toMatchObject({ action: 'run', globals: { logLevel: 'warning' } });
  });
});
