import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { k8sSelectorToCalico } from '../../../src/resources/convert/k8s-selector.js';
import { groupPorts, simplifyPorts } from '../../../src/resources/convert/k8s-ports.js';
import { convertObject, maskedCIDR, readObjects } from '../../../src/resources/convert/documents.js';
import { runConvert } from '../../../src/actions/convert-action.js';

const fixture = (name: string) => readFileSync(`fixtures/convert/${name}`, 'utf8');
const convert = (filename: string, output = 'yaml', ignore = false) =>
  runConvert({ filename, output, 'ignore-validation': ignore });

describe('k8s label selectors', () => {
  const CASES: [string, unknown, 'pod' | 'namespace', string][] = [
    ['empty pod selector', {}, 'pod', "projectcalico.org/orchestrator == 'k8s'"],
    ['absent namespace selector', undefined, 'namespace', ''],
    ['empty namespace selector = all namespaces', {}, 'namespace', 'all()'],
    ['labels sorted by key', { matchLabels: { b: '2', a: '1' } }, 'pod', "projectcalico.org/orchestrator == 'k8s' && a == '1' && b == '2'"],
    ['In / NotIn', { matchExpressions: [{ key: 'x', operator: 'In', values: ['a', 'b'] }, { key: 'y', operator: 'NotIn', values: ['c'] }] }, 'namespace', "x in { 'a', 'b' } && y not in { 'c' }"],
    ['Exists / DoesNotExist', { matchExpressions: [{ key: 'x', operator: 'Exists' }, { key: 'y', operator: 'DoesNotExist' }] }, 'pod', "projectcalico.org/orchestrator == 'k8s' && has(x) && ! has(y)"],
  ];
  for (const [name, sel, role, want] of CASES) it(name, () => expect(k8sSelectorToCalico(sel, role)).toBe(want));
});

describe('k8s ports', () => {
  it('merges overlapping and adjacent ranges, named ports first', () => {
    expect(simplifyPorts([443, 80, '81:90', 'http', 85, 91])).toEqual(['http', '80:91', 443]);
    expect(simplifyPorts([8080])).toEqual([8080]);
  });
  it('groups per protocol (sorted), TCP when unset, a port-less entry allows all ports of its protocol', () => {
    const g = groupPorts([{ protocol: 'UDP', port: 53 }, { port: 80 }, { protocol: 'TCP' }, { protocol: 'TCP', port: 443 }]);
    expect([...g.entries()]).toEqual([['TCP', undefined], ['UDP', [53]]]);
    expect([...groupPorts(undefined).entries()]).toEqual([['', undefined]]);
  });
  it('refuses an out-of-range port', () => {
    expect(() => groupPorts([{ port: 70000 }])).toThrow('port number must be between 1 and 65535');
  });
});

describe('converting documents', () => {
  it('masks ipBlock CIDRs as Go prints them', () => {
    expect(maskedCIDR('172.17.1.7/16')).toBe('172.17.0.0/16');
    expect(maskedCIDR('fd00::1:2/64')).toBe('fd00::/64');
    expect(maskedCIDR('nope')).toBeUndefined();
  });

  it('flattens a v1 List', () => {
    expect(readObjects(fixture('list.yaml'), 'list.yaml').map((o) => (o.metadata as { name: string }).name)).toEqual(['default-deny-egress', 'allow-dns']);
  });

  it('names what it cannot convert', () => {
    expect(() => convertObject({ apiVersion: 'apps/v1', kind: 'Deployment' })).toThrow("conversion for the k8s resource type 'Deployment' is not supported");
    expect(() => convertObject({ apiVersion: 'v1', kind: 'policy' })).toThrow("conversion for the resource type 'policy' is not supported");
  });

  const FIXTURES: [string, string, string][] = [
    ['networking.k8s.io/v1 with every peer and port form', 'fixtures/convert/full-v1.yaml', 'full-v1.expected.yaml'],
    ['the seed extensions/v1beta1 policy', 'fixtures/seed-k8s/k8s-networkpolicy.yaml', 'seed-k8s-networkpolicy.expected.yaml'],
    ['a List of two, wrapped in a List', 'fixtures/convert/list.yaml', 'list.expected.yaml'],
  ];
  for (const [name, input, expected] of FIXTURES) {
    it(name, async () => expect(await convert(input)).toBe(fixture(expected)));
  }

  it('prints JSON with -o json', async () => {
    expect(await convert('fixtures/convert/list.yaml', 'json')).toBe(fixture('list.expected.json'));
  });

  it('the converted policy keeps Kubernetes semantics: selector, types, rules', async () => {
    const out = await convert('fixtures/convert/full-v1.yaml');
    expect(out).toContain("  name: web\n  namespace: shop\n");
    expect(out).toContain("  selector: projectcalico.org/orchestrator == 'k8s' && app == 'shop' && role == 'web' && tier in { 'frontend', 'edge' } && ! has(canary)\n");
    expect(out).toContain('  types:\n  - Ingress\n  - Egress\n');
  });

  it('validates unless --ignore-validation', async () => {
    await expect(convert('fixtures/convert/invalid-name.yaml')).rejects.toThrow(
      /^converted manifest resource\(s\) failed validation: error with the following fields:\n-  Metadata.Name = 'Not_Valid' .*\nRe-run the command with '--ignore-validation' flag to see the converted output$/s,
    );
    expect(await convert('fixtures/convert/invalid-name.yaml', 'yaml', true)).toContain('  name: Not_Valid\n');
  });

  it('refuses other output formats and unsupported kinds', async () => {
    await expect(convert('fixtures/convert/list.yaml', 'wide')).rejects.toThrow("unrecognized output format 'wide'");
    await expect(convert('fixtures/convert/unsupported-k8s.yaml')).rejects.toThrow("failed to convert resource: conversion for the k8s resource type 'Ingress' is not supported");
    await expect(convert('fixtures/convert/missing.yaml')).rejects.toThrow('failed to create resources from file: open fixtures/convert/missing.yaml: no such file or directory');
  });
});
