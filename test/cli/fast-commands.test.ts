/**
 * get/apply/create/replace without @oclif/core (src/cli/flags.ts, src/cli/fast-commands.ts):
 * plain argv is parsed from the manifest and gives exactly what oclif gives (same stdout,
 * stderr, exit code and stored data, compared with CALICOCTL_OCLIF_COMMANDS=1 which runs
 * the commands through oclif); anything unusual is left to oclif.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommandArgv } from '../../src/cli/flags.js';
import type { HelpCommand } from '../../src/cli/helpdata.js';
import { startEtcd, type EtcdInstance } from '../helpers/etcd.js';
import { ROOT, etcdEnv, runCli } from '../helpers/cli.js';

const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as { commands: Record<string, HelpCommand> };
const get = manifest.commands.get!;
const apply = manifest.commands.apply!;
const create = manifest.commands.create!;

describe('parseCommandArgv', () => {
  it('parses the plain forms, with the manifest defaults', () => {
    expect(parseCommandArgv(get, ['ippools', 'a', 'b', '-o', 'yaml', '--config=/c.cfg', '-A', '--export'])).toEqual({
      flags: { output: 'yaml', config: '/c.cfg', 'all-namespaces': true, export: true, 'log-level': 'panic' },
      argv: ['ippools', 'a', 'b'],
    });
    expect(parseCommandArgv(get, ['-owide', 'nodes', '-l', 'a == "b"', '-n=ns'])?.flags).toMatchObject({ output: 'wide', selector: 'a == "b"', namespace: 'ns' });
    // `-a` is an alias of --all-namespaces; get's -l is the selector, not the log level.
    expect(parseCommandArgv(get, ['pol', '-a'])?.flags['all-namespaces']).toBe(true);
    expect(parseCommandArgv(apply, ['-f', '-'])).toEqual({
      flags: { filename: '-', config: '/etc/calico/calicoctl.cfg', 'log-level': 'panic' },
      argv: [],
    });
    expect(parseCommandArgv(create, ['--filename', 'x.yaml', '--skip-exists', '-R', '--skip-empty'])?.flags).toMatchObject({
      filename: 'x.yaml', 'skip-exists': true, recursive: true, 'skip-empty': true,
    });
  });

  it.each([
    ['unknown flag', get, ['ippools', '--nope']],
    ['repeated option', get, ['ippools', '-o', 'yaml', '--output', 'json']],
    ['repeated boolean', get, ['ippools', '-A', '-A']],
    ['--', get, ['--', 'ippools']],
    ['bundled short flags', apply, ['-Rf', 'x']],
    ['boolean with a value', apply, ['-f', 'x', '--recursive=true']],
    ['missing value', get, ['ippools', '-o']],
    ['value that looks like a flag', get, ['ippools', '-o', '--export']],
    ['empty value', get, ['ippools', '--output=']],
    ['missing required flag', apply, []],
    ['positional word for a command without args', apply, ['-f', 'x', 'extra']],
  ])('leaves %s to oclif', (_why, cmd, argv) => {
    expect(parseCommandArgv(cmd, argv)).toBeUndefined();
  });
});

describe('same results as through oclif', () => {
  let etcd: EtcdInstance;
  let dir: string;
  let env: Record<string, string>;
  let hook: string;
  const POOLS = 'apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p1, labels: {env: prod}}\nspec: {cidr: 10.1.0.0/16}\n---\n' +
    'apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p2}\nspec: {cidr: 10.2.0.0/16}\n';
  const BAD = 'apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p3}\nspec: {cidr: 10.3.0.0/16, blockSize: 99}\n';

  beforeAll(async () => {
    etcd = await startEtcd();
    env = etcdEnv(etcd.endpoint);
    dir = mkdtempSync(join(tmpdir(), 'fast-commands-'));
    writeFileSync(join(dir, 'pools.yaml'), POOLS);
    writeFileSync(join(dir, 'bad.yaml'), BAD);
    // Reports on stderr whether @oclif/core was loaded (to tell the two paths apart).
    hook = join(dir, 'hook.mjs');
    writeFileSync(hook, "import { register } from 'node:module';\nregister('data:text/javascript,' + encodeURIComponent(" +
      "\"export async function resolve(s, c, n) { const r = await n(s, c); if (r.url.includes('/@oclif/core/')) (await import('node:fs')).appendFileSync(process.env.OCLIF_SEEN, '1'); return r; }\"));\n");
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await etcd?.stop();
  });

  const seed = async () => {
    etcd.wipe();
    const r = await runCli(['apply', '-f', join(dir, 'pools.yaml')], { env });
    expect(r.code).toBe(0);
  };
  const state = () => etcd.etcdctl(['get', '--prefix', '/calico/resources/v3/projectcalico.org/ippools/', '--print-value-only'])
    .replace(/"uid":"[^"]*"/g, '"uid":"-"').replace(/"creationTimestamp":"[^"]*"/g, '"creationTimestamp":"-"');

  const cases: string[][] = [
    ['get', 'ippools'],
    ['get', 'ippools', '-o', 'yaml'],
    ['get', 'ippool', 'p1', 'nope', '-o', 'json'],
    ['get', 'ippools', '-l', 'env == "prod"', '-o', 'name'],
    ['get', 'ippools', '-l', 'env ==', '-o', 'name'],
    ['get', 'nosuchkind'],
    ['get', 'ippools', '-n', 'x'],
    ['get', 'ippools', '-o', 'bogus'],
    ['get', 'ippools', '--nope'],
    ['get', '-f', 'POOLS', '-o', 'wide'],
    ['get'],
    ['apply', '-f', 'POOLS'],
    ['apply', '-f', 'BAD'],
    ['apply', '-f', '/no/such/file.yaml'],
    ['create', '-f', 'POOLS'],
    ['create', '-f', 'POOLS', '--skip-exists'],
    ['replace', '-f', 'POOLS'],
    ['apply', '-f', 'POOLS', '-c', '/no/such/calicoctl.cfg'],
    ['apply'],
    ['apply', '-f', 'POOLS', 'extra'],
  ];

  it.each(cases)('%j', async (...args) => {
    const argv = args.map((a) => (a === 'POOLS' ? join(dir, 'pools.yaml') : a === 'BAD' ? join(dir, 'bad.yaml') : a));
    const results = [];
    for (const oclif of [false, true]) {
      await seed();
      const r = await runCli(argv, { env: { ...env, CALICOCTL_OCLIF_COMMANDS: oclif ? '1' : undefined } });
      // Revisions differ between the two runs (the data is written again for each).
      const norm = (t: string) => t
        .replace(/("?resourceVersion"?: )"\d+"/g, '$1"-"')
        .replace(/("?uid"?: )"?[0-9a-f-]{36}"?/g, '$1-')
        .replace(/("?creationTimestamp"?: )"[^"]+"/g, '$1-');
      results.push({ code: r.code, stdout: norm(r.stdout), stderr: norm(r.stderr), stored: state() });
    }
    expect(results[0]).toEqual(results[1]);
  });

  it('plain argv does not load @oclif/core; argv left to oclif does', async () => {
    const seen = join(dir, 'seen');
    const run = async (argv: string[]) => {
      rmSync(seen, { force: true });
      await runCli(argv, { env: { ...env, OCLIF_SEEN: seen, NODE_OPTIONS: `--import=${hook}` } });
      try {
        return readFileSync(seen, 'utf8').length > 0;
      } catch {
        return false;
      }
    };
    await seed();
    expect(await run(['get', 'ippools'])).toBe(false);
    expect(await run(['apply', '-f', join(dir, 'pools.yaml')])).toBe(false);
    expect(await run(['get', 'ippools', '--nope'])).toBe(true);
  });
});
