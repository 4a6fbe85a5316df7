/**
 * parseDocuments over the index-based splitting and reading: document boundaries and line
 * numbers, documents the fast reader leaves to js-yaml, and the shortcut that skips decoding
 * for documents of the previous document's kind that decode to themselves (it must never skip
 * a conversion or a check).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSlowReader, parseDocuments, splitDocuments } from '../../src/resources/documents.js';
import { KindLines } from '../../src/resources/kind-lines.js';
import { refusal } from './parse-helpers.js';
// parseDocuments looks kinds up in kind-catalog.ts: loading the registry makes every kind known.
import '../../src/resources/registry.js';

// Documents the fast reader leaves to js-yaml need it loaded (readDocuments does this on demand).
beforeAll(loadSlowReader);

const V3 = 'apiVersion: projectcalico.org/v3';
const UNKNOWN = 'field in document is not recognized or is in the wrong location: ';

/** The splitting rule as first written: line by line, a line starting with `---` separates. */
function referenceSplit(text: string): { text: string; line: number }[] {
  const chunks: { text: string; line: number }[] = [];
  let start = 0;
  let startLine = 1;
  let pos = 0;
  let line = 1;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    if (text.startsWith('---', pos)) {
      chunks.push({ text: text.slice(start, pos), line: startLine });
      start = end + 1;
      startLine = line + 1;
    }
    if (nl === -1) break;
    pos = nl + 1;
    line++;
  }
  if (start < text.length) chunks.push({ text: text.slice(start), line: startLine });
  return chunks;
}

const gnp = (name: string, spec: string): string => `${V3}\nkind: GlobalNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n${spec}`;

const reason = refusal;

describe('splitDocuments', () => {
  it.each([
    ['separators first, last and in a row', '---\na: 1\n---\n---\nb: 2\n---\n'],
    ['text after a separator is dropped', '--- !tag\na: 1\n--- {b: 2}\nc: 3'],
    ['lines that only start with dashes', 'a: ---\n----\nb: 1\n ---\nc: 2\n'],
    ['CRLF', '---\r\na: 1\r\n---\r\nb: 2\r\n'],
    ['a separator as the very last line without a newline', 'a: 1\n---'],
    ['no separator at all', 'a: 1\nb: 2\n'],
    ['nothing', ''],
  ])('%s', (_, text) => {
    expect(splitDocuments(text)).toEqual(referenceSplit(text));
  });
});

describe('parseDocuments', () => {
  it('splits at --- even inside a block scalar, as calicoctl does', () => {
    const text = `${V3}\nkind: IPPool\nmetadata:\n  name: a\n  annotations:\n    x: |\n      line\n---\n      more\n`;
    expect(reason(text)).toBe('in.yaml: document 2: cannot unmarshal string into Go value of type v1.TypeMeta');
  });

  it('reports YAML errors with the line in the file, whichever document they are in', () => {
    const one = `${V3}\nkind: IPPool\nmetadata:\n  name: a\n`;
    expect(reason(`${one}---\n${one}---\n# c\n${one}  name: b\n`)).toBe(
      'in.yaml: document 3: error converting YAML to JSON: yaml: line 16: duplicated mapping key');
  });

  it('reads documents with tabs, CRLF and comments like the same documents without them', () => {
    const plain = parseDocuments(gnp('p', '  order: 1\n  selector: all()\n'), 'x');
    const tabbed = parseDocuments(gnp('p', '  order:\t1\n  selector: all()\n'), 'x');
    const crlf = parseDocuments(gnp('p', '  order: 1\n  selector: all()\n').replace(/\n/g, '\r\n'), 'x');
    const commented = parseDocuments(`# head\n${gnp('p', '  order: 1 # first\n  # gap\n  selector: all()\n')}`, 'x');
    for (const other of [tabbed, crlf, commented]) expect(other.map((r) => r.resource)).toEqual(plain.map((r) => r.resource));
  });

  it('still decodes documents of the previous kind that need it (conversions, renames, nulls)', () => {
    const clean = gnp('a', '  order: 1\n');
    const rs = parseDocuments([
      clean,
      clean.replace('name: a', 'name: b\n  labels:\n    v: 1.10\n    w: yes'),
      clean.replace('name: a', 'name: c').replace('  order: 1', '  Order: 2\n  selector:'),
      clean.replace('name: a', 'name: d').replace('  order: 1', '  types: [Ingress, ~]'),
      clean.replace('name: a', 'name: e'),
    ].join('---\n'), 'x');
    expect(rs.map((r) => r.resource)).toEqual([
      { apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name: 'a' }, spec: { order: 1 } },
      { apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name: 'b', labels: { v: '1.1', w: 'true' } }, spec: { order: 1 } },
      { apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name: 'c' }, spec: { order: 2 } },
      { apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name: 'd' }, spec: { types: ['Ingress', ''] } },
      { apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name: 'e' }, spec: { order: 1 } },
    ]);
  });

  it('still rejects bad documents of the previous kind, naming the document', () => {
    const clean = gnp('a', '  order: 1\n');
    expect(reason(`${clean}---\n${clean}---\n${clean}  bogus: 1\n`)).toBe(`in.yaml: document 3: ${UNKNOWN}bogus`);
    expect(reason(`${clean}---\n${clean.replace('order: 1', 'order: x')}`)).toBe(
      'in.yaml: document 2: cannot unmarshal string into Go struct field GlobalNetworkPolicySpec.spec.order of type float64');
    expect(reason(`${clean}---\n${clean}---\n${V3}\nkind: IPPool\nmetadata:\n  name: p\nspec:\n  order: 1\n`)).toBe(
      `in.yaml: document 3: ${UNKNOWN}order`);
  });

  it('gives resources that share nothing with each other', () => {
    const clean = gnp('a', '  types: [Ingress]\n');
    const [a, b] = parseDocuments(`${clean}---\n${clean}`, 'x');
    expect(a!.resource).toEqual(b!.resource);
    expect(a!.resource.spec).not.toBe(b!.resource.spec);
    expect((a!.resource.spec as { types: string[] }).types).not.toBe((b!.resource.spec as { types: string[] }).types);
  });
});

describe('parseDocuments: files mixing kinds', () => {
  const pool = (name: string, extra = ''): string => `${V3}\nkind: IPPool\nmetadata:\n  name: ${name}\nspec:\n  cidr: 10.0.0.0/16\n${extra}`;
  const set = (name: string): string => `${V3}\nkind: GlobalNetworkSet\nmetadata:\n  name: ${name}\nspec:\n  nets:\n  - 10.1.0.0/16\n`;

  it('reads each document against its own kind, converting and checking as usual', () => {
    const text = [
      pool('a'), gnp('b', '  order: 1\n'), set('c'), pool('d', '  blockSize: 26\n'), gnp('e', '  order: 2\n  selector: x\n'),
      set('f').replace('nets:', 'Nets:'), pool('g', '  natOutgoing: yes\n'), gnp('h', '  order: 3\n').replace('name: h', 'name: h\n  labels:\n    v: 2'),
      // The kind line does not tell (quoted): the previous kind is tried, wrongly, then decoded as what it is.
      `${V3}\nkind: "GlobalNetworkPolicy"\nmetadata:\n  name: i\nspec:\n  order: 4\n`,
      `${V3}\nkind: IPPoolList\nitems:\n- metadata:\n    name: j\n  spec:\n    cidr: 10.2.0.0/16\n    disabled: off\n`,
    ].join('---\n');
    expect(parseDocuments(text, 'x').map((r) => [r.resource.kind, r.resource.metadata, r.resource.spec, r.index])).toEqual([
      ['IPPool', { name: 'a' }, { cidr: '10.0.0.0/16' }, 1],
      ['GlobalNetworkPolicy', { name: 'b' }, { order: 1 }, 2],
      ['GlobalNetworkSet', { name: 'c' }, { nets: ['10.1.0.0/16'] }, 3],
      ['IPPool', { name: 'd' }, { cidr: '10.0.0.0/16', blockSize: 26 }, 4],
      ['GlobalNetworkPolicy', { name: 'e' }, { order: 2, selector: 'x' }, 5],
      ['GlobalNetworkSet', { name: 'f' }, { nets: ['10.1.0.0/16'] }, 6],
      ['IPPool', { name: 'g' }, { cidr: '10.0.0.0/16', natOutgoing: true }, 7],
      ['GlobalNetworkPolicy', { name: 'h', labels: { v: '2' } }, { order: 3 }, 8],
      ['GlobalNetworkPolicy', { name: 'i' }, { order: 4 }, 9],
      ['IPPool', { name: 'j' }, { cidr: '10.2.0.0/16', disabled: false }, 10],
    ]);
  });

  it('rejects a field of another kind in a document of a kind seen before', () => {
    expect(reason([pool('a'), gnp('b', '  order: 1\n'), pool('c', '  order: 1\n')].join('---\n'))).toBe(`in.yaml: document 3: ${UNKNOWN}order`);
    expect(reason([gnp('a', '  order: 1\n'), pool('b'), gnp('c', '  cidr: 10.0.0.0/8\n')].join('---\n'))).toBe(`in.yaml: document 3: ${UNKNOWN}cidr`);
  });
});

describe('KindLines', () => {
  it('finds the top-level kind line of each document, if it is plain', () => {
    const docs = ['kind: A\nx: 1\n', 'a: 1\nkind: Bb \n', 'a:\n  kind: C\n', 'kind: "D"\n', 'k: 1\n', 'kind: E\r\n'];
    const text = docs.join('');
    const lines = new KindLines(text);
    let start = 0;
    const names = docs.map((d) => {
      const name = lines.nameIn(start, start + d.length);
      start += d.length;
      return name;
    });
    expect(names).toEqual(['A', 'Bb', undefined, undefined, undefined, 'E']);
  });
});
