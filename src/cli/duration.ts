/** Go's time.ParseDuration (`1s`, `1m30s`, `1.5h`, `300ms`, `0`), returning milliseconds. */
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseGoDuration(text: string): number | undefined {
  const sign = text.startsWith('-') ? -1 : 1;
  const body = /^[-+]/.test(text) ? text.slice(1) : text;
  if (body === '0') return 0;
  if (body === '') return undefined;
  const part = /(\d*(?:\.\d*)?)([a-zµμ]+)/y;
  let total = 0;
  for (let pos = 0; pos < body.length; pos = part.lastIndex) {
    part.lastIndex = pos;
    const m = part.exec(body);
    const [, num = '', unit = ''] = m ?? [];
    const factor = UNIT_MS[unit];
    if (!m || factor === undefined || num === '' || num === '.') return undefined;
    total += Number(num) * factor;
  }
  return sign * total;
}
