/**
 * The fast path (src/main.ts, manifest only) and oclif's own run() with our Help class must print
 * exactly the same help. CALICOCTL_NO_FASTPATH=1 sends everything through oclif.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as { commands: Record<string, unknown> };
const helpArgs = [['--help'], ['-h'], ...Object.keys(manifest.commands).map((id) => [...id.split(':'), '--help'])];
const bins = [join(ROOT, 'bin', 'calicoctl.js'), join(ROOT, 'bin', 'kubectl-calico')];
const cases = bins.flatMap((bin) => helpArgs.map((args) => [bin.split('/').pop(), args, bin] as const));

describe('fast path output equals oclif output', () => {
  it.each(cases)('%s %j', async (_name, args, bin) => {
    const fast = await runCli([...args], { bin });
    const oclif = await runCli([...args], { bin, env: { CALICOCTL_NO_FASTPATH: '1' } });
    expect(fast.code).toBe(0);
    expect(oclif).toEqual(fast);
  });

  it('version --client', async () => {
    const fast = await runCli(['version', '--client']);
    expect(await runCli(['version', '--client'], { env: { CALICOCTL_NO_FASTPATH: '1' } })).toEqual(fast);
  });
});
