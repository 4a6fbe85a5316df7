/**
 * Golden configs: fixtures/node/bird/<case>.input.json → <case>.bird.cfg, each also accepted by
 * the real BIRD 2 parser. UPDATE_GOLDEN=1 rewrites the golden files.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderBirdConfig, type BirdInput } from '../../../src/node/bird/index.js';
import { birdMissing, birdParse } from './birdcheck.js';

const DIR = join(import.meta.dirname, '../../../fixtures/node/bird');
const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.input.json'))
  .map((f) => f.slice(0, -'.input.json'.length))
  .sort();
const render = (c: string) => renderBirdConfig(JSON.parse(readFileSync(join(DIR, `${c}.input.json`), 'utf8')) as BirdInput).files;
const missing = birdMissing();

describe('golden bird.cfg', () => {
  it('covers the required cases', () => {
    expect(cases).toEqual(['bgpfilter', 'ipv6', 'mesh-3node', 'passwords', 'route-reflector', 'seed-mesh-disabled']);
  });

  for (const c of cases) {
    it(`${c}: renders the golden file`, () => {
      const text = render(c)['bird.cfg']!;
      const golden = join(DIR, `${c}.bird.cfg`);
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, text);
      expect(existsSync(golden)).toBe(true);
      expect(text).toBe(readFileSync(golden, 'utf8'));
    });

    it.skipIf(missing !== undefined)(`${c}: bird -p accepts it${missing ? ` (skipped: ${missing})` : ''}`, () => {
      const r = birdParse(render(c));
      expect(r.output).toBe('');
      expect(r.ok).toBe(true);
    });
  }

  it.skipIf(missing !== undefined)('the bird -p helper reports a broken config', () => {
    const r = birdParse({ 'bird.cfg': 'router id 10.0.0.1;\nprotocol bgp x { neighbor 10.0.0.2 as 1; import all; }\n' });
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/syntax error/i);
  });
});
