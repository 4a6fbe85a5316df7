/**
 * The fast reader must agree with js-yaml + GO_YAML_SCHEMA on everything it accepts, and
 * give up (FALLBACK) on everything else.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { splitDocuments } from '../../../src/resources/loader.js';
import { FALLBACK, fastYaml } from '../../../src/resources/schema/fastyaml.js';
import { GO_YAML_SCHEMA } from '../../../src/resources/schema/goyaml-schema.js';
import { mulberry32 } from '../../helpers/random.js';

const reference = (text: string): unknown => yaml.load(text, { schema: GO_YAML_SCHEMA });

/** Checks agreement; returns whether the fast path handled the text. */
function agree(text: string): boolean {
  const fast = fastYaml(text);
  if (fast === FALLBACK) return false;
  expect(fast, text).toEqual(reference(text));
  return true;
}

describe('fastYaml', () => {
  it.each([
    ['nested maps, comments, trailing comments', 'a: 1\n# c\nb:\n  c: x # note\n  d: "q # not a comment"\n\ne: ~\n'],
    ['indentless and indented sequences', 'a:\n- 1\n- x\nb:\n  - yes\n  - \'it\'\'s\'\n'],
    ['compact maps in sequences', 'rules:\n- action: Allow\n  source:\n    nets: [10.0.0.0/8]\n-   action: Deny\n    protocol: 6\n'],
    ['items on their own lines', '-\n  - a\n  - b\n-\n  k: v\n- # c\n  z: 1\n'],
    ['flow collections', 'a: []\nb: {}\nc: [80, "http", \'x\', 1.5, yes]\nd: {name: x, num: 2}\ne: [ ]\n'],
    ['scalars of every resolution', 'a: 0755\nb: 0x1F\nc: 1_000\nd: .5\ne: -.inf\nf: off\ng: 2001-12-14\nh: 1.10\ni: -0\nj: "\\u00e9\\n"\n'],
    ['keys with dots, slashes, dashes', 'metadata:\n  labels:\n    projectcalico.org/tier: default\n    app.kubernetes.io/name: x-y\n'],
    ['colons and hashes inside plain values', 'url: http://h:80/x\nsel: a == \'b\' && c#d\nports: "8000:8080"\n'],
    ['CRLF line endings', 'a: 1\r\nb:\r\n  - x\r\n'],
    ['a top-level sequence', '- apiVersion: v\n  kind: K\n- apiVersion: w\n'],
  ])('agrees with js-yaml: %s', (_, text) => {
    expect(agree(text)).toBe(true);
  });

  it.each([
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['tags', 'a: !!str 5\n'],
    ['compact nested sequences', '- - a\n  - b\n'],
    ['empty sequence entries', 'a:\n  -\n  - x\n'],
    ['block scalars', 'a: |\n  text\n'],
    ['multi-line plain scalars', 'a: one\n  two\n'],
    ['multi-line quoted scalars', 'a: "one\n  two"\n'],
    ['tabs', 'a:\t1\n'],
    ['duplicate keys', 'a: 1\na: 2\n'],
    ['quoted keys', '"a": 1\n'],
    ['keys that resolve to non-strings', 'yes: 1\n'],
    ['merge keys', 'a: {x: 1}\nb:\n  <<: {y: 2}\n'],
    ['nested flow collections', 'a: [1, [2]]\n'],
    ['a value that is a mapping on the key line', 'a: b: c\n'],
    ['bad indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['a top-level scalar', 'just text\n'],
    ['a sequence after a mapping at the same level', 'a: 1\n- b\n'],
    ['prototype keys', 'constructor: 1\n'],
    ['__proto__', '__proto__: {a: 1}\n'],
  ])('falls back on %s', (_, text) => {
    expect(fastYaml(text)).toBe(FALLBACK);
  });

  it('agrees with js-yaml on every document of the repository fixtures', () => {
    const root = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(ya?ml|json)$/i.test(name)) files.push(p);
      }
    };
    walk(root);
    let handled = 0;
    for (const f of files) {
      for (const chunk of splitDocuments(readFileSync(f, 'utf8'))) if (chunk.text.trim() !== '' && agree(chunk.text)) handled++;
    }
    expect(handled).toBeGreaterThan(20);
  });

  it('agrees with js-yaml on generated documents (seeded fuzz)', () => {
    const seed = Number(process.env.FUZZ_SEED ?? 12345);
    const next = mulberry32(seed);
    const rand = (n: number): number => Math.floor(next() * n);
    const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;
    const keys = ['a', 'b.c', 'x/y', 'k-1', 'spec', 'Name', 'ports', 'selector', 'z'];
    const badKeys = ['yes', '"q"', '<<', 'a b', '1', 'n'];
    const simple = ['foo', 'Allow', 'all()', "app == 'x'", '10.0.0.0/8', '80', '1.5', 'true', '"quoted"', "'single'", '[a, b]', '{}'];
    const tricky = [
      'foo', 'yes', 'No', '0755', '08', '1_000', '0x1F', '.5', '-1', '+1', '1e3', '~', 'null', '', "'it''s'", '"a\\"b"',
      '"t\\tx"', '"\\x41"', 'a #b', 'a#b', 'x: y', 'http://h:80', '[]', '{}', '[a, b]', '[a, [b]]', '{a: 1}', '{a: 1, a: 2}',
      '&anc x', '*anc', '!!str 5', '|', '- x', '@x', '`x', '%x', '?x', ':x', 'a,b', '[a, "b, c"]', "['x', y]", '2001-12-14',
      '1.10', '-.inf', '.nan', '"8000:8080"', '[80, "http"]', 'a: b', '-', '"unterminated', "'a' b", '"a" # c', '[a] x', '{a: [1]}',
      '[x, ]', '[ ]', '{ }', '0o17', '-0', '0b101', 'TRUE', 'oN', '1:2', '[8000:8080]', '{a:1}', '"\\u00e9"', '"\\/"',
    ];
    const lines: string[] = [];
    const emit = (depth: number, indent: number, seq: boolean): void => {
      const pad = ' '.repeat(indent);
      const n = 1 + rand(3);
      const used = new Set<string>();
      for (let i = 0; i < n; i++) {
        if (rand(8) === 0) lines.push(rand(2) ? '' : `${pad}# comment`);
        let k = pick(keys);
        while (used.has(k) && rand(10) !== 0) k = pick(keys);
        used.add(k);
        const head = seq ? `${pad}-` : `${pad}${rand(40) === 0 ? pick(badKeys) : k}:`;
        if (depth > 0 && rand(2) === 0) {
          lines.push(head + (rand(6) === 0 ? ' # c' : ''));
          const childSeq = rand(3) === 0;
          // A sequence may sit at its key's indentation; anything else must be indented.
          const same = !seq && childSeq && rand(2) === 0;
          emit(depth - 1, same ? indent : indent + pick([2, 4]), childSeq);
        } else {
          const value = rand(25) === 0 ? pick(tricky) : pick(simple);
          lines.push(`${head} ${value}${rand(6) === 0 ? ' # trailing' : ''}`);
        }
      }
    };
    let handled = 0;
    const rounds = Number(process.env.FUZZ_ROUNDS ?? 3000);
    for (let i = 0; i < rounds; i++) {
      lines.length = 0;
      emit(3, 0, rand(4) === 0);
      const text = `${lines.join('\n')}\n`;
      let ref: unknown;
      let threw = false;
      try {
        ref = reference(text);
      } catch {
        threw = true;
      }
      const fast = fastYaml(text);
      if (fast === FALLBACK) continue;
      handled++;
      expect(threw, text).toBe(false);
      expect(fast, text).toEqual(ref);
    }
    if (process.env.FUZZ_ROUNDS) console.log(`fuzz: ${handled} of ${rounds} handled by the fast path`);
    expect(handled).toBeGreaterThan(rounds / 5);
  });
});
