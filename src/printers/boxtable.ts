/**
 * Boxed ASCII tables in the style calicoctl prints for `ipam show` and `node status`
 * (olekukonko/tablewriter defaults): `+---+` borders, one space of padding, headers upper-cased
 * and centred (an odd spare space goes to the right), cells left-aligned except cells that are
 * a plain number, which are right-aligned. Cells longer than 30 characters are wrapped at spaces.
 */

const WRAP_AT = 30;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

const width = (s: string): number => [...s].length;

/** Greedy word wrap at `limit`; a single word longer than the limit stays whole. */
function wrapCell(text: string): string[] {
  if (width(text) <= WRAP_AT || !text.includes(' ')) return [text];
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line === '') line = word;
    else if (width(line) + 1 + width(word) <= WRAP_AT) line += ` ${word}`;
    else {
      out.push(line);
      line = word;
    }
  }
  out.push(line);
  return out;
}

function centre(text: string, w: number): string {
  const spare = w - width(text);
  const left = Math.floor(spare / 2);
  return ' '.repeat(left) + text + ' '.repeat(spare - left);
}

/** The table as text, each line (the borders included) ending in a newline. */
export function renderBoxTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = headers.map((h) => h.toUpperCase());
  const wrapped = rows.map((r) => head.map((_, j) => wrapCell(r[j] ?? '')));
  const widths = head.map((h, j) => Math.max(width(h), ...wrapped.map((r) => Math.max(...r[j]!.map(width)))));
  const border = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+\n`;
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |\n`;

  let out = border + line(head.map((h, j) => centre(h, widths[j]!))) + border;
  for (const r of wrapped) {
    const height = Math.max(1, ...r.map((c) => c.length));
    for (let k = 0; k < height; k++) {
      out += line(
        r.map((c, j) => {
          const text = c[k] ?? '';
          const pad = ' '.repeat(widths[j]! - width(text));
          return NUMBER.test(text) ? pad + text : text + pad;
        }),
      );
    }
  }
  return out + border;
}
