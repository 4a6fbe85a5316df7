import { describe, expect, it } from 'vitest';
import { SelectorError, normalizeSelector, parseSelector, selectorProblem } from '../../../src/resources/selector/index.js';
import { tokenize } from '../../../src/resources/selector/tokenizer.js';

const label512 = 'a'.repeat(512);
const label513 = 'a'.repeat(513);

describe('canonical printing', () => {
  it.each([
    // The reference's canonicalisation cases.
    ['! (has( b)||! has(a ))', '!(has(b) || !has(a))'],
    ['! (a == "b"&&! c != "d")', '!(a == "b" && !c != "d")'],
    [`a startswith '"'`, `a starts with '"'`],
    [`a!='"'`, `a != '"'`],
    ['a in {"z","z","x","y","x","a"}', 'a in {"a", "x", "y", "z"}'],
    // Grouping, empty and whitespace.
    [' (all() )', 'all()'],
    ['', 'all()'],
    ['  ', 'all()'],
    ['\t', 'all()'],
    ['all( )', 'all()'],
    ['global( )', 'global()'],
    [' all()', 'all()'],
    ["a == 'x' && b == 'y'", '(a == "x" && b == "y")'],
    ['a == "x" || b == "y" && c == "z"', '(a == "x" || (b == "y" && c == "z"))'],
    ['(a == "x" || b == "y") && c == "z"', '((a == "x" || b == "y") && c == "z")'],
    ['a == "1" && b == "2" && c == "3"', '(a == "1" && b == "2" && c == "3")'],
    ['((((a == "x"))))', 'a == "x"'],
    // Negation.
    ['!!!has(a)', '!has(a)'],
    ['! !!has(a)', '!has(a)'],
    ['!!has(a)', 'has(a)'],
    ['!a == "x"', '!a == "x"'],
    ['!(a == "x")', '!a == "x"'],
    ['!(a == "x" && b == "y")', '!(a == "x" && b == "y")'],
    // As Calico: a negated negation prints as `!!`, which reads back without either `!`.
    ['!(!has(a))', '!!has(a)', 'has(a)'],
    // Operators and spellings.
    ['contains contains "contains"', 'contains contains "contains"'],
    ['label contains"value"', 'label contains "value"'],
    ['label starts  with "v"', 'label starts with "v"'],
    ['label starts\twith "v"', 'label starts with "v"'],
    ['label endswith "v"', 'label ends with "v"'],
    ['label ends with "v"', 'label ends with "v"'],
    ['a notin {"b"}', 'a not in {"b"}'],
    ['a not   in{}', 'a not in {}'],
    ['a in {}', 'a in {}'],
    ['a in {"x",}', 'a in {"x"}'],
    [`a in {"'", '"', "c"}`, `a in {'"', "'", "c"}`],
    ['has(calico/k8s_NS-.1/role)', 'has(calico/k8s_NS-.1/role)'],
    ['calico/k8s_ns == "kube-system" && k8s-app == "kube-dns"', '(calico/k8s_ns == "kube-system" && k8s-app == "kube-dns")'],
    [`${label512} == "x"`, `${label512} == "x"`],
    ['a == ""', 'a == ""'],
  ])('%j → %j', (input, want, reprinted = want) => {
    expect(parseSelector(input).toString()).toBe(want);
    // The canonical form is itself valid and (but for `!(!X)`) a fixed point.
    expect(parseSelector(want).toString()).toBe(reprinted);
  });

  it('sorts set members by code point (UTF-8 byte order), not UTF-16 unit', () => {
    expect(parseSelector('a in {"\u{1F600}", "\uFF21", "b"}').toString()).toBe('a in {"b", "\uFF21", "\u{1F600}"}');
  });

  it('computes Calico unique IDs', () => {
    expect(parseSelector('').uniqueId()).toBe('s:5y5I3VdRZfDU01O--xXAPx2yxCQQqMf0M6IWug');
    expect(parseSelector(' all( ) ').uniqueId()).toBe(parseSelector('').uniqueId());
    expect(parseSelector('a == "b"').uniqueId()).not.toBe(parseSelector('').uniqueId());
  });

  it('normalizes after trimming surrounding whitespace, newlines included', () => {
    expect(normalizeSelector('  a=="b"\n')).toBe('a == "b"');
    expect(normalizeSelector('\r\n')).toBe('all()');
    expect(() => normalizeSelector('a ==')).toThrow(SelectorError);
  });
});

describe('rejected selectors', () => {
  it.each([
    ['b == b', /expected string/],
    ["'b1' == b", /unexpected string "b1"/],
    ['b', /unexpected end of selector after label "b"/],
    ['a b', /expected operator after label "a"/],
    ['!', /unexpected end of selector/],
    ['foo == "bar" &', /expected &&/],
    ['foo == "bar" |', /expected \|\|/],
    ['foo != ||', /expected string/],
    ['foo in {"", ||', /expected } or a string/],
    ['foo in ""', /expected set literal/],
    ['"FOO', /unterminated string/],
    [`"FOO'`, /unterminated string/],
    ['(', /unexpected end of selector/],
    ['(a == "foo"', /expected \)/],
    [')', /unexpected '\)'/],
    ['()', /unexpected '\)'/],
    ['%', /unexpected character "%"/],
    ['a == "b" && %', /unexpected character "%"/],
    ['a ', /unexpected end of selector after label "a"/],
    ['has(foo) &&', /unexpected end of selector/],
    [`${label513} == "x"`, /label too long/],
    [`has(${label513})`, /label too long/],
    ['label = "v"', /expected ==/],
    ['all(', /no closing '\)' after all\(/],
    ['global(x)', /no closing '\)' after global\(/],
    ['has()', /no label name in has\(/],
    ['has(', /no label name in has\(/],
    ['has(foo', /no closing '\)' after has\(/],
    ['has (foo)', /expected operator after label "has"/],
    ['label starts foo "v"', /expected operator after label "label"/],
    ['label ends withs "v"', /expected operator after label "label"/],
    ['label inf "v"', /expected operator after label "label"/],
    ['label squiggles "v"', /expected operator after label "label"/],
    ["kubernetes.io/hostname: == 'x'", /expected operator after label "kubernetes.io\/hostname"/],
    ['a notin"bar"', /expected set literal/],
    ['a == "x"\n', /unexpected character "\\n"/],
    ['\na == "x"', /unexpected character "\\n"/],
    ['a == "x" a == "y"', /unexpected content at end of selector/],
    ['a == "x" && (b == "y"', /expected \) to close the \( at position 12/],
    ['a in {"x" "y"}', /expected } or a string in set literal, found string "y"/],
    ['a in {,}', /expected } or a string/],
    ["a == 'it''s'", /unexpected content at end of selector: string "s"/],
    ['a == "x" ||', /unexpected end of selector/],
    ['&& a == "x"', /unexpected '&&'/],
    ['a ==\u00a0"x"', /unexpected character/],
  ])('%j: %s', (input, reason) => {
    let err: unknown;
    try {
      parseSelector(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SelectorError);
    expect((err as SelectorError).reason).toMatch(reason);
    expect(selectorProblem(input)).toBe((err as SelectorError).message);
  });

  it('reports the position of the problem', () => {
    const at = (s: string) => {
      try {
        parseSelector(s);
      } catch (e) {
        return (e as SelectorError).position;
      }
      return -1;
    };
    expect(at('a == b')).toBe(5);
    expect(at('a == "x" && "oops')).toBe(12);
    expect(at('a == "x"\n')).toBe(8);
    expect(at('x = "y"')).toBe(2);
    expect(parseSelectorMessage('b == b')).toMatch(/ at position 5$/);
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    const deep = `${'('.repeat(10_000)}a == "x"${')'.repeat(10_000)}`;
    expect(selectorProblem(deep)).toMatch(/nested more than 500 deep/);
    const ok = `${'('.repeat(400)}a == "x"${')'.repeat(400)}`;
    expect(parseSelector(ok).toString()).toBe('a == "x"');
  });
});

function parseSelectorMessage(s: string): string {
  try {
    parseSelector(s);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

describe('tokenizer', () => {
  const kinds = (s: string) => tokenize(s).map((t) => (t.value ? `${t.kind}:${t.value}` : t.kind));
  it.each([
    ['a==\"b\"', ['label:a', '==', 'string:b', 'eof']],
    ['startswith starts with "v"', ['label:startswith', 'starts with', 'string:v', 'eof']],
    ['endswith ends with "v"', ['label:endswith', 'ends with', 'string:v', 'eof']],
    ['a notin"bar"&&!has(foo)||b in"c"', ['label:a', 'not in', 'string:bar', '&&', '!', 'has:foo', '||', 'label:b', 'in', 'string:c', 'eof']],
    ['a  not  in  "bar"  &&  ! has( foo )  ||  b  in  c ', ['label:a', 'not in', 'string:bar', '&&', '!', 'has:foo', '||', 'label:b', 'in', 'label:c', 'eof']],
    ['a not in {"a","B"}', ['label:a', 'not in', '{', 'string:a', ',', 'string:B', '}', 'eof']],
    ['global()', ['global', 'eof']],
    ['all()', ['all', 'eof']],
    ['a != "x"', ['label:a', '!=', 'string:x', 'eof']],
    ['in in "x"', ['label:in', 'in', 'string:x', 'eof']],
  ])('%j', (input, want) => {
    expect(kinds(input)).toEqual(want);
  });
});
