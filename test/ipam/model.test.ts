/** Pure parts of the IPAM library: CIDR arithmetic, the block codec, the selector stand-in. */
import { describe, expect, it } from 'vitest';
import { formatCidr, formatIP, parseCidr, parseIP } from '../../src/ipam/cidr.js';
import { decodeBlock, encodeBlock, decodeAffinity, encodeHandle } from '../../src/ipam/model.js';
import { selectorMatches } from '../../src/ipam/selector.js';

describe('cidr', () => {
  it('parses, masks and prints IPv4 and IPv6 as Go does', () => {
    expect(formatCidr(parseCidr('10.1.2.3/26')!)).toBe('10.1.2.0/26');
    expect(formatCidr(parseCidr('fd00:0:0:0:0:0:0:1c1/122')!)).toBe('fd00::1c0/122');
    expect(formatIP(6, parseIP('2001:db8:0:1:0:0:0:1')!.value)).toBe('2001:db8:0:1::1');
    expect(formatIP(6, parseIP('::ffff:10.0.0.1')!.value)).toBe('::ffff:a00:1');
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseIP('1.2.3.256')).toBeUndefined();
    expect(parseIP('1::2::3')).toBeUndefined();
  });
});

describe('block codec', () => {
  it('keeps uint64 sequence numbers exact and re-encodes stored JSON byte for byte', () => {
    const text =
      '{"cidr":"10.0.0.0/30","affinity":null,"allocations":[0,null,null,0],"unallocated":[1,2],' +
      '"attributes":[{"handle_id":"a\\u003cb","secondary":{"node":"n1","pod":"p"}}],"sequenceNumber":18446744073709551615,' +
      '"sequenceNumberForAllocation":{"0":9007199254740993,"3":18446744073709551614},"deleted":false}';
    const b = decodeBlock(text);
    expect(b.sequenceNumber).toBe(18446744073709551615n);
    expect(b.sequenceNumberForAllocation).toEqual({ '0': 9007199254740993n, '3': 18446744073709551614n });
    expect(b.attributes[0]!.handle_id).toBe('a<b');
    expect(encodeBlock(b)).toBe(text);
  });

  it('reads an empty affinity value as confirmed-by-default state "" and sorts handle blocks', () => {
    expect(decodeAffinity('')).toEqual({ state: '', deleted: false });
    expect(encodeHandle({ block: { '10.0.1.0/26': 1, '10.0.0.0/26': 2 }, deleted: false })).toBe('{"block":{"10.0.0.0/26":2,"10.0.1.0/26":1},"deleted":false}');
  });
});

describe('nodeSelector stand-in', () => {
  it('evaluates all(), ==, !=, has(), in and &&', () => {
    const l = { zone: 'a', rack: '1' };
    expect(selectorMatches('all()', l)).toBe(true);
    expect(selectorMatches('', l)).toBe(true);
    expect(selectorMatches("zone == 'a' && rack != \"2\"", l)).toBe(true);
    expect(selectorMatches("zone == 'b'", l)).toBe(false);
    expect(selectorMatches('has(rack) && !has(gpu)', l)).toBe(true);
    expect(selectorMatches("zone in {'b','c'}", l)).toBe(false);
    expect(selectorMatches("zone not in {'b','c'}", l)).toBe(true);
  });
});
