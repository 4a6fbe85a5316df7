import { CORE_SCHEMA, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { resolvesAsNonString, yamlString } from '../../src/printers/yaml-scalar.js';
import { goYamlKeyLess, renderYaml, toYaml } from '../../src/printers/yaml.js';
import type { Resource } from '../../src/resources/types.js';
import { fixture, input, ippool } from './kinds.js';

describe('-o yaml (golden)', () => {
  it.each(['ippool', 'profile-list', 'ippool-list-empty', 'networkpolicy-list', 'quoting'])('%s', (name) => {
    expect(renderYaml([input(`${name}.in.yaml`)])).toBe(fixture(`${name}.out.yaml`));
  });

  it('the ProfileList shape of the reference: sorted keys, dashes at the parent indentation', () => {
    expect(fixture('profile-list.out.yaml')).toContain('items:\n- apiVersion: projectcalico.org/v3\n  kind: Profile\n');
    expect(fixture('profile-list.out.yaml')).toContain('  spec:\n    egress:\n    - action: Allow\n');
  });
});

describe('-o yaml shapes', () => {
  it('none returned prints null', () => {
    expect(renderYaml([])).toBe('null\n');
  });

  it('several objects print as a sequence', () => {
    expect(renderYaml([ippool('a', '10.0.0.0/8'), ippool('b', '10.1.0.0/16')])).toBe(
      '- apiVersion: projectcalico.org/v3\n  kind: IPPool\n  metadata:\n    name: a\n  spec:\n    cidr: 10.0.0.0/8\n' +
        '- apiVersion: projectcalico.org/v3\n  kind: IPPool\n  metadata:\n    name: b\n  spec:\n    cidr: 10.1.0.0/16\n',
    );
  });

  it('omits empty metadata fields and undefined values as Go would', () => {
    const r: Resource = {
      apiVersion: 'projectcalico.org/v3',
      kind: 'Profile',
      metadata: { name: 'p', labels: {}, annotations: {}, creationTimestamp: '', uid: undefined, generation: 0 },
      spec: { labelsToApply: { b: '2', a: '1' }, gone: undefined },
    };
    expect(renderYaml([r])).toBe('apiVersion: projectcalico.org/v3\nkind: Profile\nmetadata:\n  name: p\nspec:\n  labelsToApply:\n    a: "1"\n    b: "2"\n');
  });

  // CORE_SCHEMA: js-yaml's default schema would read the plain `2024-13-01` as a date, Go does not.
  it('output reads back to the same data', () => {
    for (const name of ['ippool', 'profile-list', 'networkpolicy-list', 'quoting']) {
      const original = input(`${name}.in.yaml`);
      expect(load(renderYaml([original]), { schema: CORE_SCHEMA })).toEqual(JSON.parse(JSON.stringify(original, (k, v) => (k === 'labels' && v && Object.keys(v).length === 0 ? undefined : v))));
    }
  });
});

describe('scalar rules (go-yaml v2)', () => {
  it.each([
    ['123', '"123"'], ['yes', '"yes"'], ['NO', '"NO"'], ['off', '"off"'], ['y', '"y"'], ['null', '"null"'], ['', '""'],
    ['0b101', '"0b101"'], ['+1', '"+1"'], ['9223372036854775808', '"9223372036854775808"'], ['1:20:30', '"1:20:30"'],
    ['2024-1-2 3:4:5', '"2024-1-2 3:4:5"'], ['0xZZ', '0xZZ'], ['Yes please', 'Yes please'], ['all()', 'all()'],
    ['x: y', "'x: y'"], ["it's", "it's"], ["'", "''''"], ['a\u0085b', '"a\\Nb"'], ['\ufeffbom', '"\\uFEFFbom"'],
  ])('%j → %s', (s, expected) => {
    expect(yamlString(s, false, 2)).toBe(expected);
  });

  it('keys never use block scalars', () => {
    expect(yamlString('a\nb', true, 0)).toBe('"a\\nb"');
  });

  it('knows what YAML 1.1 would read as another type', () => {
    expect(['~', '.NaN', '-.inf', '0o17', '017', '1e5', '1_0', '2001-12-14t21:59:43.10-05:00'].every(resolvesAsNonString)).toBe(true);
    expect(['-', '.', '1.2.3', 'true!', 'ok', '2001-02-30x', '0x', '--1'].some(resolvesAsNonString)).toBe(false);
  });
});

describe('key order (go-yaml sorter)', () => {
  const sorted = (keys: string[]) => [...keys].sort((a, b) => (goYamlKeyLess(a, b) ? -1 : goYamlKeyLess(b, a) ? 1 : 0));

  it('orders digit runs numerically and non-letters before letters', () => {
    expect(sorted(['alpha10', 'alphaZ', 'alpha9', 'alpha_x', 'Zeta', 'a b', '1'])).toEqual(['1', 'Zeta', 'a b', 'alpha_x', 'alpha9', 'alpha10', 'alphaZ']);
    expect(sorted(['port10', 'port2', 'port1'])).toEqual(['port1', 'port2', 'port10']);
  });

  it('sorts the usual resource keys alphabetically', () => {
    expect(sorted(['spec', 'metadata', 'kind', 'apiVersion'])).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
  });
});

describe('toYaml edge shapes', () => {
  it('empty containers and scalars at the top level', () => {
    expect(toYaml({})).toBe('{}\n');
    expect(toYaml([])).toBe('[]\n');
    expect(toYaml(null)).toBe('null\n');
  });

  it('sequences of sequences and maps inside sequences', () => {
    expect(toYaml({ a: [[1, [2]], { b: [], c: { d: true } }] })).toBe('a:\n- - 1\n  - - 2\n- b: []\n  c:\n    d: true\n');
  });
});
