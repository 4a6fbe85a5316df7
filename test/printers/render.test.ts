import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { parseOutputFormat, render, type RenderRequest } from '../../src/printers/index.js';
import type { Resource, ResourceList } from '../../src/resources/types.js';
import { fixture, input, ippoolDef, networkPolicyDef } from './kinds.js';

async function req(output: string, objects: Array<Resource | ResourceList>, extra: Partial<RenderRequest> = {}): Promise<RenderRequest> {
  return { format: await parseOutputFormat(output), def: ippoolDef, objects, withNamespace: false, ctx: {}, color: false, ...extra };
}

describe('render dispatch', () => {
  const pool = input('ippool.in.yaml');

  it.each([
    ['ps', 'ippool.ps.txt'],
    ['wide', 'ippool.wide.txt'],
    ['yaml', 'ippool.out.yaml'],
    ['yml', 'ippool.out.yaml'],
    ['json', 'ippool.out.json'],
  ])('-o %s', async (output, file) => {
    expect(await render(await req(output, [pool]))).toBe(fixture(file));
  });

  it('-o custom-columns', async () => {
    expect(await render(await req('custom-columns=CIDR', [pool]))).toBe('CIDR          \n10.0.1.0/24   \n\n');
  });

  it('-o name and -o jsonpath', async () => {
    expect(await render(await req('name', [pool]))).toBe('ippool/ippool-name1\n');
    expect(await render(await req("jsonpath='{.spec.cidr}'", [pool]))).toBe('10.0.1.0/24');
  });

  it('withNamespace reaches the table printer', async () => {
    const list = input('networkpolicy-list.in.yaml');
    expect(await render(await req('ps', [list], { def: networkPolicyDef, withNamespace: true }))).toBe(fixture('networkpolicy-list.ns.ps.txt'));
  });

  it('colour reaches the table printer', async () => {
    expect(await render(await req('ps', [pool], { color: true }))).toMatch(/^\x1b\[1mNAME\x1b\[22m {11}/);
    expect(await render(await req('yaml', [pool], { color: true }))).toBe(fixture('ippool.out.yaml'));
  });
});

describe('go-template', () => {
  const pool = input('ippool.in.yaml');
  const calls: Array<{ template: string; data: unknown }> = [];
  const executeTemplate = (template: string, data: unknown) => {
    calls.push({ template, data });
    return `ran:${template}`;
  };

  it('runs the template over the slice of returned objects', async () => {
    calls.length = 0;
    const objects = [pool, input('profile-list.in.yaml')];
    expect(await render(await req('go-template={{range .}}{{.Kind}}{{end}}', objects, { executeTemplate }))).toBe('ran:{{range .}}{{.Kind}}{{end}}');
    expect(calls).toEqual([{ template: '{{range .}}{{.Kind}}{{end}}', data: objects }]);
  });

  it('go-template-file reads the template through readFile', async () => {
    calls.length = 0;
    const readFile = (p: string) => `template from ${p}`;
    expect(await render(await req('go-template-file=/x/t.tmpl', [pool], { executeTemplate, readFile }))).toBe('ran:template from /x/t.tmpl');
    expect(calls[0]!.data).toEqual([pool]);
  });

  it('a missing template file is reported with the OS message, before running anything', async () => {
    calls.length = 0;
    const run = async () => render(await req('go-template-file=/nonexistent-dir/t.tmpl', [pool], { executeTemplate }));
    await expect(run()).rejects.toThrow(UsageError);
    await expect(run()).rejects.toThrow(new UsageError('open /nonexistent-dir/t.tmpl: no such file or directory'));
    expect(calls).toHaveLength(0);
  });

  it('reading a directory is reported like Go does', async () => {
    await expect(render(await req('go-template-file=/tmp', [pool], { executeTemplate }))).rejects.toThrow(new UsageError('read /tmp: is a directory'));
  });

  it('errors thrown by a custom readFile keep their message', async () => {
    const readFile = () => {
      throw new Error('boom');
    };
    await expect(render(await req('go-template-file=t', [pool], { executeTemplate, readFile }))).rejects.toThrow(new UsageError('boom'));
  });
});
