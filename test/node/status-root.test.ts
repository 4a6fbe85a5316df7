/** node status/checksystem/diags refuse to run without root, with calicoctl's message on stdout. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';

const SETPRIV = '/usr/bin/setpriv';
const AS_NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups'];
// The checkout must be readable by that user (it may not be, e.g. under /root).
const readable = (): boolean => spawnSync(SETPRIV, [...AS_NOBODY, 'test', '-r', BIN]).status === 0;
const skip = process.getuid?.() !== 0 || !existsSync(SETPRIV) || !readable();
if (skip) console.warn('skipping unprivileged node command tests: needs root, setpriv and a checkout readable by uid 65534');

describe.skipIf(skip)('node commands as an unprivileged user', () => {
  it.each([['status'], ['checksystem'], ['diags']])('node %s', (cmd) => {
    const r = spawnSync(SETPRIV, [...AS_NOBODY, process.execPath, BIN, 'node', cmd], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/tmp', NO_COLOR: '1' },
    });
    expect(r.stdout).toBe('Need super user privileges: Operation not permitted\n');
    expect(r.status).toBe(1);
  });
});
