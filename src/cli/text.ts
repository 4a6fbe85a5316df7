/** Small text helpers for the docopt-style help layout. */

/** Help text is laid out for an 80-column terminal, like calicoctl's. */
export const WIDTH = 80;
/** Option descriptions start at this column (0-based), as in every docopt help of calicoctl. */
export const OPTION_COLUMN = 31;

/**
 * Greedy wrap of `tokens` (kept whole) after `lead`; continuation lines start with `hang`.
 * Empty tokens (from double spaces) keep their spacing inside a line and vanish at a break.
 */
export function wrapTokens(lead: string, tokens: readonly string[], width: number, hang: string): string[] {
  const out: string[] = [];
  let current = lead;
  let fresh = true;
  for (const word of tokens) {
    if (!fresh && current.length + 1 + word.length <= width) {
      current += ` ${word}`;
      continue;
    }
    if (!fresh) {
      out.push(current.trimEnd());
      current = hang;
    }
    current += word;
    fresh = word === '';
  }
  if (!fresh) out.push(current.trimEnd());
  return out;
}

/** Greedy word wrap of one line; continuation lines get `hang` (a string of spaces) in front. */
export function wrapLine(line: string, width: number, hang = ''): string[] {
  if (line.length <= width) return [line];
  const lead = /^\s*/.exec(line)?.[0] ?? '';
  return wrapTokens(lead, line.slice(lead.length).split(' '), width, hang);
}

/** Hanging indent for a wrapped line: its own indent, plus room for a `- ` bullet. */
function hangOf(line: string): string {
  const m = /^(\s*)(- )?/.exec(line);
  return ' '.repeat((m?.[1]?.length ?? 0) + (m?.[2]?.length ?? 0));
}

/** Indents every non-empty line by `pad`, wrapping each to `width` (measured with the indent). */
export function indentBlock(text: string, pad: string, width = WIDTH): string {
  return text
    .split('\n')
    .flatMap((l) => (l.trim() === '' ? [''] : wrapLine(pad + l, width, pad + hangOf(l))))
    .join('\n');
}

/** Removes the common leading indentation of lines 2..n (line 1 is written flush by authors). */
export function dedentTail(text: string): string {
  const lines = text.split('\n');
  const tail = lines.slice(1).filter((l) => l.trim() !== '');
  const min = Math.min(...tail.map((l) => l.length - l.trimStart().length));
  if (!tail.length || min === 0) return text;
  return [lines[0], ...lines.slice(1).map((l) => l.slice(min))].join('\n');
}

/** Splits a usage pattern on spaces that are not inside `<...>`. */
export function usageTokens(usage: string): string[] {
  const tokens: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of usage) {
    if (ch === '<') depth++;
    if (ch === '>') depth = Math.max(0, depth - 1);
    if (ch === ' ' && depth === 0) {
      if (current) tokens.push(current);
      current = '';
    } else current += ch;
  }
  if (current) tokens.push(current);
  // Keep a lone `(` with what follows and a lone `)` with what precedes, so no line starts with `)`.
  const glued: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] ?? '';
    if (/^\)+$/.test(t) && glued.length) glued[glued.length - 1] += ` ${t}`;
    else if (/^\(+$/.test(t) && i + 1 < tokens.length) tokens[i + 1] = `${t} ${tokens[i + 1]}`;
    else glued.push(t);
  }
  return glued;
}

/**
 * Program-name substitution for help text written for `calicoctl`: oclif's `<%= config.bin %>`
 * and `<%= command.id %>` templates, and `calicoctl` as a word (not in `calicoctl.cfg` or paths).
 */
export function withProgram(text: string, bin: string, commandId = ''): string {
  return text
    .replace(/<%=\s*config\.bin\s*%>/g, bin)
    .replace(/<%=\s*command\.id\s*%>/g, commandId)
    .replace(/(?<![\w/.-])calicoctl(?![\w/.-])/g, bin);
}
