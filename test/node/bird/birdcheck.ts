/** Runs the real BIRD 2 parser (`bird -p -c`) on rendered config files in a temp dir. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Why BIRD cannot be run here, or undefined when `bird` is on PATH. */
export function birdMissing(): string | undefined {
  const r = spawnSync('bird', ['--version'], { encoding: 'utf8' });
  return r.error ? 'the bird binary (Debian bird2) is not installed' : undefined;
}

/** Writes `files` to a fresh dir, runs `bird -p -c <dir>/<main>`; returns exit status and output. */
export function birdParse(files: Record<string, string>, main = 'bird.cfg'): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bird-parse-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const r = spawnSync('bird', ['-p', '-c', join(dir, main)], { encoding: 'utf8', cwd: '/' });
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
