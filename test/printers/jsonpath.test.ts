import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { renderJsonPath } from '../../src/printers/jsonpath.js';
import type { Resource, ResourceList } from '../../src/resources/types.js';
import { input, ippool } from './kinds.js';

const pools: ResourceList = {
  apiVersion: 'projectcalico.org/v3',
  kind: 'IPPoolList',
  metadata: { resourceVersion: '9' },
  items: [ippool('pool-a', '10.0.0.0/8', 'all()'), ippool('pool-b', '192.168.0.0/16'), ippool('pool-c', '10.1.0.0/16')],
};
const jp = (expr: string, objects: Array<Resource | ResourceList> = [pools]) => renderJsonPath(expr, objects);

describe('jsonpath over a List', () => {
  it.each([
    ['{.kind}', 'IPPoolList'],
    ['{.metadata.resourceVersion}', '9'],
    ['{.items[*].metadata.name}', 'pool-a pool-b pool-c'],
    ['{.items[0].spec.cidr}', '10.0.0.0/8'],
    ['{.items[-1].metadata.name}', 'pool-c'],
    ['{.items[0:2].metadata.name}', 'pool-a pool-b'],
    ['{.items[::2].metadata.name}', 'pool-a pool-c'],
    ['{.items[0,2].metadata.name}', 'pool-a pool-c'],
    ['{range .items[*]}{.metadata.name}{"\\n"}{end}', 'pool-a\npool-b\npool-c\n'],
    ['{range .items[*]}[{.metadata.name},{.spec.cidr}] {end}', '[pool-a,10.0.0.0/8] [pool-b,192.168.0.0/16] [pool-c,10.1.0.0/16] '],
    ['{.items[?(@.spec.cidr=="192.168.0.0/16")].metadata.name}', 'pool-b'],
    ["{.items[?(@.spec.cidr != '192.168.0.0/16')].metadata.name}", 'pool-a pool-c'],
    ['{.items[?(@.spec.nodeSelector)].metadata.name}', 'pool-a'],
    ['{.items[?(@.metadata.name =~ "-[bc]$")].metadata.name}', 'pool-b pool-c'],
    ['{..cidr}', '10.0.0.0/8 192.168.0.0/16 10.1.0.0/16'],
    ['{.items[0].spec}', '{"cidr":"10.0.0.0/8","nodeSelector":"all()"}'],
    ['{.items[1].metadata}', '{"name":"pool-b"}'],
    ['{.items[0].spec.nosuchfield}', ''],
    ['names: {.items[*].metadata.name}!', 'names: pool-a pool-b pool-c!'],
    ['no braces at all', 'no braces at all'],
    ["{$.items[0]['metadata']['name']}", 'pool-a'],
  ])('%s', (expr, expected) => {
    expect(jp(expr)).toBe(expected);
  });
});

describe('jsonpath data', () => {
  it('one object: the object itself', () => {
    expect(jp('{.metadata.name}/{.spec.cidr}', [input('ippool.in.yaml')])).toBe('ippool-name1/10.0.1.0/24');
  });

  it('several objects: wrapped in a List', () => {
    expect(jp('{.kind}: {.items[*].metadata.name}', [ippool('x', '10.0.0.0/8'), ippool('y', '10.2.0.0/16')])).toBe('List: x y');
  });

  it('numbers, booleans and keys with dots', () => {
    const r = input('ippool.in.yaml');
    const labelled: Resource = { ...(r as Resource), metadata: { name: 'l', labels: { 'projectcalico.org/tier': 'default' } } };
    expect(jp('{.spec.blockSize} {.spec.natOutgoing}', [r])).toBe('26 false');
    expect(jp('{.metadata.labels.projectcalico\\.org/tier}', [labelled])).toBe('default');
  });
});

describe('jsonpath errors', () => {
  it.each([
    ['{.items[0]', 'error parsing jsonpath {.items[0], unclosed action'],
    ['{range .items[*]}{.metadata.name}', 'error parsing jsonpath {range .items[*]}{.metadata.name}, range without end'],
    ['{end}', 'error parsing jsonpath {end}, not in range, nothing to end'],
    ['{.items[x]}', 'error parsing jsonpath {.items[x]}, invalid array index x'],
    ['{.items[5]}', 'error executing jsonpath "{.items[5]}": array index out of bounds: index 5, length 3'],
    ['{.metadata[0]}', 'error executing jsonpath "{.metadata[0]}": map is not array or slice'],
  ])('%s', (expr, message) => {
    expect(() => jp(expr)).toThrow(UsageError);
    expect(() => jp(expr)).toThrow(message);
  });
});
