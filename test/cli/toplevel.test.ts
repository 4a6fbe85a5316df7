import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const INVALID = "Use flag '--help' to read about a specific subcommand.\n";
const noStack = (s: string) => expect(s).not.toMatch(/^\s+at /m);

describe('top-level behaviour', () => {
  it('--version points at the version command', async () => {
    expect(await runCli(['--version'])).toEqual({ code: 0, stderr: '', stdout: "Run 'calicoctl version' to see version information.\n" });
  });

  it('no arguments: usage on stderr, Invalid option on stdout, exit 1', async () => {
    expect(await runCli([])).toEqual({
      code: 1,
      stderr: 'Usage:\n  calicoctl [options] <command> [<args>...]\n',
      stdout: `Invalid option: ''. ${INVALID}`,
    });
  });

  it('a bad top-level option is reported with all the arguments', async () => {
    const r = await runCli(['--allow-version-mismatch', '-m']);
    expect(r).toMatchObject({ code: 1, stdout: `Invalid option: '--allow-version-mismatch -m'. ${INVALID}` });
    expect(r.stderr).toBe('Usage:\n  calicoctl [options] <command> [<args>...]\n');
  });

  it('unknown command: message and the full help on stderr, exit 1', async () => {
    const help = (await runCli(['--help'])).stdout;
    expect(await runCli(['foo', 'bar'])).toEqual({ code: 1, stdout: '', stderr: `unknown command: "foo"\n${help}` });
  });

  it.each([
    [['-l', 'foo', 'version', '--client'], 'foo'],
    [['--log-level=LOUD', 'version'], 'LOUD'],
  ])('bad log level %j', async (args, level) => {
    expect(await runCli(args)).toEqual({
      code: 1,
      stderr: '',
      stdout: `Unknown log level: ${level}, expected one of: \npanic, fatal, error, warn, info, debug.\n`,
    });
  });

  it.each([['-l', 'debug'], ['--log-level', 'INFO'], ['-lwarn'], ['--log=error']])('accepts log level %j', async (...level) => {
    const r = await runCli([...level, 'version', '--client']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Client Version: {4}v/);
  });

  it.each([
    [['version', '--bogus'], 'Nonexistent flag: --bogus'],
    [['version', 'extra'], 'Unexpected argument: extra'],
    [['version', '--poll'], 'Flag --poll expects a value'],
  ])('usage error %j: reason and the command usage on stderr, exit 1', async (args, reason) => {
    const r = await runCli(args);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^${reason}\\nUsage:\\n  calicoctl version \\[--config=<CONFIG>\\]`));
    noStack(r.stderr);
  });

  it('usage errors through the kubectl plugin show kubectl-calico usage', async () => {
    const r = await runCli(['version', '--bogus'], { bin: `${process.cwd()}/bin/kubectl-calico` });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Usage:\n  kubectl-calico version');
  });
});
