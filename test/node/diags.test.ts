/** `node diags`: the bundle holds the command dumps, the node's logs and runtime files. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { isRoot, removeDir, tempRunDir } from './bird-helpers.js';

describe.skipIf(!isRoot)('node diags', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeDir));

  it('writes diags-YYYYMMDD_HHMMSS.tar.gz with the dumps, logs and run dir', async () => {
    const logDir = tempRunDir('diaglog');
    const runDir = tempRunDir('diagrun');
    dirs.push(logDir, runDir);
    mkdirSync(join(logDir, 'bird'));
    writeFileSync(join(logDir, 'agent.log'), 'agent started\n');
    writeFileSync(join(logDir, 'bird', 'current'), 'bird log line\n');
    writeFileSync(join(runDir, 'bird.cfg'), 'router id 10.0.0.1;\n');
    writeFileSync(join(runDir, 'expected-peers.json'), '[]');

    const r = await runCli(['node', 'diags', '--log-dir', logDir, '--run-dir', runDir], { timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Collecting diagnostics');
    expect(lines[1]).toMatch(/^Using temp dir: \/.*calico\w+$/);
    expect(r.stdout).toContain('Dumping routes (IPv4)\nDumping routes (IPv6)\nDumping interface info (IPv4)\n');
    expect(r.stdout).toContain('Copying Calico logs\n');
    const m = /\nDiags saved to (\/\S+\/diags-\d{8}_\d{6}\.tar\.gz)\nIf required, you can upload the diagnostics bundle to a file sharing service\.\n$/.exec(r.stdout);
    expect(m).not.toBeNull();
    const tarball = m![1]!;
    dirs.push(dirname(tarball));
    const list = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).stdout.split('\n');
    for (const f of ['diagnostics/date', 'diagnostics/hostname', 'diagnostics/ipv4_route', 'diagnostics/ipv4_addr',
      'diagnostics/logs/agent.log', 'diagnostics/logs/bird/current', 'diagnostics/run/bird.cfg', 'diagnostics/run/expected-peers.json']) {
      expect(list).toContain(f);
    }
    const out = join(dirname(tarball), 'x');
    mkdirSync(out);
    spawnSync('tar', ['-xzf', tarball, '-C', out]);
    expect(readFileSync(join(out, 'diagnostics', 'run', 'bird.cfg'), 'utf8')).toBe('router id 10.0.0.1;\n');
    expect(readFileSync(join(out, 'diagnostics', 'ipv4_route'), 'utf8')).toBe(spawnSync('ip', ['-4', 'route'], { encoding: 'utf8' }).stdout);
  });

  it('reports a command that cannot run and carries on', async () => {
    const logDir = tempRunDir('diaglog2');
    dirs.push(logDir);
    // A PATH with only what the bundle itself needs: `ip` and the rest are missing.
    const bin = join(logDir, 'bin');
    mkdirSync(bin);
    for (const tool of ['tar', 'gzip', 'date', 'hostname']) {
      const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
      if (found) symlinkSync(found, join(bin, tool));
    }
    const r = await runCli(['node', 'diags', '--log-dir', logDir, '--run-dir', logDir], { env: { PATH: bin }, timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Failed to run command: ip -4 route\nError: exec: "ip": executable file not found in $PATH\n');
    const m = /Diags saved to (\S+)/.exec(r.stdout);
    dirs.push(dirname(m![1]!));
  });
});
