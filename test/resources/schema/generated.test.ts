import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript build script without type declarations
import { generate, HEADER, stripSchema } from '../../../scripts/gen-schemas.js';
import { readGeneratedSchema } from '../../../src/resources/schema/load.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const committed = join(repo, 'src/resources/schema/generated');
const crdDir = join(repo, '..', 'shared', 'calico-crds');
const haveCrds = existsSync(crdDir);

describe('generated schemas', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'gen-schemas-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it.skipIf(!haveCrds)(`are current with the CRDs (skipped when ${crdDir} is absent)`, () => {
    const written: string[] = generate(crdDir, tmp);
    expect(written.length).toBeGreaterThanOrEqual(20);
    expect(readdirSync(committed).filter((f) => f.endsWith('.json')).sort()).toEqual(written);
    for (const name of written) {
      expect(readFileSync(join(committed, name), 'utf8'), `${name} is stale: run node scripts/gen-schemas.js`)
        .toBe(readFileSync(join(tmp, name), 'utf8'));
    }
  });

  it('carry the header, the kind and a schema with a spec, and no descriptions', () => {
    const files = readdirSync(committed).filter((f) => f.endsWith('.json'));
    expect(files).toContain('ippools.json');
    for (const f of files) {
      const doc = JSON.parse(readFileSync(join(committed, f), 'utf8'));
      expect(Object.keys(doc)[0]).toBe('//');
      expect(doc['//']).toBe(HEADER);
      expect(`${doc.plural}.json`).toBe(f);
      expect(doc.schema.properties.spec).toBeTypeOf('object');
      expect(JSON.stringify(doc)).not.toMatch(/"description":"/);
    }
  });

  it('keep what decoding, defaulting and validation need', () => {
    const pool = readGeneratedSchema('ippools');
    expect(pool.kind).toBe('IPPool');
    const spec = pool.schema.properties as Record<string, { properties: Record<string, Record<string, unknown>> }>;
    expect(spec.spec!.properties.assignmentMode).toEqual({ default: 'Automatic', enum: ['Automatic', 'Manual'], type: 'string' });
    expect(spec.spec!.properties.blockSize!['x-kubernetes-validations']).toEqual([
      expect.objectContaining({ rule: 'self == oldSelf' }),
    ]);
    expect(readGeneratedSchema('ippools')).toBe(pool); // cached
    expect(() => readGeneratedSchema('nosuchkinds')).toThrow('no generated schema nosuchkinds.json');
    expect(() => readGeneratedSchema('../x')).toThrow('invalid schema name');
  });

  it('strip descriptions but not fields named "description"', () => {
    const raw = {
      description: 'prose', type: 'object', 'x-kubernetes-map-type': 'atomic', title: 'dropped',
      properties: { description: { type: 'string', description: 'the field', maxLength: 5 } },
      anyOf: [{ type: 'integer', description: 'x' }],
      items: { description: 'y', type: 'string' },
    };
    expect(stripSchema(raw)).toEqual({
      type: 'object', 'x-kubernetes-map-type': 'atomic',
      properties: { description: { type: 'string', maxLength: 5 } },
      anyOf: [{ type: 'integer' }],
      items: { type: 'string' },
    });
  });
});
