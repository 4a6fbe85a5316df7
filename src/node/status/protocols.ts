/**
 * Parses the control-socket reply to `show protocols` into rows. Accepted formats:
 *  - BIRD 1.x (Calico's fork): heading `name proto table state since info`, Since `HH:MM:SS` or
 *    `YYYY-MM-DD`;
 *  - BIRD 2: heading `Name Proto Table State Since Info` (the heading is compared
 *    case-insensitively, where calicoctl requires lower case and so rejects BIRD 2), Since as
 *    `HH:MM:SS.mmm`, `YYYY-MM-DD`, or with `timeformat protocol iso long` a date AND a time
 *    (`2026-11-21 15:35:49`): when the token after State is a date and the next one a time, both
 *    make up Since.
 * Info is the rest of the row, words joined by single spaces (BGP state, then the last error).
 */

export class BirdFormatError extends Error {}

export interface ProtocolRow {
  name: string;
  proto: string;
  table: string;
  state: string;
  since: string;
  info: string;
}

const HEADING = ['name', 'proto', 'table', 'state', 'since', 'info'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** One data row, or undefined when it has too few columns to be a protocol. */
export function parseRow(text: string): ProtocolRow | undefined {
  const f = text.trim().split(/\s+/);
  if (f.length < 5) return undefined;
  const [name = '', proto = '', table = '', state = ''] = f;
  let since = f[4] ?? '';
  let rest = 5;
  if (DATE.test(since) && TIME.test(f[5] ?? '')) {
    since = `${since} ${f[5]}`;
    rest = 6;
  }
  return { name, proto, table, state, since, info: f.slice(rest).join(' ') };
}

/** Rows of a raw reply (lines with BIRD's 4-digit codes, as birdQuery returns them). */
export function parseShowProtocols(lines: readonly string[]): ProtocolRow[] {
  const rows: ProtocolRow[] = [];
  for (const line of lines) {
    let data: string | undefined;
    if (line.startsWith('0000')) break;
    if (line.startsWith('0001')) continue;
    if (line.startsWith('2002-')) {
      const heading = line.slice(5).trim().toLowerCase().split(/\s+/);
      if (heading.join(' ') !== HEADING.join(' ')) throw new BirdFormatError('unknown BIRD table output format');
      continue;
    }
    if (line.startsWith('1002-')) data = line.slice(5);
    else if (line.startsWith(' ')) data = line.slice(1);
    else if (line.trim() === '') continue;
    else throw new BirdFormatError('unexpected output line from BIRD');
    const row = parseRow(data);
    if (row) rows.push(row);
  }
  return rows;
}

/** Rows of birdc's printed output (no codes; the first non-greeting line is the heading). */
export function parseBirdcText(text: string): ProtocolRow[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '' && !/^BIRD .* ready\.$/.test(l.trim()));
  const [head, ...rest] = lines;
  if (head === undefined) return [];
  return parseShowProtocols([`2002-${head}`, ...rest.map((l) => ` ${l}`), '0000 ']);
}
