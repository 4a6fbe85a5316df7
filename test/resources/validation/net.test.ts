import { describe, it, expect } from 'vitest';
import { canonicalCIDR, cidrsOverlap, formatIP, isMasked, parseCIDR, parseIP, parseIPOrCIDR } from '../../../src/resources/validation/net.js';

describe('IP parsing', () => {
  it.each([
    ['10.0.0.1', 4, '10.0.0.1'],
    ['255.255.255.255', 4, '255.255.255.255'],
    ['::', 6, '::'],
    ['::1', 6, '::1'],
    ['FE80::0:1', 6, 'fe80::1'],
    ['2001:db8:0:0:1:0:0:1', 6, '2001:db8::1:0:0:1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', 6, '2001:db8::1'],
    ['1:0:1:0:1:0:1:0', 6, '1:0:1:0:1:0:1:0'],
    ['::ffff:1.2.3.4', 6, '1.2.3.4'],
    ['::ffff:0:1.2.3.4', 6, '::ffff:0:102:304'],
    ['1:2:3:4:5:6:7::', 6, '1:2:3:4:5:6:7:0'],
  ])('%s parses as IPv%i and prints as %s', (s, family, canonical) => {
    const ip = parseIP(s);
    expect(ip?.family).toBe(family);
    expect(formatIP(ip!)).toBe(canonical);
  });

  it.each(['', '1.2.3', '1.2.3.4.5', '256.0.0.1', '01.2.3.4', '1.2.3.-1', 'a.b.c.d', ':::', '1:::2', '1::2::3', '12345::', 'fe80::1%eth0', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7:8::', ' 1.2.3.4'])(
    '%j is not an IP',
    (s) => {
      expect(parseIP(s)).toBeUndefined();
    },
  );
});

describe('CIDR parsing', () => {
  it('parses prefixes within the family limit', () => {
    expect(parseCIDR('10.0.0.0/8')).toMatchObject({ family: 4, prefix: 8 });
    expect(parseCIDR('fd00::/128')).toMatchObject({ family: 6, prefix: 128 });
    expect(parseCIDR('10.0.0.0/33')).toBeUndefined();
    expect(parseCIDR('fd00::/129')).toBeUndefined();
    expect(parseCIDR('10.0.0.0')).toBeUndefined();
    expect(parseCIDR('10.0.0.0/')).toBeUndefined();
    expect(parseIPOrCIDR('10.0.0.1')).toMatchObject({ prefix: 32 });
  });

  it('knows strict masking', () => {
    expect(isMasked(parseCIDR('10.0.0.0/8')!)).toBe(true);
    expect(isMasked(parseCIDR('10.0.0.1/8')!)).toBe(false);
    expect(isMasked(parseCIDR('10.0.1.0/23')!)).toBe(false);
    expect(isMasked(parseCIDR('fd00::/64')!)).toBe(true);
    expect(isMasked(parseCIDR('fd00::1/64')!)).toBe(false);
    expect(isMasked(parseCIDR('0.0.0.0/0')!)).toBe(true);
  });

  it('detects overlaps either way round', () => {
    const ll = parseCIDR('169.254.0.0/16')!;
    expect(cidrsOverlap(parseCIDR('169.254.1.0/24')!, ll)).toBe(true);
    expect(cidrsOverlap(parseCIDR('169.0.0.0/8')!, ll)).toBe(true);
    expect(cidrsOverlap(parseCIDR('169.255.0.0/16')!, ll)).toBe(false);
    expect(cidrsOverlap(parseCIDR('fe80::/64')!, ll)).toBe(false);
  });

  it('canonicalises the text without changing host bits', () => {
    expect(canonicalCIDR('FD00:0:0:0::/64')).toBe('fd00::/64');
    expect(canonicalCIDR('10.0.0.0/8')).toBe('10.0.0.0/8');
    expect(canonicalCIDR('10.0.0.1/8')).toBe('10.0.0.1/8');
    expect(canonicalCIDR('not a cidr')).toBe('not a cidr');
  });
});
