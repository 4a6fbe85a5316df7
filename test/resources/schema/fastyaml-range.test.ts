/**
 * The index-based fast reader: edges its character-level scanning creates (line endings,
 * unusual characters, comments, flow items, key matching), reading a range of a larger text,
 * and the schema check it does while reading (it must agree with decodesToItself).
 */
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { KINDS } from '../../../src/resources/registry.js';
import { decodesToItself } from '../../../src/resources/schema/decode-check.js';
import { FALLBACK, fastYaml, fastYamlRange, readDecodesToItself } from '../../../src/resources/schema/fastyaml.js';
import { GO_YAML_SCHEMA } from '../../../src/resources/schema/goyaml-schema.js';
import { rootNode } from '../../../src/resources/schema/load.js';
import { mulberry32 } from '../../helpers/random.js';

const reference = (text: string): unknown => yaml.load(text, { schema: GO_YAML_SCHEMA });

describe('fastYaml: character-level edges', () => {
  it.each([
    ['CRLF with trailing spaces', 'a: 1  \r\nb:\r\n  - x \r\n  - "q"\r\n'],
    ['a last line without a newline', 'a:\n  b: c'],
    ['comments after values, after keys and on their own lines', 'a: b  # c: d\n# x: y\nc: # note\n  d: [1, 2] # e\ne: "f" # g\n'],
    ['a hash inside a plain value', 'a: b#c\nd: e #f\ng: h#i #j\n'],
    ['colons inside plain values', 'a: b:c\nd: http://x:80/y\ne: 1:2:3\n'],
    ['spaces inside plain values', 'a: b   c\nd: e  f  # g\n'],
    ['flow sequences with spaces and quotes', 'a: [ 1 ,  b , "c, d" , \'e\' ]\nb: [x]\nc: {k: v,  l:  "w"}\n'],
    ['Unicode letters in values', 'a: café\nb: "日本"\nc: [ü]\n'],
    ['many keys of one length and first letter', Array.from({ length: 300 }, (_, i) => `k${String(i).padStart(4, '0')}: ${i}`).join('\n')],
    ['many keys in one mapping, and the same keys in nested ones', `${Array.from({ length: 40 }, (_, i) => `k${i}:\n  k${i}: ${i}`).join('\n')}\n`],
    ['keys longer than the key table holds', `${'k'.repeat(80)}: 1\n${'k'.repeat(81)}: 2\n`],
    ['a sequence of plain scalars without colons', `l:\n${Array.from({ length: 50 }, (_, i) => `- 10.0.${i}.0/24`).join('\n')}\n`],
  ])('agrees with js-yaml: %s', (_, text) => {
    const fast = fastYaml(text);
    expect(fast).not.toBe(FALLBACK);
    expect(fast).toEqual(reference(text));
  });

  it.each([
    ['a tab in a comment', 'a: 1 #\tc\n'],
    ['a tab before a value', 'a:\t1\n'],
    ['a lone carriage return inside a line', 'a: b\rc: d\n'],
    ['a lone carriage return before trailing spaces', 'a: b\r  \n'],
    ['a control character in a value', 'a: b\u0001c\n'],
    ['a control character in a comment line', '# \u0007\na: 1\n'],
    ['a DEL character', 'a: b\u007f\n'],
    ['a no-break space in a value', 'a: b\u00a0\n'],
    ['a line separator', 'a: b\u2028c\n'],
    ['a byte-order mark inside the text', 'a: \ufeffb\n'],
    ['a lone surrogate', 'a: \ud800\n'],
    ['an escape JSON does not know', 'a: "\\x41"\n'],
    ['an empty flow item', 'a: [b, ]\n'],
    ['a flow map with a duplicate key', 'a: {b: 1, b: 2}\n'],
    ['a key of Object.prototype in a flow map', 'a: {toString: 1}\n'],
    ['a quoted key', "'a': 1\n"],
    ['a key with a space before its colon', 'a : 1\n'],
    ['a duplicate key in a mapping of many keys', `${Array.from({ length: 40 }, (_, i) => `k${i}: ${i}`).join('\n')}\nk3: again\n`],
    ['a duplicate key among the first keys', 'm:\n  a: 1\n  b:\n    a: 2\n  a: 3\n'],
    ['a key of Object.prototype in a nested mapping', 'a:\n  hasOwnProperty: 1\n'],
  ])('falls back on %s', (_, text) => {
    expect(fastYaml(text)).toBe(FALLBACK);
  });

  it('reads a range of a larger text, up to (not into) what follows', () => {
    const text = 'x: 0\n---\na: 1\nb:\n  - c\n---\nd: 2\n';
    const start = text.indexOf('a:');
    const end = text.indexOf('---', start);
    expect(fastYamlRange(text, start, end)).toEqual({ a: 1, b: ['c'] });
    expect(fastYamlRange(text, end + 4, text.length)).toEqual({ d: 2 });
    expect(fastYamlRange(text, start, start)).toBe(FALLBACK); // nothing to read
  });

  it('is not confused by an earlier read that fell back', () => {
    expect(fastYaml('a:\n  - [1, [2]]\n  - x\n')).toBe(FALLBACK);
    expect(fastYaml('a:\n  - 1\n  - x\n')).toEqual({ a: [1, 'x'] });
  });
});

describe('fastYamlRange: the schema check agrees with decodesToItself', () => {
  const V3 = 'apiVersion: projectcalico.org/v3';
  const docs = [
    `${V3}\nkind: GlobalNetworkPolicy\nmetadata:\n  name: p\nspec:\n  order: 10\n  selector: all()\n  ingress:\n  - action: Allow\n    destination:\n      ports: [80, "http"]\n`,
    `${V3}\nkind: GlobalNetworkPolicy\nmetadata:\n  name: p\n  labels:\n    a: "1"\nspec:\n  order: 1.5\n`,
    `${V3}\nkind: GlobalNetworkPolicy\nmetadata:\n  name: p\n  labels:\n    a: 1\n`, // a number where a string goes
    `${V3}\nkind: GlobalNetworkPolicy\nmetadata:\n  name: p\nspec:\n  selector:\n`, // null
    `${V3}\nkind: GlobalNetworkPolicy\nmetadata:\n  name: p\nspec:\n  Selector: x\n`, // case-folded name
    `${V3}\nkind: GlobalNetworkPolicy\nmetadata:\n  name: p\nspec:\n  bogus: x\n`, // unknown field
    `${V3}\nkind: GlobalNetworkPolicy\nmetadata:\n  name: p\nspec:\n  ingress:\n  - ~\n`, // null element
    `${V3}\nkind: GlobalNetworkPolicy\nmetadata:\n  name: p\nspec:\n  ingress: x\n`, // wrong shape
    `${V3}\nkind: GlobalNetworkPolicy\nspec:\n  ingress:\n  - action: Allow\n    source: [x]\n`, // a sequence for an object
    `${V3}\nkind: GlobalNetworkPolicy\nmetadata:\n  name: p\n  annotations:\n    x: y\n    z: ~\n`,
    `${V3}\nkind: IPPool\nmetadata:\n  name: p\nspec:\n  cidr: 10.0.0.0/8\n  blockSize: 26\n  disabled: no\n`,
    `${V3}\nkind: IPPool\nmetadata:\n  name: p\nspec:\n  blockSize: 99999999999\n`, // out of int32 range
    `${V3}\nkind: IPPool\nspec:\n  nodeSelector: [a]\n`,
    `- ${V3}\n  kind: IPPool\n`, // a top-level sequence
  ];

  it('for every kind and document', () => {
    let clean = 0;
    for (const def of KINDS) {
      const root = rootNode(def);
      for (const text of docs) {
        const value = fastYamlRange(text, 0, text.length, root);
        expect(value, text).not.toBe(FALLBACK);
        expect(readDecodesToItself(), `${def.kind}\n${text}`).toBe(decodesToItself(root, value));
        if (readDecodesToItself()) clean++;
      }
    }
    expect(clean).toBeGreaterThan(2);
  });

  it('is false without a schema', () => {
    fastYamlRange('a: 1\n', 0, 5);
    expect(readDecodesToItself()).toBe(false);
  });
});

describe('fastYamlRange: line hints from the previous document', () => {
  it('agrees with js-yaml on runs of similar documents (seeded fuzz)', () => {
    const seed = Number(process.env.FUZZ_SEED ?? 777);
    const next = mulberry32(seed);
    const rand = (n: number): number => Math.floor(next() * n);
    const base = [
      'apiVersion: projectcalico.org/v3', 'kind: GlobalNetworkPolicy', 'metadata:', '  name: p', '  labels:', '    a: b',
      'spec:', '  order: 10', "  selector: app == 'x'", '  types: [Ingress]', '  ingress:', '  - action: Allow',
      '    protocol: TCP', '    source:', '      selector: all()', '    destination:', '      ports: [80, 443]', '  - action: Deny',
    ];
    // (Some values start with others: a hint must match a whole value, not a prefix.)
    const values = ['x', 'xy', 'Allow', 'Allowed', '10', '1.10', 'yes', '~', '', '"q"', "'s'", '[a]', '{}', 'a: b', 'a #c', '- x', 'TCP', 'TCP:x'];
    const root = rootNode(KINDS.find((k) => k.kind === 'GlobalNetworkPolicy')!);
    let handled = 0;
    let lines = [...base];
    for (let round = 0; round < 1500; round++) {
      if (rand(5) === 0) lines = [...base];
      const i = rand(lines.length);
      const line = lines[i]!;
      const colon = line.indexOf(': ');
      switch (rand(8)) {
        case 0: if (colon !== -1) lines[i] = `${line.slice(0, colon + 2)}${values[rand(values.length)]}`; break;
        case 7: if (colon !== -1) lines[i] = `${line.slice(0, colon + 1)}${line.slice(colon + 2)}`; break; // `key:value`
        case 1: lines.splice(i, 0, line); break;
        case 2: lines.splice(i, 1); break;
        case 3: lines[i] = rand(2) ? `  ${line}` : line.replace(/^ {2}/, ''); break;
        case 4: if (colon !== -1) lines[i] = line.slice(0, colon + 1); break;
        case 5: lines.splice(i, 0, rand(2) ? '# note' : ''); break;
        default: if (i + 1 < lines.length) [lines[i], lines[i + 1]] = [lines[i + 1]!, line];
      }
      const text = `${lines.join('\n')}\n`;
      let ref: unknown;
      let threw = false;
      try {
        ref = reference(text);
      } catch {
        threw = true;
      }
      // Twice: the second read of the same text is fully hinted.
      for (let k = 0; k < 2; k++) {
        const fast = fastYamlRange(text, 0, text.length, root);
        if (fast === FALLBACK) continue;
        handled++;
        expect(threw, text).toBe(false);
        expect(fast, text).toEqual(ref);
        expect(readDecodesToItself(), text).toBe(decodesToItself(root, fast));
      }
    }
    expect(handled).toBeGreaterThan(500);
  });
});
