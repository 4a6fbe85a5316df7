// Pure parts of the Kubernetes IPAM mapping: object names, the hostname-hash encoding, lossless JSON.
import { describe, expect, it } from 'vitest';
import { base32NoPad, blockAffinityName, cidrToName, handleName, pluralsForPrefix, refForKey } from '../../src/ipam/kubenames.js';
import { parseJsonBig, stringifyJsonBig } from '../../src/ipam/jsonbig.js';
import { parseCidr } from '../../src/ipam/cidr.js';

describe('Kubernetes IPAM names', () => {
  it('names blocks, affinities and handles as Calico does', () => {
    expect(cidrToName('10.0.0.0/26')).toBe('10-0-0-0-26');
    expect(cidrToName('fd00::/122')).toBe('fd00---122');
    expect(cidrToName('fd00:1:2::40/122')).toBe('fd00-1-2--40-122');
    expect(blockAffinityName('node-a', parseCidr('10.0.0.0/26')!)).toBe('node-a-10-0-0-0-26');
    expect(handleName('K8s-Pod-Network.ABC')).toBe('k8s-pod-network.abc');
    const long = blockAffinityName('h'.repeat(300), parseCidr('10.0.0.0/26')!);
    expect(long).toHaveLength(252);
    expect(long).toMatch(/^h+-[0-9a-f]{11}-10-0-0-0-26$/);
  });

  it('base32 without padding follows RFC 4648', () => {
    const b = (s: string) => base32NoPad(Buffer.from(s));
    expect(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map(b)).toEqual(['', 'MY', 'MZXQ', 'MZXW6', 'MZXW6YQ', 'MZXW6YTB', 'MZXW6YTBOI']);
  });

  it('maps IPAM keys to objects and list prefixes to collections', () => {
    expect(refForKey('/calico/ipam/v2/assignment/ipv4/block/10.0.0.0-26')).toMatchObject({ plural: 'ipamblocks', name: '10-0-0-0-26' });
    expect(refForKey('/calico/ipam/v2/host/n1/ipv6/block/fd00::-122')).toMatchObject({ plural: 'blockaffinities', name: 'n1-fd00---122' });
    expect(refForKey('/calico/ipam/v2/virtual/load-balancer/ipv4/block/10.0.0.0-26')).toMatchObject({
      plural: 'blockaffinities', owner: { type: 'virtual', name: 'load-balancer' },
    });
    expect(refForKey('/calico/ipam/v2/handle/Abc')).toEqual({ plural: 'ipamhandles', name: 'abc', handleId: 'Abc' });
    expect(refForKey('/calico/ipam/v2/config')).toEqual({ plural: 'ipamconfigs', name: 'default' });
    expect(refForKey('/calico/ipam/v2/host/n1')).toBeUndefined();
    expect(pluralsForPrefix('/calico/ipam/v2/host/n1/ipv4/block/')).toEqual(['blockaffinities']);
    expect(pluralsForPrefix('/calico/ipam/v2/').sort()).toEqual(['blockaffinities', 'ipamblocks', 'ipamconfigs', 'ipamhandles']);
  });
});

describe('lossless JSON', () => {
  it('keeps int64s beyond 2^53 as bigints and writes them back unchanged', () => {
    const text = '{"sequenceNumber":1763750000000000123,"m":{"0":9007199254740993},"small":[1,-2,3.5,null,true],"s":"a\\"b:1763750000000000123"}';
    const v = parseJsonBig(text) as Record<string, unknown>;
    expect(v.sequenceNumber).toBe(1763750000000000123n);
    expect((v.m as Record<string, unknown>)['0']).toBe(9007199254740993n);
    expect(v.small).toEqual([1, -2, 3.5, null, true]);
    expect(v.s).toBe('a"b:1763750000000000123');
    expect(stringifyJsonBig(v)).toBe(text);
    expect(() => parseJsonBig('{"a":1,}')).toThrow(SyntaxError);
    expect(() => parseJsonBig('[1] x')).toThrow(SyntaxError);
  });
});
