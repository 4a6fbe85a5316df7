import { describe, expect, it } from 'vitest';
import { goJsonString, renderJson } from '../../src/printers/json.js';
import type { Resource } from '../../src/resources/types.js';
import { fixture, input, ippool } from './kinds.js';

describe('-o json (golden)', () => {
  it.each(['ippool', 'profile-list', 'ippool-list-empty', 'quoting'])('%s', (name) => {
    expect(renderJson([input(`${name}.in.yaml`)])).toBe(fixture(`${name}.out.json`));
  });
});

describe('-o json shapes', () => {
  it('has no trailing newline (v3.32)', () => {
    expect(renderJson([ippool('a', '10.0.0.0/8')]).endsWith('}')).toBe(true);
  });

  it('none returned prints null', () => {
    expect(renderJson([])).toBe('null');
  });

  it('several objects print as an array', () => {
    const out = renderJson([ippool('a', '10.0.0.0/8'), ippool('b', '10.1.0.0/16')]);
    expect(out.startsWith('[\n  {\n    "kind": "IPPool",\n    "apiVersion": "projectcalico.org/v3",\n    "metadata": {\n      "name": "a"\n    },')).toBe(true);
    expect(JSON.parse(out)).toHaveLength(2);
    expect(out.endsWith('\n  }\n]')).toBe(true);
  });

  it('puts kind, apiVersion, metadata, spec first and metadata in ObjectMeta order', () => {
    const r = {
      spec: { z: 1, a: 2 },
      metadata: { labels: { b: 'x', a: 'y' }, resourceVersion: '5', namespace: 'ns', name: 'n', creationTimestamp: '2024-01-01T00:00:00Z', uid: 'u' },
      apiVersion: 'projectcalico.org/v3',
      kind: 'NetworkPolicy',
    } as unknown as Resource;
    const parsed = JSON.parse(renderJson([r])) as Record<string, Record<string, unknown>>;
    expect(Object.keys(parsed)).toEqual(['kind', 'apiVersion', 'metadata', 'spec']);
    expect(Object.keys(parsed.metadata!)).toEqual(['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'labels']);
    expect(Object.keys(parsed.metadata!.labels as object)).toEqual(['a', 'b']);
    expect(Object.keys(parsed.spec!)).toEqual(['z', 'a']);
  });

  it('lists: kind, apiVersion, metadata, items', () => {
    const parsed = JSON.parse(renderJson([input('profile-list.in.yaml')])) as object;
    expect(Object.keys(parsed)).toEqual(['kind', 'apiVersion', 'metadata', 'items']);
  });
});

describe('Go string escaping', () => {
  it.each([
    ['a && b', '"a \\u0026\\u0026 b"'], ['<x>', '"\\u003cx\\u003e"'], ['tab\there', '"tab\\there"'], ['\b\f', '"\\u0008\\u000c"'],
    ['line\u2028sep', '"line\\u2028sep"'], ['q"\\', '"q\\"\\\\"'], ['€😀', '"€😀"'],
  ])('%j → %s', (s, expected) => {
    expect(goJsonString(s)).toBe(expected);
  });
});
