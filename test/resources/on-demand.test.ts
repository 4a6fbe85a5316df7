/**
 * What `-f` input loads on demand: a command reading a file of one kind imports that kind's
 * module only (kind-catalog.ts), and a kind the text scan misses (escaped, tagged) is still
 * found; js-yaml is loaded only for a document the fast reader leaves to it. Runs the built
 * CLI with a module-resolution trace (test/helpers/module-trace.mjs).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'kind-catalog-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** Runs `calicoctl validate -f` on `text`; returns the result and the kind modules loaded. */
async function validate(text: string, ext = 'yaml') {
  const file = join(dir, `in-${++n}.${ext}`);
  const trace = join(dir, `trace-${n}`);
  writeFileSync(file, text);
  writeFileSync(trace, '');
  const res = await runCli(['validate', '-f', file], {
    env: { MODULE_TRACE_FILE: trace, NODE_OPTIONS: `--import ${join(ROOT, 'test', 'helpers', 'module-trace.mjs')}` },
  });
  const urls = readFileSync(trace, 'utf8').split('\n');
  const jsYaml = urls.some((u) => u.includes('/node_modules/js-yaml/'));
  const kinds = [...new Set(urls
    .map((u) => /\/dist\/resources\/kinds\/([a-z]+)\.js$/.exec(u)?.[1])
    .filter((k): k is string => k !== undefined && !['columns', 'datastore', 'inline', 'policy', 'networksets'].some((h) => k.startsWith(h))))].sort();
  return { ...res, kinds, jsYaml };
}

const pool = (name: string, kind = 'IPPool') =>
  `apiVersion: projectcalico.org/v3\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n  cidr: 10.${n}.0.0/16\n`;

describe('kinds loaded on demand', () => {
  it('loads only the kind a file uses', async () => {
    const res = await validate(`${pool('a')}---\n${pool('b')}`);
    expect(res.stdout).toBe("Successfully validated 2 'IPPool' resource(s)\n");
    expect(res.code).toBe(0);
    expect(res.kinds).toEqual(['ippool']);
    expect(res.jsYaml).toBe(false);
  });

  it('loads the kinds of a mixed file, lists included', async () => {
    const text = `${pool('a')}---\napiVersion: projectcalico.org/v3\nkind: TierList\nitems:\n- metadata:\n    name: t1\n  spec:\n    order: 10\n`;
    const res = await validate(text);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe("Successfully validated 2 resource(s)\n");
    expect(res.kinds).toEqual(['ippool', 'tier']);
  });

  it('finds a kind written with a JSON escape, which the text scan cannot see', async () => {
    const res = await validate('{"apiVersion": "projectcalico.org/v3", "kind": "IP\\u0050ool", "metadata": {"name": "p1"}, "spec": {"cidr": "10.1.0.0/16"}}\n', 'json');
    expect(res.stderr).toBe('');
    expect(res.stdout).toBe("Successfully validated 1 'IPPool' resource(s)\n");
    expect(res.code).toBe(0);
    expect(res.kinds).toEqual(['ippool']);
  });

  it('finds a tagged kind in a later document, after other kinds were loaded', async () => {
    const peer = 'apiVersion: projectcalico.org/v3\nkind: !!str BGPPeer\nmetadata:\n  name: peer1\nspec:\n  peerIP: 192.0.2.1\n  asNumber: 64512\n';
    const res = await validate(`${pool('a')}---\n${peer}`);
    expect(res.stderr).toBe('');
    expect(res.stdout).toBe("Successfully validated 2 resource(s)\n");
    expect(res.kinds).toEqual(['bgppeer', 'ippool']);
  });

  it('still refuses a kind that does not exist, naming the document', async () => {
    const res = await validate(`${pool('a')}---\napiVersion: projectcalico.org/v3\nkind: IPPoolz\nmetadata:\n  name: x\n`);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('document 2: unknown resource type (IPPoolz) and/or version (projectcalico.org/v3)');
  });
});

describe('js-yaml loaded on demand', () => {
  it('reads a later document that needs js-yaml (an anchor and alias), reading the file again', async () => {
    const anchored = 'apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: &n b\n  labels:\n    copy: *n\nspec:\n  cidr: 10.9.0.0/16\n';
    const res = await validate(`${pool('a')}---\n${anchored}`);
    expect(res.stderr).toBe('');
    expect(res.stdout).toBe("Successfully validated 2 'IPPool' resource(s)\n");
    expect(res.jsYaml).toBe(true);
  });

  it('reports a YAML syntax error found by js-yaml with its document and line (the stream ends on line 18)', async () => {
    const res = await validate(`${pool('a')}---\n${pool('b')}---\napiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: [c\n`);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain("in-7.yaml: document 3: error converting YAML to JSON: yaml: line 18: unexpected end of the stream within a flow collection");
  });
});
