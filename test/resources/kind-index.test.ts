/**
 * kind-index.ts (kinds loaded on demand for get and the version check) must agree with
 * registry.ts, the one list of kinds: same kinds, same aliases, the very same definitions.
 */
import { describe, expect, it } from 'vitest';
import { LAZY_KINDS, loadKind, requireKind } from '../../src/resources/kind-index.js';
import { KINDS, findKind, lookupKind } from '../../src/resources/registry.js';

describe('kind index', () => {
  it('lists every registered kind with its aliases, and nothing else', () => {
    const lazy = LAZY_KINDS.map((k) => ({ kind: k.kind, aliases: [...k.aliases] }));
    const registered = KINDS.map((k) => ({ kind: k.kind, aliases: [...k.aliases] }));
    expect(lazy).toEqual(registered);
  });

  it('loads the same definition object the registry holds', async () => {
    for (const k of LAZY_KINDS) expect(await k.load()).toBe(findKind(k.kind));
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
