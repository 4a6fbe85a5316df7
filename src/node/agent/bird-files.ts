/**
 * Installing a rendered BIRD configuration: every file written to a staging directory, checked
 * with `bird -p`, then renamed into the run dir (bird.cfg last, so a reload never sees a
 * half-installed set). Nothing changes on disk when the check fails.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkConfig } from './birdc.js';

export type InstallOutcome = { changed: false } | { changed: true } | { error: string };

function current(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export async function installBirdConfig(runDir: string, files: Record<string, string>): Promise<InstallOutcome> {
  const names = Object.keys(files).sort((a, b) => (a === 'bird.cfg' ? 1 : b === 'bird.cfg' ? -1 : a.localeCompare(b)));
  if (names.every((n) => current(join(runDir, n)) === files[n])) return { changed: false };
  const staging = join(runDir, '.bird-staging');
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const n of names) writeFileSync(join(staging, n), files[n]!);
  const check = await checkConfig(join(staging, 'bird.cfg'));
  if (!check.ok) {
    rmSync(staging, { recursive: true, force: true });
    return { error: check.output || 'bird -p failed' };
  }
  for (const n of names) {
    writeFileSync(join(runDir, `${n}.new`), files[n]!);
    renameSync(join(runDir, `${n}.new`), join(runDir, n));
  }
  rmSync(staging, { recursive: true, force: true });
  return { changed: true };
}
