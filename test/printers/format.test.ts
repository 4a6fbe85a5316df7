import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { parseOutputFormat } from '../../src/printers/format.js';

describe('parseOutputFormat', () => {
  it.each([
    ['ps', { type: 'ps' }],
    ['wide', { type: 'wide' }],
    ['yaml', { type: 'yaml' }],
    ['yml', { type: 'yaml' }],
    ['json', { type: 'json' }],
    ['name', { type: 'name' }],
    ['custom-columns=NAME,CIDR', { type: 'custom-columns', columns: ['NAME', 'CIDR'] }],
    ['go-template={{range .}}{{.Kind}}{{end}}', { type: 'go-template', template: '{{range .}}{{.Kind}}{{end}}' }],
    ['go-template=a=b', { type: 'go-template', template: 'a=b' }],
    ['go-template-file=/tmp/t.tmpl', { type: 'go-template-file', path: '/tmp/t.tmpl' }],
    ['jsonpath={.items[*].metadata.name}', { type: 'jsonpath', expr: '{.items[*].metadata.name}' }],
    ["jsonpath='{.metadata.name}'", { type: 'jsonpath', expr: '{.metadata.name}' }],
    ['jsonpath="{.metadata.name}"', { type: 'jsonpath', expr: '{.metadata.name}' }],
  ])('%s', async (spec, expected) => {
    expect(await parseOutputFormat(spec)).toEqual(expected);
  });

  it.each([
    ['xml', "unrecognized output format 'xml'"],
    ['YAML', "unrecognized output format 'YAML'"],
    ['yaml=x', "unrecognized output format 'yaml=x'"],
    ['', "unrecognized output format ''"],
    ['go-template', 'need to specify a template'],
    ['go-template=', 'need to specify a template'],
    ['go-template-file=', 'need to specify a template file'],
    ['go-template-file', 'need to specify a template file'],
    ['custom-columns=', 'need to specify at least one column'],
    ['custom-columns', 'need to specify at least one column'],
    ['jsonpath=', 'need to specify a jsonpath template'],
    ['jsonpath={.a', 'error parsing jsonpath {.a, unclosed action'],
  ])('%j fails: %s', async (spec, message) => {
    await expect(parseOutputFormat(spec)).rejects.toThrow(UsageError);
    await expect(parseOutputFormat(spec)).rejects.toThrow(new UsageError(message));
  });
});
