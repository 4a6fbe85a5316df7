/**
 * kind-index.ts (kinds loaded on demand for get and the version check) must agree with
 * registry.ts, the one list of kinds. The build derives dist/resources/kind-index.json from the
 * registry; from src/ (no such file) the registry itself is used.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';
import { lazyKindList, loadKind, requireKind } from '../../src/resources/kind-index.js';
import { KINDS, findKind, lookupKind } from '../../src/resources/registry.js';

const registered = KINDS.map((k) => ({ kind: k.kind, aliases: [...k.aliases] }));

describe('kind index', () => {
  it('the built index lists every registered kind with its aliases, in registry order, and nothing else', () => {
    const built = JSON.parse(readFileSync(join(ROOT, 'dist', 'resources', 'kind-index.json'), 'utf8')) as { kind: string; aliases: string[] }[];
    expect(built.map(({ kind, aliases }) => ({ kind, aliases }))).toEqual(registered);
  });

  it('the built index loads each kind, as the first kind a fresh process loads, from the module it names', () => {
    // A fresh process per kind: loading one kind module before the registry must not trip over an
    // import cycle back into the registry (a command like `get sknp` loads exactly one kind).
    const script = `const m = await import(${JSON.stringify(join(ROOT, 'dist', 'resources', 'kind-index.js'))});
      const out = [];
      for (const name of process.argv.slice(1)) { const d = await m.loadKind(name); out.push({ kind: d.kind, aliases: [...d.aliases] }); }
      console.log(JSON.stringify(out));`;
    const loaded = registered.map((k) => {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, k.kind], { encoding: 'utf8' });
      expect(r.stderr, k.kind).toBe('');
      return (JSON.parse(r.stdout) as { kind: string; aliases: string[] }[])[0];
    });
    expect(loaded).toEqual(registered);
  });

  it('without a built index, uses the registry itself', async () => {
    for (const k of await lazyKindList()) expect(await k.load()).toBe(findKind(k.kind));
  });

  it('resolves names and aliases case-insensitively, as findKind does', async () => {
    for (const name of ['ippools', 'IPPool', 'GNP', 'policy', 'nodestatus', 'bgpconfig']) {
      expect(await loadKind(name)).toBe(findKind(name));
    }
    expect(await loadKind('nosuchkind')).toBeUndefined();
  });

  it('words an unknown name as lookupKind does', async () => {
    const theirs = (() => {
      try {
        lookupKind('widgets');
      } catch (e) {
        return e as Error;
      }
    })();
    await expect(requireKind('widgets')).rejects.toThrow(theirs!.message);
    await expect(requireKind('widgets')).rejects.toBeInstanceOf(theirs!.constructor);
  });
});
