/** The fast path routes from oclif.manifest.json alone, so it must list every built command. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

function commandIds(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return commandIds(p);
    return name.endsWith('.js') ? [relative(join(ROOT, 'dist', 'commands'), p).slice(0, -3).split('/').join(':')] : [];
  });
}

describe('oclif.manifest.json', () => {
  it('is current: one entry per built command (run `npx oclif manifest` after adding one)', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as { commands: Record<string, unknown> };
    const built = commandIds(join(ROOT, 'dist', 'commands')).filter((id) => !/(^|:)(base|index)$/.test(id));
    expect(Object.keys(manifest.commands).sort()).toEqual(built.sort());
  });
});
