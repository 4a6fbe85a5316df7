// `get -l/--selector`: Calico selectors over metadata.labels, through the built CLI on a real etcd.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdInstance } from '../helpers/etcd.js';
import { etcdEnv, runCli } from '../helpers/cli.js';

let etcd: EtcdInstance;
let env: Record<string, string>;
const cli = (...args: string[]) => runCli(args, { env });

const pool = (name: string, cidr: string, labels: Record<string, string>) =>
  `apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: ${name}\n  labels: ${JSON.stringify(labels)}\nspec:\n  cidr: ${cidr}\n`;

const POOLS = [
  pool('prod-a', '10.1.0.0/16', { env: 'prod', tier: 'web' }),
  pool('prod-b', '10.2.0.0/16', { env: 'prod' }),
  pool('dev-a', '10.3.0.0/16', { env: 'dev', tier: 'web' }),
  pool('bare', '10.4.0.0/16', {}),
].join('---\n');

beforeAll(async () => {
  etcd = await startEtcd();
  env = etcdEnv(etcd.endpoint);
  const r = await runCli(['apply', '-f', '-'], { env, stdin: POOLS });
  expect(r).toMatchObject({ code: 0, stdout: "Successfully applied 4 'IPPool' resource(s)\n" });
});
afterAll(async () => etcd?.stop());

describe('get -l', () => {
  it('lists only the resources whose labels match', async () => {
    const r = await cli('get', 'ippools', '-l', 'env == "prod"');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const names = r.stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/)[0]);
    expect(r.stdout.split('\n')[0]).toMatch(/^NAME\s+CIDR\s+SELECTOR/);
    expect(names).toEqual(['prod-a', 'prod-b']);
  });

  it('supports the whole language, with -o name and --selector=', async () => {
    const names = async (...args: string[]) => {
      const r = await cli('get', 'ippools', '-o', 'name', ...args);
      expect(r.stderr).toBe('');
      return r.stdout.trim().split('\n').filter(Boolean);
    };
    expect(await names('-l', 'has(tier) && env in {"dev", "test"}')).toEqual(['ippool/dev-a']);
    expect(await names('--selector=!has(env)')).toEqual(['ippool/bare']);
    expect(await names('--selector', "env != 'prod'")).toEqual(['ippool/bare', 'ippool/dev-a']);
  });

  it('rejects an invalid selector before contacting the datastore', async () => {
    // An endpoint nobody listens on: the error must be the selector's, not a connection failure.
    const r = await runCli(['get', 'ippools', '-l', 'env = prod'], { env: etcdEnv('http://127.0.0.1:1') });
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'invalid selector "env = prod": expected == at position 4\n' });
  });

  it('refuses a selector together with names or --filename', async () => {
    const named = await cli('get', 'ippools', 'prod-a', '-l', 'env == "prod"');
    expect(named.code).toBe(1);
    expect(named.stderr).toMatch(/cannot be combined with resource names/);
    const byFile = await cli('get', '-f', '-', '-l', 'has(env)');
    expect(byFile.code).toBe(1);
    expect(byFile.stderr).toMatch(/cannot be combined with --filename/);
  });

  it('keeps -l as the log level before the command, and --log-level after it', async () => {
    const before = await cli('-l', 'debug', 'get', 'ippools', '-o', 'name');
    expect(before.code).toBe(0);
    expect(before.stdout.trim().split('\n')).toHaveLength(4);
    const after = await cli('get', 'ippools', '--log-level', 'info', '-o', 'name', '-l', 'tier == "web"');
    expect(after).toMatchObject({ code: 0, stdout: 'ippool/dev-a\nippool/prod-a\n' });
  });
});
