import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { formatGoFloat32 } from '../../../src/resources/schema/goyaml.js';
import { GO_YAML_SCHEMA } from '../../../src/resources/schema/goyaml-schema.js';

const scalar = (text: string): unknown => (yaml.load(`v: ${text}`, { schema: GO_YAML_SCHEMA }) as { v: unknown }).v;

describe('GO_YAML_SCHEMA (go-yaml v2 scalar resolution)', () => {
  it.each([
    ['yes', true], ['Yes', true], ['YES', true], ['y', true], ['Y', true], ['on', true], ['ON', true], ['true', true], ['True', true],
    ['no', false], ['No', false], ['n', false], ['N', false], ['off', false], ['Off', false], ['false', false], ['FALSE', false],
    ['~', null], ['null', null], ['Null', null], ['', null],
    ['42', 42], ['-7', -7], ['+3', 3], ['0755', 493], ['0o17', 15], ['0x1F', 31], ['-0x10', -16], ['0b101', 5], ['1_000', 1000],
    ['08', 8], ['1.5', 1.5], ['.5', 0.5], ['-.25', -0.25], ['1e3', 1000], ['2.', 2], ['.inf', Infinity], ['-.Inf', -Infinity],
  ])('plain %j reads as %j', (text, expected) => {
    expect(scalar(text)).toBe(expected);
  });

  it('reads .nan as NaN', () => {
    expect(scalar('.nan')).toBeNaN();
  });

  it.each([
    ['2001-12-14'], ['2001-12-14T21:59:43.10Z'], ['yess'], ['0x'], ['0b2'], ['1e'], ['1.2.3'], ['10.0.0.0/8'], ['TRUE!'],
    ['nan'], ['inf'], ['1e400'], ['0o8'], ['-x'], ['+'], ['1:2'], ['"yes"'], ["'42'"], ['"true"'],
  ])('%s stays a string', (text) => {
    const v = scalar(text);
    expect(typeof v).toBe('string');
  });

  it('keeps quoted scalars verbatim and stringifies resolved keys as Go does', () => {
    expect(scalar('"0755"')).toBe('0755');
    expect(yaml.load('yes: 1\n0x10: 2\n1.5: 3', { schema: GO_YAML_SCHEMA })).toEqual({ true: 1, 16: 2, '1.5': 3 });
  });

  it('rejects duplicate keys and supports merge keys', () => {
    expect(() => yaml.load('a: 1\na: 2', { schema: GO_YAML_SCHEMA })).toThrow(/duplicated mapping key/);
    expect(yaml.load('base: &b {x: 1}\nother:\n  <<: *b\n  z: 2', { schema: GO_YAML_SCHEMA })).toEqual({ base: { x: 1 }, other: { x: 1, z: 2 } });
  });

  it('reads YAML 1.1 boolean words as booleans even as keys (go-yaml v2 quirk: `y:` is the key "true")', () => {
    expect(yaml.load('y: 1\nno: 2', { schema: GO_YAML_SCHEMA })).toEqual({ true: 1, false: 2 });
  });

  it('accepts explicit !!int, !!float, !!bool and !!str tags', () => {
    expect(yaml.load('[!!int "12", !!float "1.5", !!bool "yes", !!str 12]', { schema: GO_YAML_SCHEMA })).toEqual([12, 1.5, true, '12']);
  });
});

describe('formatGoFloat32 (strconv.FormatFloat(v, g, -1, 32))', () => {
  it.each([
    [1.1, '1.1'], [1.10, '1.1'], [1, '1'], [0.5, '0.5'], [-2.5, '-2.5'], [3.14159265, '3.1415927'], [100000.5, '100000.5'],
    [123456.7, '123456.7'], [1e6, '1e+06'], [1234567.5, '1.2345675e+06'], [0.0001, '0.0001'], [0.00001, '1e-05'],
    [1.5e-10, '1.5e-10'], [1e21, '1e+21'], [0, '0'], [Infinity, '+Inf'], [-Infinity, '-Inf'], [NaN, 'NaN'], [0.1, '0.1'],
  ])('%d → %s', (v, expected) => {
    expect(formatGoFloat32(v)).toBe(expected);
  });
});
