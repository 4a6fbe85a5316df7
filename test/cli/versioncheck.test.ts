import { describe, expect, it } from 'vitest';
import { checkVersionMismatch, normalizeCalicoVersion } from '../../src/cli/versioncheck.js';

describe('normalizeCalicoVersion', () => {
  it.each([
    ['v3.32.1', '3.32.1'],
    ['3.32.1', '3.32.1'],
    ['v3.32.1-12-gdeadbee', '3.32.1'],
    ['v3.33.0-0.dev-123', '3.33.0'],
    [' v3.32.0 ', '3.32.0'],
  ])('%s → %s', (input, out) => expect(normalizeCalicoVersion(input)).toBe(out));
});

describe('checkVersionMismatch', () => {
  it.each([
    ['v3.32.1', 'v3.32.1'],
    ['v3.32.1', '3.32.1'], // leading v stripped on both sides (calico#6027)
    ['3.32.1', 'v3.32.1'],
    ['v3.32.1', 'v3.32.1-5-gabcdef0'], // everything from the first '-' ignored
    ['v3.32.1-dirty', '3.32.1'],
  ])('%s vs %s matches', (client, cluster) => expect(checkVersionMismatch(client, cluster)).toBeUndefined());

  it.each([undefined, '', '  '])('skips the check when the cluster reports %j', (cluster) => {
    expect(checkVersionMismatch('v3.32.1', cluster)).toBeUndefined();
  });

  it('reports a patch difference with the client raw and the cluster stripped', () => {
    expect(checkVersionMismatch('v3.32.1', 'v3.32.0-1-gabc')).toBe(
      'version mismatch.\nClient Version:   v3.32.1\nCluster Version:  3.32.0\nUse --allow-version-mismatch to override',
    );
  });

  it.each([
    ['v3.32.1', 'v3.31.1'],
    ['v3.32.1', 'v4.32.1'],
    ['v3.32.1', 'v3.32'], // exact major.minor.patch, not a prefix
    ['v3.32.1', 'v3.32.10'],
  ])('%s vs %s is a mismatch', (client, cluster) => {
    expect(checkVersionMismatch(client, cluster)).toMatch(/^version mismatch\./);
  });
});
