/**
 * A client for BIRD's control socket (the protocol birdc speaks, BIRD 1.x and 2 alike): after the
 * `0001 ... ready.` greeting, one command per line; the reply is lines `NNNN-text` (more follows),
 * ` text` (continuation of the previous code) and ends with a line `NNNN text` (code, space).
 * Codes 8xxx/9xxx are errors. Reading stops at that final line, not at a timeout.
 */
import { createConnection } from 'node:net';

export class BirdConnectError extends Error {}

export class BirdReplyError extends Error {}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ECONNREFUSED: 'connection refused',
  EACCES: 'permission denied',
  ENOTSOCK: 'socket operation on non-socket',
};

/** Go's rendering of a failed unix dial, which calicoctl prints. */
function dialError(path: string, err: NodeJS.ErrnoException): BirdConnectError {
  const text = (err.code && ERRNO_TEXT[err.code]) ?? err.message;
  return new BirdConnectError(`dial unix ${path}: connect: ${text}`);
}

const FINAL = /^\d{4} /;

/**
 * Sends `command` and returns the raw reply lines (codes included, final line included, greeting
 * excluded). Rejects with BirdConnectError when the socket cannot be reached and with
 * BirdReplyError when BIRD stays silent for `idleMs`.
 */
export function birdQuery(path: string, command: string, idleMs = 2000): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const sock = createConnection({ path });
    let buf = '';
    let greeted = false;
    let connected = false;
    const reply: string[] = [];
    const done = (err?: Error): void => {
      sock.destroy();
      if (err) reject(err);
      else resolve(reply);
    };
    sock.setEncoding('utf8');
    sock.setTimeout(idleMs, () => done(new BirdReplyError(`timed out reading from BIRD socket ${path}`)));
    sock.on('connect', () => (connected = true));
    sock.on('error', (e: NodeJS.ErrnoException) => done(connected ? new BirdReplyError(e.message) : dialError(path, e)));
    sock.on('close', () => done(new BirdReplyError(`BIRD closed the connection on ${path}`)));
    sock.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).replace(/\r$/, '');
        buf = buf.slice(nl + 1);
        if (!greeted) {
          if (/^0001[ -]/.test(line)) {
            greeted = true;
            sock.write(`${command}\n`);
          }
          continue;
        }
        reply.push(line);
        if (FINAL.test(line) || /^\d{4}$/.test(line)) return done();
      }
    });
  });
}

/** The reply as birdc prints it: codes stripped, continuation lines unindented. */
export function replyText(lines: readonly string[]): string {
  return lines
    .map((l) => (/^\d{4}[- ]/.test(l) ? l.slice(5) : l.startsWith(' ') ? l.slice(1) : l))
    .filter((l, i, all) => !(i === all.length - 1 && l.trim() === ''))
    .map((l) => `${l}\n`)
    .join('');
}
