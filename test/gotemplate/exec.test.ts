/** Execution semantics, table-driven: each row is [template, data, expected output]. */
import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

type Row = [template: string, data: unknown, want: string];

const D = {
  S: 'str',
  N: 3,
  F: 0.5,
  T: true,
  Z: 0,
  E: '',
  Nil: null,
  L: ['a', 'b', 'c'],
  Nums: [1, 2, 3, 4, 5, 6],
  EmptyL: [],
  M: { b: 2, a: 1, c: 3 },
  EmptyM: {},
  Nested: { A: { B: { C: 'deep' } } },
  Grid: [['x', 'y'], ['z']],
  Prefix: '>',
  Big: 12345678901,
};

const groups: Record<string, Row[]> = {
  'text and literals': [
    ['plain text', null, 'plain text'],
    ['', null, ''],
    ['{{"a"}}{{1}}{{true}}{{false}}', null, 'a1truefalse'],
    ['{{`raw\\n`}}', null, 'raw\\n'],
    ['{{"tab\\there"}}', null, 'tab\there'],
    ['{{"\\u00e9\\x41\\101\\\\\\""}}', null, 'éAA\\"'],
    ["{{'a'}} {{'\\n'}} {{printf \"%c\" 'é'}}", null, '97 10 é'],
    ['{{0x1F}} {{0o17}} {{017}} {{0b101}} {{1_000}} {{-5}} {{+5}}', null, '31 15 15 5 1000 -5 5'],
    ['{{1.5}} {{2.0}} {{1e3}} {{1e6}} {{0.000001}} {{-0.25}}', null, '1.5 2 1000 1e+06 1e-06 -0.25'],
    ['{{.}}', 'dot', 'dot'],
    ['{{.}}', 42, '42'],
  ],
  'printing values as %v': [
    ['{{.N}} {{.F}} {{.T}} {{.S}} {{.Big}}', D, '3 0.5 true str 12345678901'],
    ['{{.L}}', D, '[a b c]'],
    ['{{.M}}', D, 'map[a:1 b:2 c:3]'],
    ['{{.EmptyL}} {{.EmptyM}}', D, '[] map[]'],
    ['{{.Nested}}', D, 'map[A:map[B:map[C:deep]]]'],
    ['{{.X}}', { X: [null, { k: null }] }, '[<nil> map[k:<nil>]]'],
    ['{{.Missing}}', D, '<no value>'],
    ['{{.Missing.Deeper.Still}}', D, '<no value>'],
    ['{{.Nil}}', D, '<no value>'],
    ['{{.}}', undefined, '<no value>'],
    ['{{.F}} {{.G}}', { F: 1234567.5, G: 1e21 }, '1.2345675e+06 1e+21'],
  ],
  fields: [
    ['{{.Nested.A.B.C}}', D, 'deep'],
    ['{{$.Nested.A.B.C}}', D, 'deep'],
    ['{{with .Nested}}{{.A.B.C}}{{end}}', D, 'deep'],
    ['{{(index .Grid 0)}} {{(.Nested.A).B.C}}', D, '[x y] deep'],
    ['{{.spec.cidr}} {{.Spec.CIDR}}', { spec: { cidr: '10.0.0.0/8' } }, '10.0.0.0/8 10.0.0.0/8'],
  ],
  variables: [
    ['{{$x := "v"}}{{$x}}', null, 'v'],
    ['{{$x := 1}}{{$x = 2}}{{$x}}', null, '2'],
    ['{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}', null, '2'],
    ['{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}', null, '21'],
    ['{{with $y := .S}}{{$y}}{{.}}{{end}}', D, 'strstr'],
    ['{{if $v := .E}}yes{{else}}no{{$v}}{{end}}', D, 'no'],
    ['{{$}}', 'root', 'root'],
    ['{{range .L}}{{$.Prefix}}{{.}}{{end}}', D, '>a>b>c'],
    ['{{$n := len .L}}{{$n}}', D, '3'],
    ['{{$m := .M}}{{$m.b}}', D, '2'],
  ],
  'if / else if / else': [
    ['{{if .T}}yes{{else}}no{{end}}', D, 'yes'],
    ['{{if .Z}}yes{{else}}no{{end}}', D, 'no'],
    ['{{if .E}}yes{{else}}no{{end}}', D, 'no'],
    ['{{if .EmptyL}}yes{{else}}no{{end}}', D, 'no'],
    ['{{if .EmptyM}}yes{{else}}no{{end}}', D, 'no'],
    ['{{if .Missing}}yes{{else}}no{{end}}', D, 'no'],
    ['{{if .Nil}}yes{{else}}no{{end}}', D, 'no'],
    ['{{if .F}}yes{{else}}no{{end}}', D, 'yes'],
    ['{{if "0"}}yes{{else}}no{{end}}', D, 'yes'],
    ['{{if .N}}{{if .T}}both{{end}}{{end}}', D, 'both'],
    ['{{if eq .N 1}}one{{else if eq .N 3}}three{{else}}other{{end}}', D, 'three'],
    ['{{if eq .N 1}}one{{else if eq .N 2}}two{{else}}other{{end}}', D, 'other'],
    ['{{if not .T}}a{{else if .Z}}b{{else if .S}}c{{end}}', D, 'c'],
  ],
  with: [
    ['{{with .S}}[{{.}}]{{end}}', D, '[str]'],
    ['{{with .Missing}}[{{.}}]{{else}}none{{end}}', D, 'none'],
    ['{{with .E}}x{{else with .S}}{{.}}{{end}}', D, 'str'],
    ['{{with .Nested.A}}{{with .B}}{{.C}}{{end}}{{end}}', D, 'deep'],
  ],
  range: [
    ['{{range .L}}{{.}},{{end}}', D, 'a,b,c,'],
    ['{{range .EmptyL}}{{.}}{{else}}empty{{end}}', D, 'empty'],
    ['{{range .Missing}}{{.}}{{else}}nothing{{end}}', D, 'nothing'],
    ['{{range $i, $v := .L}}{{$i}}:{{$v}} {{end}}', D, '0:a 1:b 2:c '],
    ['{{range $v := .L}}{{$v}}{{end}}', D, 'abc'],
    ['{{range $k, $v := .M}}{{$k}}={{$v}};{{end}}', D, 'a=1;b=2;c=3;'],
    ['{{range .M}}{{.}}{{end}}', D, '123'],
    ['{{range 3}}{{.}}{{end}}', null, '012'],
    ['{{range $i := 3}}{{$i}}{{end}}', null, '012'],
    ['{{range .Nums}}{{if eq . 3}}{{continue}}{{end}}{{if eq . 5}}{{break}}{{end}}{{.}}{{end}}', D, '124'],
    ['{{range .Grid}}{{range .}}{{if eq . "y"}}{{break}}{{end}}{{.}}{{end}};{{end}}', D, 'x;z;'],
    ['{{range $i, $r := .Grid}}{{range $j, $c := $r}}{{$i}}{{$j}}{{$c}} {{end}}{{end}}', D, '00x 01y 10z '],
    ['{{$i := "outer"}}{{range $i, $e := .L}}{{end}}{{$i}}', D, 'outer'],
    ['{{$x := 0}}{{range .L}}{{$x = .}}{{end}}{{$x}}', D, 'c'],
    ['{{$i := 0}}{{range $i = .L}}{{end}}{{$i}}', D, 'c'],
  ],
  pipelines: [
    ['{{"x" | printf "%s-%s" "a"}}', null, 'a-x'],
    ['{{.L | len}}', D, '3'],
    ['{{.L | len | printf "%03d"}}', D, '003'],
    ['{{printf "%d" (len .L)}}', D, '3'],
    ['{{.S | html | printf "<%s>"}}', D, '<str>'],
    ['{{(printf "%s" "paren")}}', null, 'paren'],
    ['{{.T | not}}', D, 'false'],
  ],
  'trim markers and comments': [
    ['a  {{- 1 -}}  b', null, 'a1b'],
    ['a {{1}} b', null, 'a 1 b'],
    ['a\n\t {{- "x"}}\n', null, 'ax\n'],
    ['{{"x" -}}\n\n  y', null, 'xy'],
    ['{{-3}}', null, '-3'],
    ['{{ -3 }}', null, '-3'],
    ['a{{/* comment */}}b', null, 'ab'],
    ['a {{- /* comment */ -}} b', null, 'ab'],
    ['{{range .L -}}\n  {{.}}\n{{- end}}', D, 'abc'],
    ['{{/* multi\nline */}}z', null, 'z'],
    ['{{\n.S\n}}', D, 'str'],
  ],
  'and / or / not': [
    ['{{and 1 0 2}} {{and 1 2}} {{or 0 "" "x"}} {{or 0 ""}}|{{not 0}} {{not .S}}', D, '0 2 x |true false'],
    ['{{or true (index .L 10)}}', D, 'true'],
    ['{{and false (index .L 10)}}', D, 'false'],
    ['{{or .Missing "default"}}', D, 'default'],
    ['{{and .Missing 1}}', D, '<no value>'],
    ['{{if and .T .S}}y{{end}}{{if or .Z .E}}n{{end}}', D, 'y'],
    ['{{.Z | or "piped"}} {{1 | and 2}}', D, 'piped 1'],
  ],
  comparisons: [
    ['{{eq 1 1}} {{eq "a" "b"}} {{eq .N 1 2 3}} {{eq .S "x" "str"}}', D, 'true false true true'],
    ['{{ne 1 2}} {{lt 1 2}} {{le 2 2}} {{gt "b" "a"}} {{ge 1 2}} {{lt 1.5 2}}', D, 'true true true true false true'],
    ['{{eq .Missing nil}} {{eq .Nil nil}} {{eq .S nil}}', D, 'true true false'],
    ['{{eq .T true}} {{eq .F 0.5}}', D, 'true true'],
    // Beyond Go (which refuses int vs float): JSON cannot tell 2 from 2.0.
    ['{{eq 2 2.0}} {{lt 1 1.5}}', D, 'true true'],
  ],
  'len / index / slice': [
    ['{{len .L}} {{len .M}} {{len .S}} {{len "héllo"}} {{len .EmptyM}}', D, '3 3 3 6 0'],
    ['{{index .L 1}} {{index .M "b"}} {{index .Grid 0 1}} {{index "abc" 1}}', D, 'b 2 y 98'],
    ['{{index .M "nope"}}', D, '<no value>'],
    ['{{index .}}', 'itself', 'itself'],
    ['{{index .X "a" 1 "b"}}', { X: { a: [0, { b: 'deep' }] } }, 'deep'],
    ['{{slice .L 1}} {{slice .L 1 2}} {{slice .L}} {{slice .L 0 3 3}}', D, '[b c] [b] [a b c] [a b c]'],
    ['{{slice "hello" 1 3}} {{slice "hello" 2}}', null, 'el llo'],
  ],
  'print / println / escapers': [
    ['{{print 1 2 "a" "b" 3}}', null, '1 2ab3'],
    ['{{print .Missing}} {{print nil}}', D, '<nil> <nil>'],
    ['{{println 1 "a"}}', null, '1 a\n'],
    ['{{html "<a href=\'x\'>&\\""}}', null, '&lt;a href=&#39;x&#39;&gt;&amp;&#34;'],
    ['{{html .Missing}}', D, '&lt;no value&gt;'],
    ['{{js "a\'b\\"c<d>e&f=g\\\\"}}', null, "a\\'b\\\"c\\u003Cd\\u003Ee\\u0026f\\u003Dg\\\\"],
    ['{{urlquery "a b&c=d/é"}}', null, 'a+b%26c%3Dd%2F%C3%A9'],
    ['{{html 1 2}}', null, '1 2'],
  ],
  'define / template / block': [
    ['{{define "T"}}<{{.}}>{{end}}{{template "T" "x"}}{{template "T" 1}}', null, '<x><1>'],
    ['{{template "T" .S}}{{define "T"}}[{{.}}]{{end}}', D, '[str]'],
    ['{{define "T"}}{{.}}{{end}}{{template "T"}}', D, '<no value>'],
    ['{{define "T"}}{{$}}{{end}}{{template "T" .N}}', D, '3'],
    ['{{block "B" .S}}default {{.}}{{end}}', D, 'default str'],
    ['{{define "T"}}{{if .}}{{len .}}{{template "T" (slice . 1)}}{{end}}{{end}}{{template "T" .L}}', D, '321'],
    ['{{define "T"}}{{end}}{{define "T"}}second{{end}}{{template "T"}}', null, 'second'],
    ['{{range .L}}{{template "item" .}}{{end}}{{define "item"}}({{.}}){{end}}', D, '(a)(b)(c)'],
  ],
  call: [['{{call .F 2 3}}', { F: (a: unknown, b: unknown) => Number(a) * Number(b) }, '6']],
};

describe.each(Object.entries(groups))('%s', (_name, rows) => {
  it.each(rows)('%j', (tpl, data, want) => {
    expect(run(tpl, data)).toBe(want);
  });
});

describe('data is never modified', () => {
  it('leaves the input untouched', () => {
    const data = JSON.parse(JSON.stringify(D)) as unknown;
    run('{{range $k, $v := .M}}{{$v}}{{end}}{{$x := .L}}{{$x = 1}}{{slice .L 1}}', data);
    expect(data).toEqual(JSON.parse(JSON.stringify(D)));
  });
});
