/**
 * The daemon's IPAM clients, kept open across requests (one per datastore configuration) so a
 * request reuses the kept-alive connections instead of opening new ones. A client is closed
 * after `idleMs` without use, after an operation on it failed (the next request opens a fresh
 * one: a connection problem must not outlive the request that met it), and on close().
 * Nothing read from the datastore is kept: each operation reads through its own view.
 */
import type { ClientConfig } from '../../datastore/config.js';
import { openIpamLight } from '../../ipam/index.js';
import type { IpamClientSource, OpenedIpam } from '../ops.js';

type Opened = Awaited<ReturnType<typeof openIpamLight>>;

interface Entry {
  opened: Promise<Opened>;
  users: number;
  idle?: NodeJS.Timeout;
  discarded: boolean;
}

export class KeptClients implements IpamClientSource {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly idleMs = 30_000,
    private readonly openFn: (cfg: ClientConfig) => Promise<Opened> = openIpamLight,
  ) {}

  /** How many clients are open (for tests and logs). */
  get size(): number {
    return this.entries.size;
  }

  async open(cfg: ClientConfig): Promise<OpenedIpam> {
    const id = JSON.stringify(cfg);
    let e = this.entries.get(id);
    if (!e) {
      e = { opened: this.openFn(cfg), users: 0, discarded: false };
      this.entries.set(id, e);
      const entry = e;
      e.opened.catch(() => this.drop(id, entry));
    }
    const entry = e;
    clearTimeout(entry.idle);
    entry.users++;
    const { client } = await entry.opened.catch((err: unknown) => {
      entry.users--;
      throw err;
    });
    let given = false;
    return {
      client,
      close: async (failed) => {
        if (given) return;
        given = true;
        entry.users--;
        if (failed) entry.discarded = true;
        if (entry.discarded) await this.drop(id, entry);
        else if (entry.users === 0) entry.idle = setTimeout(() => this.drop(id, entry), this.idleMs).unref();
      },
    };
  }

  /** Closes every client now (requests still using one finish on it; it is closed after). */
  async close(): Promise<void> {
    await Promise.all([...this.entries].map(([id, e]) => this.drop(id, e)));
  }

  private async drop(id: string, e: Entry): Promise<void> {
    clearTimeout(e.idle);
    e.discarded = true;
    if (this.entries.get(id) === e) this.entries.delete(id);
    if (e.users > 0) return; // the last user's close() comes back here
    const opened = await e.opened.catch(() => undefined);
    await opened?.close().catch(() => undefined);
  }
}
