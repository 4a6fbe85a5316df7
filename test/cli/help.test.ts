import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const KUBECTL = join(ROOT, 'bin', 'kubectl-calico');
const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as {
  commands: Record<string, { id: string; listsResourceTypes?: boolean }>;
};
const ids = Object.keys(manifest.commands);
const words = (id: string) => id.split(':');

describe('top-level help', () => {
  it.each([['--help'], ['-h'], ['help']])('%s prints the usage on stdout and exits 0', async (flag) => {
    const r = await runCli([flag]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout.startsWith('Usage:\n  calicoctl [options] <command> [<args>...]\n\n')).toBe(true);
    expect(r.stdout).toContain('    version      Display the version of this binary.\n');
    expect(r.stdout).toContain('  -h --help                    Show this screen.\n');
    expect(r.stdout).toContain('  -l --log-level=<level>       Set the log level (one of panic, fatal, error,\n');
    expect(r.stdout).toContain('  The calicoctl command line tool is used to manage Calico network and security\n');
    expect(r.stdout.endsWith("  See 'calicoctl <command> --help' to read about a specific subcommand.\n")).toBe(true);
  });

  it('lists every top-level command of the manifest', async () => {
    const { stdout } = await runCli(['--help']);
    for (const first of new Set(ids.map((id) => words(id)[0]))) expect(stdout).toMatch(new RegExp(`^ {4}${first} +\\S`, 'm'));
  });

  it('says kubectl-calico when run as a kubectl plugin', async () => {
    const r = await runCli(['--help'], { bin: KUBECTL });
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('Usage:\n  kubectl-calico [options] <command> [<args>...]\n')).toBe(true);
    expect(r.stdout).toContain('The calico kubectl plugin is used to manage');
    expect(r.stdout).toContain('kubectl calico');
    expect(r.stdout).not.toMatch(/(?<![\w/.-])calicoctl(?![\w/.-])/);
  });
});

describe('command help', () => {
  it.each(ids)('%s --help: docopt layout on stdout, exit 0', async (id) => {
    const r = await runCli([...words(id), '--help']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(new RegExp(`^(.*\\n)*Usage:\\n  calicoctl ${words(id).join(' ')}( |\\n)`));
    expect(r.stdout).toContain('\nOptions:\n  -h --help                    Show this screen.\n');
    // Every option description starts at column 31; an option too long for that column (such
    // as calicoctl's --ip-autodetection-method=...) stands alone and its description follows.
    for (const line of r.stdout.split('\n').filter((l) => /^ {2}(-\w| {3})--\S/.test(l))) {
      const alone = !/\S {2,}\S/.test(line.trim());
      expect(line.length === line.trimEnd().length && (line.length <= 31 || line[30] === ' ' || alone), line).toBe(true);
    }
  });

  it('-h anywhere in the arguments prints that command\'s help', async () => {
    const a = await runCli(['version', '--client', '-h']);
    const b = await runCli(['version', '--help']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect((await runCli(['help', 'version'])).stdout).toBe(b.stdout);
  });

  it('version help', async () => {
    const { stdout } = await runCli(['version', '-h']);
    expect(stdout).toContain('Usage:\n  calicoctl version [--config=<CONFIG>] [--poll=<POLL>]\n');
    expect(stdout).toContain('     --client                  Display only the client version.\n');
    expect(stdout).toContain('  -c --config=<CONFIG>         ');
    expect(stdout).toContain('                               [default: /etc/calico/calicoctl.cfg]\n');
  });

  it('kubectl-calico naming in command help', async () => {
    const { stdout, code } = await runCli(['version', '--help'], { bin: KUBECTL });
    expect(code).toBe(0);
    expect(stdout).toContain('Usage:\n  kubectl-calico version [--config=<CONFIG>]');
    expect(stdout).not.toMatch(/(?<![\w/.-])calicoctl(?![\w/.-])/);
  });

  const resourceCommands = ids.filter((id) => manifest.commands[id]?.listsResourceTypes);
  const registryBuilt = existsSync(join(ROOT, 'dist', 'resources', 'registry.js'));
  it.skipIf(!resourceCommands.length || !registryBuilt)('resource commands list the valid resource types', async () => {
    for (const id of resourceCommands) {
      const { stdout } = await runCli([...words(id), '--help']);
      expect(stdout).toMatch(/\n {2}Valid resource types are:\n\n( {4}- [a-z]+\n)+/);
      expect(stdout).toContain('    - ippool\n');
    }
  });
});
