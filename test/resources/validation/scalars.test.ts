import { describe, it, expect } from 'vitest';
import { parsePort, isPortName } from '../../../src/resources/validation/ports.js';
import { protocolNumber, protocolProblem, protocolSupportsPorts } from '../../../src/resources/validation/protocol.js';
import { parseASNumber } from '../../../src/resources/validation/asn.js';
import { selectorProblem } from '../../../src/resources/validation/selector.js';
import { labelValueProblems, qualifiedNameProblems } from '../../../src/resources/validation/labels.js';
import { Problems } from '../../../src/resources/validation/problems.js';
import { checkGlobalPolicyName, checkNamespacedPolicyName, checkSubdomainName, checkTierName } from '../../../src/resources/validation/names.js';

describe('ports', () => {
  it.each([
    [80, { kind: 'range', min: 80, max: 80 }],
    ['80', { kind: 'range', min: 80, max: 80 }],
    ['1:65535', { kind: 'range', min: 1, max: 65535 }],
    ['http', { kind: 'named', name: 'http' }],
    [0, { kind: 'invalid', reason: 'port range invalid, port number must be between 1 and 65535' }],
    [65536, { kind: 'invalid', reason: 'port range invalid, port number must be between 1 and 65535' }],
    ['0:10', { kind: 'invalid', reason: 'port range invalid, port number must be between 1 and 65535' }],
    ['20:10', { kind: 'invalid', reason: 'port range invalid' }],
    ['1:2:3', { kind: 'invalid', reason: 'port range invalid' }],
  ])('%j → %j', (v, want) => {
    expect(parsePort(v)).toEqual(want);
  });

  it('checks IANA service names', () => {
    expect(isPortName('http')).toBe(true);
    expect(isPortName('web-80')).toBe(true);
    expect(isPortName('80')).toBe(false);
    expect(isPortName('a--b')).toBe(false);
    expect(isPortName('-a')).toBe(false);
    expect(isPortName('abcdefghijklmnop')).toBe(false);
    expect(isPortName('HTTP')).toBe(false);
  });
});

describe('protocols', () => {
  it('accepts names (case-sensitive) and numbers 1-255', () => {
    expect(protocolNumber('TCP')).toBe(6);
    expect(protocolNumber('ICMPv6')).toBe(58);
    expect(protocolNumber(255)).toBe(255);
    expect(protocolNumber('17')).toBe(17);
    expect(protocolNumber('tcp')).toBeUndefined();
    expect(protocolProblem('tcp')).toBe('protocol name invalid');
    expect(protocolProblem(0)).toBe('protocol number invalid');
    expect(protocolProblem(256)).toBe('protocol number invalid');
    expect(protocolProblem('UDPLite')).toBeUndefined();
  });

  it('knows which protocols carry ports', () => {
    expect(['TCP', 'UDP', 'SCTP', 6, 17, 132].every(protocolSupportsPorts)).toBe(true);
    expect(['ICMP', 'UDPLite', 1, undefined].some(protocolSupportsPorts)).toBe(false);
  });
});

describe('AS numbers', () => {
  it.each([
    [64512, 64512],
    ['64512', 64512],
    ['1.10', 65546],
    [4294967295, 4294967295],
    [4294967296, undefined],
    ['65536.1', undefined],
    [-1, undefined],
    ['1.2.3', undefined],
    [1.5, undefined],
  ])('%j → %j', (v, want) => {
    expect(parseASNumber(v)).toBe(want);
  });
});

describe('selector (lite)', () => {
  it.each(['', 'all()', "foo == 'bar'", 'a in {"x", "y"} && !has(b)', "a == ')'"])('accepts %j', (s) => {
    expect(selectorProblem(s)).toBeUndefined();
  });
  it.each(['"FOO', "a == 'x", '(a == "foo"', ')', 'a in {"x"', 'a == "x"\n'])('rejects %j', (s) => {
    expect(selectorProblem(s)).toBeDefined();
  });
});

describe('labels', () => {
  it('checks qualified names and values as Kubernetes does', () => {
    expect(qualifiedNameProblems('app')).toEqual([]);
    expect(qualifiedNameProblems('projectcalico.org/tier')).toEqual([]);
    expect(qualifiedNameProblems('a/b/c')[0]).toMatch(/^a qualified name must consist/);
    expect(qualifiedNameProblems('/x')).toEqual(['prefix part must be non-empty']);
    expect(qualifiedNameProblems('Bad_Prefix/x')[0]).toMatch(/^prefix part a lowercase RFC 1123 subdomain/);
    expect(qualifiedNameProblems('-x')[0]).toMatch(/^name part must consist/);
    expect(qualifiedNameProblems('x'.repeat(64))).toEqual(['name part must be no more than 63 characters']);
    expect(labelValueProblems('')).toEqual([]);
    expect(labelValueProblems('a b')[0]).toMatch(/^a valid label must be an empty string/);
    expect(labelValueProblems('x'.repeat(64))).toContain('must be no more than 63 characters');
  });
});

describe('names', () => {
  const run = (fn: (p: Problems, f: string, n: string) => void, name: string): string[] => {
    const p = new Problems();
    fn(p, 'Metadata.Name', name);
    return p.list.map((e) => e.reason);
  };

  it('subdomain names', () => {
    expect(run(checkSubdomainName, 'a.b-c.d')).toEqual([]);
    expect(run(checkSubdomainName, 'Foo')).toEqual([
      "name must consist of lower case alphanumeric characters, '-' or '.' (regex: [a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)",
    ]);
    expect(run(checkSubdomainName, 'a'.repeat(254))).toEqual(['name is too long by 1 bytes']);
  });

  it('tier and policy names', () => {
    expect(run(checkTierName, 'a.b')).toHaveLength(1);
    expect(run(checkTierName, 'a'.repeat(64))).toEqual(['name is too long by 1 bytes']);
    expect(run(checkNamespacedPolicyName, 'th.ing')).toEqual([]);
    expect(run(checkNamespacedPolicyName, 't.h.i.ng')).toHaveLength(1);
    expect(run(checkNamespacedPolicyName, 'knp.default.thing')).toEqual([]);
    expect(run(checkNamespacedPolicyName, 'ossg.default.a.b.c')).toEqual([]);
    expect(run(checkGlobalPolicyName, 'knp.default.thing')).toHaveLength(1);
    expect(run(checkGlobalPolicyName, 'th.ing')).toEqual([]);
  });

  it('reports identical problems once', () => {
    const p = new Problems();
    p.add('F', 'r', 'v');
    p.add('F', 'r', 'v');
    p.add('F', 'r', 'w');
    expect(p.list).toHaveLength(2);
  });
});
