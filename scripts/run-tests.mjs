// Runs the whole vitest suite and ends with a plain closing line ("Tests: N passed, N failed,
// N skipped") that any CI log reader understands; exits with vitest's own exit code.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'vitest-'));
const out = join(dir, 'results.json');
const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)], { stdio: 'inherit' });
let code = r.status ?? 1;
try {
  const res = JSON.parse(readFileSync(out, 'utf8'));
  const skipped = (res.numPendingTests ?? 0) + (res.numTodoTests ?? 0);
  console.log(`Tests: ${res.numPassedTests} passed, ${res.numFailedTests} failed, ${skipped} skipped`);
  if (res.numTotalTests === 0) code = 1;
} catch {
  console.log('Tests: 0 passed, 1 failed (vitest wrote no results)');
  code = code || 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(code);
