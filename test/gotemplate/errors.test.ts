/** Parse and execution errors: always GoTemplateError, with Go's message forms. */
import { describe, expect, it } from 'vitest';
import { executeGoTemplate, GoTemplateError } from '../../src/gotemplate/index.js';
import { errorOf } from './helpers.js';

const parseErrors: Array<[template: string, message: string]> = [
  ['{{ .Foo }', 'template: output:1: unexpected "}" in operand'],
  ['{{.Foo}', "template: output:1: bad character U+007D '}'"],
  ['{{.Foo', 'template: output:1: unclosed action'],
  ['a\nb\n{{.X', 'template: output:3: unclosed action'],
  ['{{if .A}}x', 'template: output:1: unexpected EOF'],
  ['{{end}}', 'template: output:1: unexpected {{end}}'],
  ['{{else}}', 'template: output:1: unexpected {{else}}'],
  ['{{foo}}', 'template: output:1: function "foo" not defined'],
  ['{{$x}}', 'template: output:1: undefined variable "$x"'],
  ['{{with $x := 1}}{{end}}{{$x}}', 'template: output:1: undefined variable "$x"'],
  ['{{$x := 1}}{{define "T"}}{{$x}}{{end}}', 'template: output:1: undefined variable "$x"'],
  ['{{}}', 'template: output:1: missing value for command'],
  ['{{if}}{{end}}', 'template: output:1: missing value for if'],
  ['{{break}}', 'template: output:1: {{break}} outside {{range}}'],
  ['{{range .}}{{else}}{{continue}}{{end}}', 'template: output:1: {{continue}} outside {{range}}'],
  ['{{range .}}{{break 1}}{{end}}', 'template: output:1: unexpected "1" in {{break}}'],
  ['{{range .}}{{define "x"}}{{end}}{{end}}', 'template: output:1: unexpected <define> in command'],
  ['{{range .}}{{else if .}}{{end}}', 'template: output:1: unexpected <if> in input'],
  ['{{if .}}{{else}}{{else}}{{end}}', 'template: output:1: expected end; found {{else}}'],
  ['{{"abc}}', 'template: output:1: unterminated quoted string'],
  ['{{`abc}}', 'template: output:1: unterminated raw quoted string'],
  ["{{'a}}", 'template: output:1: unterminated character constant'],
  ["{{'ab'}}", "template: output:1: malformed character constant: 'ab'"],
  ['{{/* x }}', 'template: output:1: unclosed comment'],
  ['{{/* x */ .}}', 'template: output:1: comment ends before closing delimiter'],
  ['{{(1}}', 'template: output:1: unclosed left paren'],
  ['{{1)}}', 'template: output:1: unexpected right paren'],
  ['{{3.5.Foo}}', 'template: output:1: unexpected . after term "3.5"'],
  ['{{1 | 2}}', 'template: output:1: non executable command in pipeline stage 2'],
  ['{{$a, $b := .}}', 'template: output:1: too many declarations in command'],
  ['{{range $i, $e, $f := .}}{{end}}', 'template: output:1: too many declarations in range'],
  ['{{range $i, 3}}{{end}}', 'template: output:1: range can only initialize variables'],
  ['{{0x}}', 'template: output:1: illegal number syntax: "0x"'],
  ['{{1a}}', 'template: output:1: bad number syntax: "1a"'],
  ['{{1-2}}', 'template: output:1: bad number syntax: "1-2"'],
  ['{{99999999999999999999}}', 'template: output:1: integer overflow: "99999999999999999999"'],
  ['{{"\\q"}}', 'template: output:1: invalid syntax'],
  ['{{.A"x"}}', 'template: output:1: bad character U+0022 \'"\''],
  ['{{"a""b"}}', 'template: output:1: unexpected "\\"b\\"" in operand'],
  ['{{.A := 1}}', 'template: output:1: unexpected ":=" in operand'],
  ['{{x := 1}}', 'template: output:1: function "x" not defined'],
  ['{{:}}', 'template: output:1: expected :='],
  ['{{\u0001}}', 'template: output:1: unrecognized character in action: U+0001'],
  ['{{template .}}', 'template: output:1: unexpected <.> in template clause'],
  ['{{define "a"}}1{{end}}{{define "a"}}2{{end}}', 'template: output:1: template: multiple definition of template "a"'],
  ['{{define "B"}}x{{end}}{{block "B" .}}y{{end}}', 'template: output:1: template: multiple definition of template "B"'],
  ['x{{define "output"}}y{{end}}', 'template: output:1: template: multiple definition of template "output"'],
  ['{{if 1}}\n\n{{.A "long string, longer than ten" ', 'template: output:3: unclosed action'],
  ['{{"a""abcdefghijklmnop"}}', 'template: output:1: unexpected "\\"abcdefghi"... in operand'],
  ['{{.A "abcdefghijklmnop"x}}', 'template: output:1: unexpected "x" in operand'],
  ['{{.A .B)}}', 'template: output:1: unexpected right paren'],
  ['{{(.A .B}}', 'template: output:1: unclosed left paren'],
  ['{{' + '('.repeat(400) + '1' + ')'.repeat(400) + '}}', 'template: output:1: max expression depth exceeded'],
];

describe('parse errors', () => {
  it.each(parseErrors)('%j', (tpl, message) => {
    expect(errorOf(tpl, {})).toBe(message);
  });

  it('throws GoTemplateError instances', () => {
    expect(() => executeGoTemplate('{{', {})).toThrow(GoTemplateError);
    let caught: unknown;
    try {
      executeGoTemplate('{{end}}', {});
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).name).toBe('GoTemplateError');
  });

  it('reports a parse error even when the text is never executed', () => {
    expect(errorOf('{{if false}}{{nope}}{{end}}', {})).toBe('template: output:1: function "nope" not defined');
  });
});

const D = { S: 'str', L: ['a', 'b'], M: { k: { Sub: 1 } }, N: 3, Nil: null, F: () => 1 };

const execErrors: Array<[template: string, message: string]> = [
  ['{{.S.B}}', 'template: output:1:2: executing "output" at <.S.B>: can\'t evaluate field B in type string'],
  ['{{.N.X}}', 'template: output:1:2: executing "output" at <.N.X>: can\'t evaluate field X in type int'],
  ['{{.L.X}}', 'template: output:1:2: executing "output" at <.L.X>: can\'t evaluate field X in type []interface {}'],
  ['{{.Nil.X}}', 'template: output:1:2: executing "output" at <.Nil.X>: nil pointer evaluating interface {}.X'],
  ['line one\n  {{.S.B}}', 'template: output:2:4: executing "output" at <.S.B>: can\'t evaluate field B in type string'],
  ['é {{.S.B}}', 'template: output:1:5: executing "output" at <.S.B>: can\'t evaluate field B in type string'],
  ['{{index .L 5}}', 'template: output:1:2: executing "output" at <index .L 5>: error calling index: index out of range: 5'],
  ['{{index .L "x"}}', 'template: output:1:2: executing "output" at <index .L "x">: error calling index: cannot index slice/array with type string'],
  ['{{index .M 1}}', 'template: output:1:2: executing "output" at <index .M 1>: error calling index: value has type int; should be string'],
  ['{{index .N 1}}', 'template: output:1:2: executing "output" at <index .N 1>: error calling index: can\'t index item of type int'],
  ['{{index .Missing 1}}', 'template: output:1:2: executing "output" at <index .Missing 1>: error calling index: index of untyped nil'],
  ['{{slice .L 2 1}}', 'template: output:1:2: executing "output" at <slice .L 2 1>: error calling slice: invalid slice index: 2 > 1'],
  ['{{slice .L 0 5}}', 'template: output:1:2: executing "output" at <slice .L 0 5>: error calling slice: index out of range: 5'],
  ['{{slice "abc" 0 1 2}}', 'template: output:1:2: executing "output" at <slice "abc" 0 1 2>: error calling slice: cannot 3-index slice a string'],
  ['{{len 3}}', 'template: output:1:2: executing "output" at <len 3>: error calling len: len of type int'],
  ['{{len .Missing}}', 'template: output:1:2: executing "output" at <len .Missing>: error calling len: len of nil pointer'],
  ['{{nil}}', 'template: output:1:2: executing "output" at <nil>: nil is not a command'],
  ['{{"a" 1}}', 'template: output:1:2: executing "output" at <"a">: can\'t give argument to non-function "a"'],
  ['{{.L 1}}', 'template: output:1:2: executing "output" at <.L>: L is not a method but has arguments'],
  ['{{1 | .S}}', 'template: output:1:6: executing "output" at <.S>: S is not a method but has arguments'],
  ['{{template "nope"}}', 'template: output:1:11: executing "output" at <{{template "nope"}}>: template "nope" not defined'],
  ['{{range 1.5}}{{end}}', 'template: output:1:8: executing "output" at <1.5>: range can\'t iterate over 1.5'],
  ['{{range "abc"}}{{end}}', 'template: output:1:8: executing "output" at <"abc">: range can\'t iterate over abc'],
  ['{{range $i, $e := 3}}{{end}}', 'template: output:1:18: executing "output" at <3>: can\'t use 3 to iterate over more than one variable'],
  ['{{printf 3}}', 'template: output:1:9: executing "output" at <3>: expected string; found 3'],
  ['{{printf .N}}', 'template: output:1:9: executing "output" at <.N>: wrong type for value; expected string; got int'],
  ['{{printf .Missing}}', 'template: output:1:9: executing "output" at <.Missing>: invalid value; expected string'],
  ['{{printf nil}}', 'template: output:1:9: executing "output" at <nil>: cannot assign nil to string'],
  ['{{printf}}', 'template: output:1:2: executing "output" at <printf>: wrong number of args for printf: want at least 1 got 0'],
  ['{{not 1 2}}', 'template: output:1:2: executing "output" at <not>: wrong number of args for not: want 1 got 2'],
  ['{{join .L}}', 'template: output:1:2: executing "output" at <join>: wrong number of args for join: want 2 got 1'],
  ['{{joinAndTruncate .L "," "x"}}', 'template: output:1:25: executing "output" at <"x">: expected integer; found "x"'],
  ['{{joinAndTruncate .L "," 1.5}}', 'template: output:1:25: executing "output" at <1.5>: expected integer; found 1.5'],
  ['{{eq .M .M}}', 'template: output:1:2: executing "output" at <eq .M .M>: error calling eq: non-comparable type map[k:map[Sub:1]]: map[string]interface {}'],
  ['{{eq 1 "a"}}', 'template: output:1:2: executing "output" at <eq 1 "a">: error calling eq: incompatible types for comparison'],
  ['{{eq 1}}', 'template: output:1:2: executing "output" at <eq 1>: error calling eq: missing argument for comparison'],
  ['{{lt true false}}', 'template: output:1:2: executing "output" at <lt true false>: error calling lt: invalid type for comparison'],
  ['{{lt .L 1}}', 'template: output:1:2: executing "output" at <lt .L 1>: error calling lt: invalid type for comparison'],
  ['{{gt "a" 1}}', 'template: output:1:2: executing "output" at <gt "a" 1>: error calling gt: incompatible types for comparison'],
  ['{{call .S}}', 'template: output:1:2: executing "output" at <call .S>: error calling call: non-function of type string'],
  ['{{call .Missing}}', 'template: output:1:2: executing "output" at <call .Missing>: error calling call: call of nil'],
  ['{{.F}}', 'template: output:1:2: executing "output" at <{{.F}}>: can\'t print {{.F}} of type func(...interface {}) interface {}'],
  ['{{(nil).X}}', 'template: output:1:3: executing "output" at <nil>: nil is not a command'],
  ['{{$x := 1}}{{$x = .S.Q}}', 'template: output:1:18: executing "output" at <.S.Q>: can\'t evaluate field Q in type string'],
  ['{{define "T"}}{{.S.Q}}{{end}}{{template "T" .}}', 'template: output:1:16: executing "T" at <.S.Q>: can\'t evaluate field Q in type string'],
  ['{{define "T"}}{{template "T" .}}{{end}}{{template "T" .}}', 'template: output:1:25: executing "T" at <{{template "T" .}}>: exceeded maximum template depth (200)'],
  ['{{printf "%s" (index .L 9)}}', 'template: output:1:15: executing "output" at <index .L 9>: error calling index: index out of range: 9'],
  ['{{if .L}}{{range .M}}{{.Sub.X.Y}}{{end}}{{end}}', 'template: output:1:23: executing "output" at <.Sub.X.Y>: can\'t evaluate field X in type int'],
  ['{{with .S}}{{.Q.R}}{{end}}', 'template: output:1:13: executing "output" at <.Q.R>: can\'t evaluate field Q in type string'],
];

describe('execution errors', () => {
  it.each(execErrors)('%j', (tpl, message) => {
    expect(errorOf(tpl, D)).toBe(message);
  });

  it('stops runaway templates with an error instead of hanging', () => {
    expect(errorOf('{{range 100000000}}{{range 100000000}}{{end}}{{end}}', {})).toMatch(/exceeded \d+ steps/);
    expect(errorOf('{{range 100000}}{{printf "%1000000d" 1}}{{end}}', {})).toMatch(/template output exceeded \d+ characters/);
  });

  it('throws rather than returning partial output', () => {
    expect(() => executeGoTemplate('printed {{.S.B}}', D)).toThrow(GoTemplateError);
  });
});
