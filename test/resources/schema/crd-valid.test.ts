/**
 * The yes/no CRD check (crd-valid.ts) must say "valid" exactly when the full walk finds no
 * problem: checked on schema-guided random objects for every kind with a CRD, built to hit
 * each rule (enum, pattern, bounds, lengths in runes, item counts, sets, required, cidr, allOf).
 */
import { describe, it, expect } from 'vitest';
import { crdSchemaFullProblems, crdSchemaProblems, crdSchemaValid } from '../../../src/resources/schema/crd-check.js';
import { loadSchema } from '../../../src/resources/schema/load.js';
import { KINDS } from '../../../src/resources/registry.js';
import type { Resource } from '../../../src/resources/types.js';

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const STRINGS = ['', 'a', 'Allow', 'TCP', '80:90', 'x'.repeat(300), 'é'.repeat(1030), '10.0.0.0/8', '10.0.0.1', '::/0', 'fd00::/129', '1:2', '1:2:3', 'abc', 'Enabled', '30s', '30 seconds'];
const NUMBERS = [-1, 0, 1, 6, 255, 256, 1024, 65535, 65536, 1.5, 1e20];

function generator(seed: number): (node: unknown, depth: number) => unknown {
  const next = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const gen = (node: unknown, depth: number): unknown => {
    if (next() < 0.04) return pick([null, {}, [], 'str', 5, true]);
    if (!isObj(node)) return pick(STRINGS);
    if (Array.isArray(node.allOf) && next() < 0.5) return gen(pick(node.allOf), depth);
    if (Array.isArray(node.enum) && next() < 0.6) return pick(node.enum);
    const props = isObj(node.properties) ? node.properties : undefined;
    if (node.type === 'object' || props) {
      const out: Raw = {};
      if (depth > 7) return out;
      if (props) {
        const names = Object.keys(props);
        const n = Math.floor(next() * Math.min(names.length, 6)) + 1;
        for (let i = 0; i < n; i++) {
          const k = pick(names);
          out[k] = gen(props[k], depth + 1);
        }
        for (const r of Array.isArray(node.required) ? node.required : []) {
          if (next() < 0.7 && typeof r === 'string' && r in props) out[r] = gen(props[r], depth + 1);
        }
      } else if (isObj(node.additionalProperties)) {
        for (let i = Math.floor(next() * 3); i > 0; i--) out[pick(['a', 'b', 'c'])] = gen(node.additionalProperties, depth + 1);
      }
      return out;
    }
    if (node.type === 'array') {
      let n = Math.floor(next() * 3);
      if (typeof node.maxItems === 'number' && next() < 0.05) n = node.maxItems + 1;
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) out.push(gen(node.items, depth + 1));
      if (out.length > 0 && next() < 0.15) out.push(out[0]);
      return out;
    }
    if (node.type === 'integer' || node.type === 'number') {
      const bounds = [node.minimum, node.maximum].filter((b): b is number => typeof b === 'number');
      if (bounds.length > 0 && next() < 0.4) return pick(bounds) + pick([-1, 0, 1]);
      return pick(NUMBERS);
    }
    if (node.type === 'boolean') return next() < 0.5;
    for (const key of ['maxLength', 'minLength'] as const) {
      const len = node[key];
      if (typeof len === 'number' && next() < 0.15) return pick(['y', 'é']).repeat(len + pick([-1, 0, 1]));
    }
    return pick(STRINGS);
  };
  return gen;
}

describe('crdSchemaValid', () => {
  const kinds = KINDS.filter((k) => k.schemaName !== undefined);
  let invalidSeen = 0;

  it('covers every kind with a CRD', () => {
    expect(kinds.length).toBeGreaterThanOrEqual(15);
  });

  for (const def of kinds) {
    it(`${def.kind}: says valid exactly when the full walk finds nothing`, () => {
      const schema = loadSchema(def) as Raw;
      const props = schema.properties as Raw;
      const gen = generator(def.kind.length * 7919);
      let valid = 0;
      let invalid = 0;
      const wrong: string[] = [];
      for (let i = 0; i < 400; i++) {
        const r: Resource = { apiVersion: 'projectcalico.org/v3', kind: def.kind, metadata: { name: 'x' } };
        r.spec = gen(props.spec, 0) as Raw;
        if (props.status !== undefined && i % 5 === 0) r.status = gen(props.status, 0);
        const full = crdSchemaFullProblems(def, r);
        const ok = crdSchemaValid(def, r);
        if (ok !== (full.length === 0)) wrong.push(JSON.stringify(r).slice(0, 300));
        if (JSON.stringify(crdSchemaProblems(def, r)) !== JSON.stringify(full)) wrong.push(`problems differ: ${JSON.stringify(r).slice(0, 300)}`);
        if (ok) valid++;
        else invalid++;
      }
      expect(wrong).toEqual([]);
      expect(valid).toBeGreaterThan(20);
      invalidSeen += invalid;
    });
  }

  it('met many invalid objects along the way', () => {
    expect(invalidSeen).toBeGreaterThan(2000);
  });
});
