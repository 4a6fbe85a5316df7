/** printf verbs, flags, widths and precisions, and fmt's error forms, as Go prints them. */
import { describe, expect, it } from 'vitest';
import { formatFloat } from '../../src/gotemplate/strconv.js';
import { sprintf } from '../../src/gotemplate/printf.js';
import { GoFloat } from '../../src/gotemplate/values.js';
import { run } from './helpers.js';

/** [template arguments after printf, expected output]; data is D. */
type Row = [args: string, want: string];

const D = { I: 42, Neg: -42, F: 3.14159, S: 'hello', L: [1, 2], SL: ['a', 'b'], M: { b: 'x', a: 1 }, U: 0x1f600, Nil: null };

const rows: Record<string, Row[]> = {
  integers: [
    ['"%d" .I', '42'],
    ['"%5d|" .I', '   42|'],
    ['"%-5d|" .I', '42   |'],
    ['"%05d" .I', '00042'],
    ['"%05d" .Neg', '-0042'],
    ['"%+d % d" .I .I', '+42  42'],
    ['"%x %X %#x %#X" 255 255 255 255', 'ff FF 0xff 0XFF'],
    ['"%x" -255', '-ff'],
    ['"%o %#o %O %b %#b" 8 8 8 5 5', '10 010 0o10 101 0b101'],
    ['"%.3d|%8.3d|%-8.3d|" 7 7 7', '007|     007|007     |'],
    ['"%.0d|%3.0d|" 0 0', '|   |'],
    ['"%c%c %q %U %#U" 72 105 65 .U 65', "Hi 'A' U+1F600 U+0041 'A'"],
    ['"%v" .I', '42'],
  ],
  floats: [
    ['"%f" .F', '3.141590'],
    ['"%.2f|%8.3f|%-8.2f|%08.3f" .F .F .F .F', '3.14|   3.142|3.14    |0003.142'],
    ['"%08.3f" -3.14159', '-003.142'],
    ['"%+.1f % .1f" 2.0 2.0', '+2.0  2.0'],
    ['"%e %E" 1234.5678 1234.5678', '1.234568e+03 1.234568E+03'],
    ['"%.2e" 0.000123', '1.23e-04'],
    ['"%g %g %g" 1234.5678 1e21 0.00001', '1234.5678 1e+21 1e-05'],
    ['"%.3g %.3g %G" 1234.5678 0.5 1e-10', '1.23e+03 0.5 1E-10'],
    ['"%.0f %.0f %.0f %.2f %.1f" 0.5 1.5 2.5 0.125 0.25', '0 2 2 0.12 0.2'],
    ['"%v %v %v" 0.1 123456789.0 100000.0', '0.1 1.23456789e+08 100000'],
    ['"%6.2f%%" 99.5', ' 99.50%'],
    ['"%.3f" 2.0005', '2.001'],
    ['"%5.1f|" .F', '  3.1|'],
  ],
  strings: [
    ['"%s" .S', 'hello'],
    ['"%10s|%-10s|" .S .S', '     hello|hello     |'],
    ['"%.2s|%5.1s|" .S .S', 'he|    h|'],
    ['"%q" "a\\"b\\n"', '"a\\"b\\n"'],
    ['"%#q %+q" "ab" "é"', '`ab` "\\u00e9"'],
    ['"%x % x %#x %X" "hi" "hi" "hi" "hi"', '6869 68 69 0x6869 6869'],
    ['"%v|%6v|" .S "ab"', 'hello|    ab|'],
    ['"%-4s|" "ü"', 'ü   |'],
  ],
  'bools, nil, composites': [
    ['"%t %v %5t|" true false true', 'true false  true|'],
    ['"%v %d %s" .L .L .SL', '[1 2] [1 2] [a b]'],
    ['"%q" .SL', '["a" "b"]'],
    ['"%3d" .L', '[  1   2]'],
    ['"%v" .M', 'map[a:1 b:x]'],
    ['"%#v %#v %#v" .S .SL .M', '"hello" []interface {}{"a", "b"} map[string]interface {}{"a":1, "b":"x"}'],
    ['"%T %T %T %T %T %T" .S .I .F .L .M true', 'string int float64 []interface {} map[string]interface {} bool'],
    ['"%v %v" .Nil .Missing', '<nil> <nil>'],
    ['"%d" .Nil', '%!d(<nil>)'],
  ],
  'bad verbs, missing and extra arguments': [
    ['"%t" 1', '%!t(int=1)'],
    ['"%d" "x"', '%!d(string=x)'],
    ['"%s" 3', '%!s(int=3)'],
    ['"%f" 3', '%!f(int=3)'],
    ['"%d" 1.5', '%!d(float64=1.5)'],
    ['"%d" .SL', '[%!d(string=a) %!d(string=b)]'],
    ['"%z" .I', '%!z(int=42)'],
    ['"%d %d" 1', '1 %!d(MISSING)'],
    ['"a" 1 "b"', 'a%!(EXTRA int=1, string=b)'],
    ['"%"', '%!(NOVERB)'],
    ['"100%%"', '100%'],
    ['"%!" 1', '%!!(int=1)'],
  ],
  'argument indexes and star widths': [
    ['"%[2]d %[1]d" 1 2', '2 1'],
    ['"%[3]d" 1', '%!d(BADINDEX)'],
    ['"%d %[1]d %d" 1 2', '1 1 2'],
    ['"%*d|%-*d|" 5 42 5 42', '   42|42   |'],
    ['"%*d|" -5 42', '42   |'],
    ['"%.*f" 2 .F', '3.14'],
    ['"%*d" "x" 1', '%!(BADWIDTH)1'],
  ],
};

describe.each(Object.entries(rows))('printf %s', (_name, cases) => {
  it.each(cases)('printf %s', (args, want) => {
    expect(run(`{{printf ${args}}}`, D)).toBe(want);
  });
});

describe('sprintf and formatFloat directly', () => {
  it('handles float constants apart from ints', () => {
    expect(sprintf('%v %v %f', [new GoFloat(2), new GoFloat(1e6), new GoFloat(3)])).toBe('2 1e+06 3.000000');
  });

  const floats: Array<[number, 'e' | 'f' | 'g', number, string]> = [
    [0, 'g', -1, '0'],
    [-0, 'g', -1, '-0'],
    [1e-320, 'g', -1, '1e-320'],
    [1.7976931348623157e308, 'g', -1, '1.7976931348623157e+308'],
    [1e23, 'f', 0, '99999999999999991611392'],
    [0.1, 'f', 20, '0.10000000000000000555'],
    [123456, 'g', -1, '123456'],
    [1234567, 'g', -1, '1.234567e+06'],
    [0.0001, 'g', -1, '0.0001'],
    [9.995, 'f', 2, '9.99'],
    [9.9999, 'e', 2, '1.00e+01'],
    [NaN, 'g', -1, 'NaN'],
    [-Infinity, 'f', 2, '-Inf'],
    [100, 'g', 2, '1e+02'],
    [100, 'g', 3, '100'],
  ];
  it.each(floats)('formatFloat(%d, %s, %d) = %s', (x, fmt, prec, want) => {
    expect(formatFloat(x, fmt, prec)).toBe(want);
  });

  it('pads infinities with spaces even with the zero flag', () => {
    expect(sprintf('%06f|%+f|%f', [new GoFloat(Infinity), new GoFloat(NaN), new GoFloat(NaN)])).toBe('  +Inf|+NaN|NaN');
  });

  it('caps widths at Go limits instead of allocating them', () => {
    expect(sprintf('%99999999d', [1])).toBe('%!(NOVERB)%!(EXTRA int=1)');
  });
});
