/**
 * The git commit this build came from. `scripts/gen-buildinfo.js` (run by `npm run build`)
 * writes dist/cli/buildinfo.json; without it (a plain `tsc` build in a checkout) the commit is
 * read from .git, and outside a checkout it is `unknown`.
 */
import { readFileSync } from 'node:fs';

const here = (rel: string): URL => new URL(rel, import.meta.url);
const read = (u: URL | string): string => readFileSync(u, 'utf8').trim();

function fromGitDir(): string {
  const git = here('../../.git/');
  const head = read(new URL('HEAD', git));
  if (!head.startsWith('ref: ')) return head;
  const ref = head.slice(5);
  try {
    return read(new URL(ref, git));
  } catch {
    const packed = read(new URL('packed-refs', git)).split('\n');
    const line = packed.find((l) => l.endsWith(` ${ref}`));
    if (!line) throw new Error(`unresolved ${ref}`);
    return line.split(' ')[0] ?? '';
  }
}

export function gitCommit(): string {
  try {
    const info = JSON.parse(read(here('./buildinfo.json'))) as { gitCommit?: string };
    if (info.gitCommit) return info.gitCommit;
  } catch {
    // not generated: fall through
  }
  try {
    const sha = fromGitDir();
    if (/^[0-9a-f]{7,}$/.test(sha)) return sha.slice(0, 7);
  } catch {
    // not a checkout
  }
  return 'unknown';
}
