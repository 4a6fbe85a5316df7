/**
 * The resident calico-ipam daemon: serves CNI ADD/DEL/CHECK/VERSION on a unix socket (mode 0600)
 * by running the plugin's own code (../run.ts) on the environment and netconf each client sends,
 * so a CNI invocation costs a tiny native client (../native/calico-ipam.c) instead of a Node
 * start-up. Connections are read and answered concurrently; ADD and DEL (which write IPAM blocks)
 * run one at a time, like the host-wide IPAM lock Calico's CNI plugin takes: every ADD on a node
 * targets the node's affine block, so concurrent ones only collide and retry their
 * compare-and-swaps (measured: 8 concurrent ADDs in one process ran at about half the rate of
 * the same ADDs one after another). Without the daemon, separate plugin processes stay correct
 * through those compare-and-swaps.
 *
 * ```ts
 * const d = await startIpamDaemon({ socket: '/var/run/calico/ipam.sock', log: console.error });
 * await d.close(); // stops accepting, removes the socket, waits for requests in flight
 * ```
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { runCni } from '../run.js';
import { DEFAULT_SOCKET, FORWARDED_ENV, FrameReader, decodeRequest, encodeResponse } from './protocol.js';
import { Mutex } from './mutex.js';
import { KeptClients } from './clients.js';
import { RecentBlocks } from './block-hints.js';
import { claimSocketPath, removeIfOurs, socketInode } from './socket-file.js';

export interface IpamDaemonOptions {
  /** Unix socket path; default /var/run/calico/ipam.sock. */
  socket?: string;
  /** One line per request and per failure; default silent. */
  log?: (line: string) => void;
  /** A client that has not sent its whole request after this long is dropped (ms). */
  requestTimeoutMs?: number;
}

export interface IpamDaemon {
  readonly socket: string;
  /** Stops accepting, removes the socket file, then waits (up to graceMs) for requests in flight. */
  close(graceMs?: number): Promise<void>;
}

function forwardedEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (FORWARDED_ENV.test(k)) out[k] = v;
  return out;
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const old = process.umask(0o177); // the socket is created 0600, never briefly wider
    try {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    } finally {
      process.umask(old);
    }
  });
}

export async function startIpamDaemon(opts: IpamDaemonOptions = {}): Promise<IpamDaemon> {
  const path = opts.socket ?? DEFAULT_SOCKET;
  const log = opts.log ?? (() => undefined);
  const timeoutMs = opts.requestTimeoutMs ?? 30_000;
  const inflight = new Set<Promise<void>>();
  const ipamLock = new Mutex();
  // Datastore clients (and their kept-alive connections) live across requests, and so does
  // where each node allocated last (block CIDRs only; no datastore contents are kept).
  const clients = new KeptClients();
  const opOpts = { clients, hints: new RecentBlocks() };

  const serve = async (conn: Socket, payload: Buffer): Promise<void> => {
    const t0 = process.hrtime.bigint();
    const req = decodeRequest(payload);
    const env = forwardedEnv(req.env);
    const writes = env.CNI_COMMAND === 'ADD' || env.CNI_COMMAND === 'DEL';
    const res = await (writes ? ipamLock.run(() => runCni(env, req.stdin, opOpts)) : runCni(env, req.stdin, opOpts));
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    log(`${env.CNI_COMMAND ?? '-'} container=${env.CNI_CONTAINERID ?? '-'} exit=${res.exitCode} ${ms.toFixed(1)}ms`);
    conn.end(encodeResponse(res));
  };

  const onConnection = (conn: Socket): void => {
    const reader = new FrameReader();
    let started = false;
    conn.setTimeout(timeoutMs, () => {
      if (!started) conn.destroy();
    });
    conn.on('error', () => undefined); // a client that went away; nothing to answer
    conn.on('data', (chunk: Buffer) => {
      if (started) return;
      let payload: Buffer | undefined;
      try {
        payload = reader.push(chunk);
      } catch (e) {
        log(`bad request: ${(e as Error).message}`);
        conn.destroy();
        return;
      }
      if (!payload) return;
      started = true;
      const p = serve(conn, payload).catch((e: unknown) => {
        log(`request failed: ${(e as Error).message}`);
        conn.destroy();
      });
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    });
  };

  await claimSocketPath(path);
  mkdirSync(dirname(path), { recursive: true });
  const server = createServer(onConnection);
  await listen(server, path);
  chmodSync(path, 0o600);
  const ino = socketInode(path);
  log(`listening on ${path}`);

  let closing: Promise<void> | undefined;
  return {
    socket: path,
    close(graceMs = 10_000) {
      closing ??= (async () => {
        removeIfOurs(path, ino); // new clients fall back to the in-process plugin from now on
        server.close();
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<void>((r) => (timer = setTimeout(r, graceMs)));
        await Promise.race([Promise.allSettled([...inflight]), deadline]);
        clearTimeout(timer);
        await clients.close();
        log('stopped');
      })();
      return closing;
    },
  };
}
