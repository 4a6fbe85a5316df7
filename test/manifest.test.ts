// oclif.manifest.json is generated and committed: it must equal a freshly generated one
// (same commands, flags, args), or help and start-up would describe a stale CLI.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

describe('oclif.manifest.json', () => {
  it('matches `oclif manifest` run on the built commands (run `npm run manifest` after changing commands or flags)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
    try {
      cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
      cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
      execFileSync(process.execPath, [join(ROOT, 'node_modules', 'oclif', 'bin', 'run.js'), 'manifest'], { cwd: dir, stdio: 'pipe' });
      const fresh = JSON.parse(readFileSync(join(dir, 'oclif.manifest.json'), 'utf8'));
      const committed = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8'));
      expect(committed.commands).toEqual(fresh.commands);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
