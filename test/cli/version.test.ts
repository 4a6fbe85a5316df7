import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

/** True when `sha` names a commit of this checkout (false outside a git checkout). */
function isCommit(sha: string): boolean {
  try {
    execFileSync('git', ['cat-file', '-e', `${sha}^{commit}`], { cwd: ROOT, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const inCheckout = (() => {
  try {
    execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('calicoctl version', () => {
  it('--client prints the client version and git commit only', async () => {
    const r = await runCli(['version', '--client']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const lines = r.stdout.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('Client Version:    v3.32.1');
    expect(lines[1]).toMatch(/^Git commit: {8}([0-9a-f]{7,}|unknown)$/);
    // Embedded at build time: a commit of this repository (not necessarily HEAD after later commits).
    if (inCheckout) expect(isCommit(lines[1]?.slice(19) ?? '')).toBe(true);
  });

  it('--client through oclif (not the fast path) prints the same', async () => {
    const fast = await runCli(['version', '--client']);
    const slow = await runCli(['version', '--client', '--config=/nonexistent']);
    expect(slow).toEqual(fast);
  });

  it('rejects an invalid --poll duration the way calicoctl v3.32 does', async () => {
    expect(await runCli(['version', '--poll=soon'])).toEqual({ code: 1, stdout: '', stderr: 'invalid poll duration specified: 0s\n' });
  });
});
