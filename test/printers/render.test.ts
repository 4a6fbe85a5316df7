import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { parseOutputFormat, render, type RenderRequest } from '../../src/printers/index.js';
import type { Resource, ResourceList } from '../../src/resources/types.js';
import { fixture, input, ippoolDef, networkPolicyDef } from './kinds.js';

function req(output: string, objects: Array<Resource | ResourceList>, extra: Partial<RenderRequest> = {}): RenderRequest {
  return { format: parseOutputFormat(output), def: ippoolDef, objects, withNamespace: false, ctx: {}, color: false, ...extra };
}

describe('render dispatch', () => {
  const pool = input('ippool.in.yaml');

  it.each([
    ['ps', 'ippool.ps.txt'],
    ['wide', 'ippool.wide.txt'],
    ['yaml', 'ippool.out.yaml'],
    ['yml', 'ippool.out.yaml'],
    ['json', 'ippool.out.json'],
  ])('-o %s', (output, file) => {
    expect(render(req(output, [pool]))).toBe(fixture(file));
  });

  it('-o custom-columns', () => {
    expect(render(req('custom-columns=CIDR', [pool]))).toBe('CIDR          \n10.0.1.0/24   \n\n');
  });

  it('-o name and -o jsonpath', () => {
    expect(render(req('name', [pool]))).toBe('ippool/ippool-name1\n');
    expect(render(req("jsonpath='{.spec.cidr}'", [pool]))).toBe('10.0.1.0/24');
  });

  it('withNamespace reaches the table printer', () => {
    const list = input('networkpolicy-list.in.yaml');
    expect(render(req('ps', [list], { def: networkPolicyDef, withNamespace: true }))).toBe(fixture('networkpolicy-list.ns.ps.txt'));
  });

  it('colour reaches the table printer', () => {
    expect(render(req('ps', [pool], { color: true }))).toMatch(/^\x1b\[1mNAME\x1b\[22m {11}/);
    expect(render(req('yaml', [pool], { color: true }))).toBe(fixture('ippool.out.yaml'));
  });
});

describe('go-template', () => {
  const pool = input('ippool.in.yaml');
  const calls: Array<{ template: string; data: unknown }> = [];
  const executeTemplate = (template: string, data: unknown) => {
    calls.push({ template, data });
    return `ran:${template}`;
  };

  it('runs the template over the slice of returned objects', () => {
    calls.length = 0;
    const objects = [pool, input('profile-list.in.yaml')];
    expect(render(req('go-template={{range .}}{{.Kind}}{{end}}', objects, { executeTemplate }))).toBe('ran:{{range .}}{{.Kind}}{{end}}');
    expect(calls).toEqual([{ template: '{{range .}}{{.Kind}}{{end}}', data: objects }]);
  });

  it('go-template-file reads the template through readFile', () => {
    calls.length = 0;
    const readFile = (p: string) => `template from ${p}`;
    expect(render(req('go-template-file=/x/t.tmpl', [pool], { executeTemplate, readFile }))).toBe('ran:template from /x/t.tmpl');
    expect(calls[0]!.data).toEqual([pool]);
  });

  it('a missing template file is reported with the OS message, before running anything', () => {
    calls.length = 0;
    const run = () => render(req('go-template-file=/nonexistent-dir/t.tmpl', [pool], { executeTemplate }));
    expect(run).toThrow(UsageError);
    expect(run).toThrow(new UsageError('open /nonexistent-dir/t.tmpl: no such file or directory'));
    expect(calls).toHaveLength(0);
  });

  it('reading a directory is reported like Go does', () => {
    expect(() => render(req('go-template-file=/tmp', [pool], { executeTemplate }))).toThrow(new UsageError('read /tmp: is a directory'));
  });

  it('errors thrown by a custom readFile keep their message', () => {
    const readFile = () => {
      throw new Error('boom');
    };
    expect(() => render(req('go-template-file=t', [pool], { executeTemplate, readFile }))).toThrow(new UsageError('boom'));
  });
});
