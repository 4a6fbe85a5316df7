import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { KINDS } from '../../src/resources/registry.js';
import {
  loadResources, NoResourcesError, parseDocuments, splitDocuments, type LoadedResource, type LoadOptions,
} from '../../src/resources/loader.js';
import { loadSlowReader } from '../../src/resources/documents.js';
import { refusal } from './parse-helpers.js';

// parseDocuments is called directly below: js-yaml must be loaded for documents that need it.
beforeAll(loadSlowReader);

const FIX = fileURLToPath(new URL('../../fixtures/input/', import.meta.url)).replace(/\/$/, '');
const fx = (name: string) => join(FIX, name);
const UNKNOWN = 'field in document is not recognized or is in the wrong location: ';

const summary = (rs: LoadedResource[]) => rs.map((r) => `${r.resource.kind}/${r.resource.metadata.name}@${r.index}`);

async function failure(opts: LoadOptions): Promise<Error> {
  try {
    await loadResources(opts);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as Error;
  }
  throw new Error('loadResources succeeded');
}

describe('loadResources: files', () => {
  it('loads a single resource with its kind definition and source', async () => {
    const [r, ...rest] = await loadResources({ filename: fx('ippool.yaml') });
    expect(rest).toEqual([]);
    expect(r!.def.kind).toBe('IPPool');
    expect(r!.source).toBe(fx('ippool.yaml'));
    expect(r!.index).toBe(1);
    expect(r!.resource).toEqual({
      apiVersion: 'projectcalico.org/v3', kind: 'IPPool', metadata: { name: 'pool-a' },
      spec: { cidr: '10.1.0.0/16', blockSize: 26, ipipMode: 'Always', natOutgoing: true },
    });
  });

  it('splits multi-document files and numbers only documents with content', async () => {
    const rs = await loadResources({ filename: fx('multi.yaml') });
    expect(summary(rs)).toEqual(['IPPool/pool-1@1', 'GlobalNetworkPolicy/allow-dns@2', 'NetworkPolicy/web@3']);
    expect(rs[2]!.resource.spec).toEqual({
      selector: "app == 'web'",
      ingress: [{ action: 'Allow', protocol: 'TCP', destination: { ports: [80, 'http', '8000:8080'] } }],
    });
  });

  it('expands <Kind>List, v1 List and arrays (YAML and JSON, mixed kinds)', async () => {
    expect(summary(await loadResources({ filename: fx('list.yaml') }))).toEqual(['IPPool/list-pool-1@1', 'IPPool/list-pool-2@1']);
    const items = await loadResources({ filename: fx('list.yaml') });
    expect(items[1]!.resource.apiVersion).toBe('projectcalico.org/v3');
    expect(items[1]!.resource.kind).toBe('IPPool');
    expect(summary(await loadResources({ filename: fx('v1-list.yaml') }))).toEqual(['IPPool/v1list-pool@1', 'GlobalNetworkSet/v1list-set@1']);
    expect(summary(await loadResources({ filename: fx('array.yaml') }))).toEqual(['IPPool/array-pool@1', 'Tier/array-tier@1']);
    const json = await loadResources({ filename: fx('array.json') });
    expect(summary(json)).toEqual(['GlobalNetworkSet/json-set@1', 'IPPool/json-pool@1']);
    expect(json[1]!.resource.spec).toEqual({ cidr: '10.50.0.0/16', disabled: false });
    expect(summary(await loadResources({ filename: fx('single.json') }))).toEqual(['IPPool/single-json@1']);
  });

  it('reads YAML 1.1 scalars as calicoctl does', async () => {
    const [r] = await loadResources({ filename: fx('yaml11.yaml') });
    expect(r!.resource.metadata).toEqual({
      name: 'yaml11', labels: { enabled: 'true', version: '1.1', quoted: 'yes' }, annotations: { date: '2001-12-14' },
    });
    expect(r!.resource.spec).toEqual({ cidr: '10.120.0.0/16', blockSize: 26, natOutgoing: true, disabled: false });
  });

  it('accepts crd.projectcalico.org/v1 as v3 with one warning per source', async () => {
    const warnings: string[] = [];
    const rs = await loadResources({ filename: fx('crd-v1.yaml'), warn: (l) => warnings.push(l) });
    expect(summary(rs)).toEqual(['IPPool/crd-pool@1', 'GlobalNetworkPolicy/crd-policy@2']);
    expect(rs.map((r) => r.resource.apiVersion)).toEqual(['projectcalico.org/v3', 'projectcalico.org/v3']);
    expect(warnings).toEqual([
      `Warning: ${fx('crd-v1.yaml')}: apiVersion crd.projectcalico.org/v1 is the Kubernetes CRD form; treating it as projectcalico.org/v3`,
    ]);
  });
});

describe('loadResources: errors name the source, the document and the reason', () => {
  it.each([
    ['unknown-field.yaml', `document 2: ${UNKNOWN}foo`],
    ['type-error.yaml', 'document 1: cannot unmarshal string into Go struct field IPPoolSpec.spec.disabled of type bool'],
    ['unknown-kind.yaml', 'document 2: unknown resource type (Widget) and/or version (projectcalico.org/v3)'],
    ['bad-yaml.yaml', 'document 2: error converting YAML to JSON: yaml: line 12: bad indentation of a mapping entry'],
    ['k8s-networkpolicy.yaml', "document 1: this is a Kubernetes NetworkPolicy (apiVersion networking.k8s.io/v1), not a Calico resource; 'calicoctl convert' turns it into a Calico NetworkPolicy (apiVersion projectcalico.org/v3)"],
  ])('%s', async (file, reason) => {
    expect((await failure({ filename: fx(file) })).message).toBe(`${fx(file)}: ${reason}`);
  });

  it('reports empty files, directories and stdin with NoResourcesError', async () => {
    const empty = await failure({ filename: fx('empty.yaml') });
    expect(empty).toBeInstanceOf(NoResourcesError);
    expect(empty.message).toBe(`no resources specified in file ${fx('empty.yaml')}`);
    const dir = await failure({ filename: fx('dir-noinput') });
    expect(dir).toBeInstanceOf(NoResourcesError);
    expect(dir.message).toBe(`no resources specified in directory ${fx('dir-noinput')}`);
    const stdin = await failure({ filename: '-', readStdin: async () => '# nothing\n---\n' });
    expect(stdin).toBeInstanceOf(NoResourcesError);
    expect(stdin.message).toBe('no resources specified in file -');
  });

  it('reports missing files as Go does', async () => {
    expect((await failure({ filename: fx('nope.yaml') })).message).toBe(`open ${fx('nope.yaml')}: no such file or directory`);
  });
});

describe('loadResources: directories and stdin', () => {
  it('reads .yaml/.yml/.json (any case) in lexical order, sub-directories only with recursive', async () => {
    expect(summary(await loadResources({ filename: fx('dir') }))).toEqual(['IPPool/dir-a@1', 'IPPool/dir-b@1', 'IPPool/dir-c@1', 'IPPool/dir-z@1']);
    const rs = await loadResources({ filename: fx('dir'), recursive: true });
    expect(rs.map((r) => r.resource.metadata.name)).toEqual(['dir-a', 'dir-b', 'dir-c', 'dir-sub-d', 'dir-sub-deeper-e', 'dir-z']);
    expect(rs[4]!.source).toBe(join(FIX, 'dir', 'sub', 'deeper', 'e.yaml'));
  });

  it('parses every file before returning: one bad file fails the whole load', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'loader-'));
    try {
      writeFileSync(join(tmp, 'a.yaml'), 'apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: ok}\nspec: {cidr: 10.0.0.0/8}\n');
      writeFileSync(join(tmp, 'b.yaml'), 'apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: bad, nmae: x}\n');
      expect((await failure({ filename: tmp })).message).toBe(`${join(tmp, 'b.yaml')}: document 1: ${UNKNOWN}nmae`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('reads stdin for "-"', async () => {
    const text = 'apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: t1\nspec:\n  order: 10\n';
    const [r] = await loadResources({ filename: '-', readStdin: async () => text });
    expect(r!.source).toBe('-');
    expect(r!.resource).toEqual({ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 't1' }, spec: { order: 10 } });
  });
});

describe('parseDocuments', () => {
  const V3 = 'apiVersion: projectcalico.org/v3';
  const reason = refusal;

  it('splits on lines starting with --- and keeps line numbers', () => {
    expect(splitDocuments('a: 1\n--- x\nb: 2\n---\n').map((c) => [c.text, c.line])).toEqual([['a: 1\n', 1], ['b: 2\n', 3]]);
    expect(splitDocuments('---\r\na: 1\r\n').map((c) => [c.text, c.line])).toEqual([['', 1], ['a: 1\r\n', 2]]);
  });

  it('rejects wrong apiVersions, kinds, list contents and scalars', () => {
    expect(reason(`apiVersion: projectcalico.org/v2\nkind: IPPool\n`)).toBe('in.yaml: document 1: unknown resource type (IPPool) and/or version (projectcalico.org/v2)');
    expect(reason(`${V3}\nkind: ippool\n`)).toBe('in.yaml: document 1: unknown resource type (ippool) and/or version (projectcalico.org/v3)');
    expect(reason(`${V3}\n`)).toBe('in.yaml: document 1: unknown resource type () and/or version (projectcalico.org/v3)');
    expect(reason(`---\n${V3}\nkind: IPPoolList\nitems:\n- kind: Tier\n`)).toBe('in.yaml: document 1: IPPoolList can only hold IPPool resources, found kind Tier');
    expect(reason(`${V3}\nkind: IPPoolList\nitems: [5]\n`)).toBe('in.yaml: document 1: cannot unmarshal number into Go struct field IPPoolList.items of type v3.IPPool');
    expect(reason(`${V3}\nkind: IPPoolList\nmetadata: {name: x}\n`)).toBe(`in.yaml: document 1: ${UNKNOWN}name`);
    expect(reason('just text\n')).toBe('in.yaml: document 1: cannot unmarshal string into Go value of type v1.TypeMeta');
    expect(reason(`a: 1\n---\n- 5\n`)).toBe('in.yaml: document 1: unknown resource type () and/or version ()');
    expect(reason(`${V3}\nkind: IPPool\nmetadata: {name: a}\n---\n- 5\n`)).toBe('in.yaml: document 2: cannot unmarshal number into Go value of type v1.TypeMeta');
    expect(reason(`apiVersion: extensions/v1beta1\nkind: NetworkPolicy\n`)).toMatch(/^in\.yaml: document 1: this is a Kubernetes NetworkPolicy \(apiVersion extensions\/v1beta1\)/);
  });

  it('loads every registered kind, alone and as a <Kind>List, with its own schema', () => {
    for (const def of KINDS) {
      const one = `${V3}\nkind: ${def.kind}\nmetadata:\n  name: x\nspec: {}\n`;
      const list = `${V3}\nkind: ${def.kind}List\nitems:\n- metadata: {name: y}\n`;
      const rs = parseDocuments(`${one}---\n${list}`, 'all.yaml');
      expect(rs.map((r) => [r.def, r.resource.kind, r.index])).toEqual([[def, def.kind, 1], [def, def.kind, 2]]);
      expect(() => parseDocuments(`${one}bogus: 1\n`, 'all.yaml')).toThrow(`all.yaml: document 1: ${UNKNOWN}bogus`);
      expect(() => parseDocuments(`${V3}\nkind: ${def.kind}\nspec: {bogus: 1}\n`, 'all.yaml')).toThrow(`${UNKNOWN}bogus`);
    }
  });

  it('rejects duplicate keys with the file line', () => {
    expect(reason(`${V3}\nkind: IPPool\nmetadata:\n  name: a\n  name: b\n`)).toBe('in.yaml: document 1: error converting YAML to JSON: yaml: line 5: duplicated mapping key');
  });

  it('rejects documents over 10 MiB', () => {
    const big = `${V3}\nkind: IPPool\nmetadata:\n  name: a\n  annotations:\n    x: "${'a'.repeat(10 * 1024 * 1024)}"\n`;
    expect(reason(big)).toBe('in.yaml: document 1: document is larger than the maximum of 10485760 bytes');
  });

  it('decodes documents js-yaml reads (anchors, JSON) without sharing objects between fields', () => {
    const [r] = parseDocuments(`${V3}\nkind: IPPool\nmetadata:\n  name: a\n  labels: &l {k: v}\n  annotations: *l\n`, 'x');
    expect(r!.resource.metadata.labels).toEqual({ k: 'v' });
    expect(r!.resource.metadata.annotations).toEqual({ k: 'v' });
    expect(r!.resource.metadata.labels).not.toBe(r!.resource.metadata.annotations);
    const [j] = parseDocuments('{"apiVersion": "projectcalico.org/v3", "kind": "Tier", "metadata": {"name": "t"}, "spec": {"order": 1.5}}', 'j.json');
    expect(j!.resource).toEqual({ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 't' }, spec: { order: 1.5 } });
  });

  it('strips a byte-order mark and accepts case-insensitive TypeMeta keys', () => {
    const [r] = parseDocuments(`\uFEFFApiVersion: projectcalico.org/v3\nKind: IPPool\nmetadata: {name: a}\n`, 'x');
    expect(r!.resource).toEqual({ apiVersion: 'projectcalico.org/v3', kind: 'IPPool', metadata: { name: 'a' } });
  });

  it('decodes 10,000 GlobalNetworkPolicies quickly', () => {
    const doc = (i: number) => `${V3}\nkind: GlobalNetworkPolicy\nmetadata:\n  name: policy-${i}\n  labels:\n    team: t${i % 7}\nspec:\n` +
      `  order: ${i}\n  selector: app == 'a${i}'\n  types: [Ingress, Egress]\n  ingress:\n  - action: Allow\n    protocol: TCP\n` +
      `    source:\n      selector: role == 'client'\n      nets: [10.0.0.0/8]\n    destination:\n      ports: [80, 443, "8000:8080"]\n` +
      `  egress:\n  - action: Allow\n    protocol: UDP\n    destination:\n      ports: [53]\n`;
    const text = Array.from({ length: 10_000 }, (_, i) => doc(i)).join('---\n');
    const t0 = performance.now();
    const rs = parseDocuments(text, 'bench.yaml');
    const ms = performance.now() - t0;
    console.log(`parseDocuments: 10,000 GlobalNetworkPolicies (${(text.length / 1e6).toFixed(1)} MB) in ${ms.toFixed(0)} ms`);
    expect(rs).toHaveLength(10_000);
    expect(rs[9_999]!.resource.metadata.name).toBe('policy-9999');
    expect(ms).toBeLessThan(5000); // catches pathological (e.g. quadratic) regressions on loaded CI machines; see bench/loader.mjs
  });
});
