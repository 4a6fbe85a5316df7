/** Talking to BIRD: parse-check a config (`bird -p`) and run birdc commands on a socket. */
import { execFile } from 'node:child_process';

export interface ExecResult {
  ok: boolean;
  output: string;
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<ExecResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ ok: !err, output: `${stdout}${stderr}`.trim() });
    });
  });
}

export const birdBinary = (): string => process.env.CALICO_BIRD_BINARY || 'bird';
export const birdcBinary = (): string => process.env.CALICO_BIRDC_BINARY || 'birdc';

/** `bird -p -c <file>`: true when BIRD accepts the configuration. */
export function checkConfig(file: string): Promise<ExecResult> {
  return run(birdBinary(), ['-p', '-c', file], 10_000);
}

export function birdc(socket: string, args: string[]): Promise<ExecResult> {
  return run(birdcBinary(), ['-s', socket, ...args], 5_000);
}

export interface ProtocolRow {
  name: string;
  proto: string;
  state: string;
  since: string;
  info: string;
}

/** Rows of `birdc show protocols` (BIRD 2 layout: Name Proto Table State Since Info). */
export function parseProtocols(text: string): ProtocolRow[] {
  const rows: ProtocolRow[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5 || f[0] === 'Name' || f[0] === 'BIRD') continue;
    const [name, proto, , state, since, ...rest] = f as [string, string, string, string, string, ...string[]];
    // "Since" may be "date time" with the default BIRD 2 time format.
    let s = since;
    let info = rest;
    if (rest[0] && /^\d\d:\d\d:\d\d/.test(rest[0])) {
      s = `${since} ${rest[0]}`;
      info = rest.slice(1);
    }
    rows.push({ name, proto, state, since: s, info: info.join(' ') });
  }
  return rows;
}
