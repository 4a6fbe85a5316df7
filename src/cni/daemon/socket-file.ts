/**
 * Claiming the daemon's socket path: refuse when something already answers on it, replace a
 * stale socket (left by a daemon that was killed), never delete anything that is not a socket.
 */
import { lstatSync, unlinkSync } from 'node:fs';
import { connect } from 'node:net';

export class SocketInUseError extends Error {
  readonly code = 'SocketInUse';
}

/** Resolves true when a server accepts connections on `path`, false when nothing does. */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const s = connect(path);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT' || e.code === 'ECONNREFUSED') resolve(false);
      else reject(e);
    });
  });
}

/** Makes `path` free for listen(); throws SocketInUseError when a live server owns it. */
export async function claimSocketPath(path: string): Promise<void> {
  let st;
  try {
    st = lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if (!st.isSocket()) throw new SocketInUseError(`${path} exists and is not a socket; refusing to replace it`);
  if (await answers(path)) throw new SocketInUseError(`another process is already serving ${path}`);
  unlinkSync(path);
}

/** Inode of the socket file, to remove it on shutdown only if it is still ours. */
export function socketInode(path: string): number | undefined {
  try {
    return lstatSync(path).ino;
  } catch {
    return undefined;
  }
}

export function removeIfOurs(path: string, ino: number | undefined): void {
  if (ino !== undefined && socketInode(path) === ino) {
    try {
      unlinkSync(path);
    } catch {
      /* already gone */
    }
  }
}
