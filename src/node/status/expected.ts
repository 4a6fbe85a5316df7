/**
 * Where `--wait` gets the peers that must be Established, looked at again every poll round:
 *  - `datastore`: computed from the configured datastore with the agent's own functions
 *    (ds-peers.ts), so a change the agent has not seen yet is already waited for;
 *  - `agent`: `<run-dir>/expected-peers.json`, the list the agent last wrote;
 *  - `bird`: every BGP peer BIRD has configured.
 * With a datastore configured but not usable (unreachable, no node name recorded, the node not
 * in it), one warning line on stderr and the agent's list (or BIRD's) from then on.
 */
import { join } from 'node:path';
import { ConfigError } from '../../errors.js';
import type { DatastorePeers } from './ds-peers.js';
import { readExpectedPeers, type ExpectedPeer } from './wait.js';

export type ExpectedFrom = 'datastore' | 'agent' | 'bird';

export interface Expectation {
  from: ExpectedFrom;
  /** Undefined for `bird`: whatever BIRD has. */
  peers?: readonly ExpectedPeer[];
}

/** The agent's list, else BIRD's. */
export function fromAgent(runDir: string): Expectation {
  const peers = readExpectedPeers(runDir);
  return peers ? { from: 'agent', peers } : { from: 'bird' };
}

export function fallbackWarning(runDir: string, reason: string, fallback: Expectation): string {
  const instead =
    fallback.from === 'agent'
      ? `waiting for the peers the agent listed in ${join(runDir, 'expected-peers.json')}`
      : 'waiting for the BGP peers BIRD has configured';
  const oneLine = reason.replace(/\s*\n\s*/g, ' ').trim();
  return `Warning: cannot compute the expected BGP peers from the datastore (${oneLine}); ${instead}\n`;
}

export class ExpectedPeerSource {
  private constructor(
    private readonly runDir: string,
    private ds: DatastorePeers | undefined,
    /** Why the datastore is not used, not yet reported. */
    private unreported: string | undefined,
    private readonly warn: (line: string) => Promise<void>,
  ) {}

  /**
   * Opens the datastore when one is configured. Throws ConfigError for a configuration calicoctl
   * rejects (e.g. `-c` naming a missing file); anything else becomes the fallback warning.
   */
  static async open(runDir: string, configPath: string | undefined, warn: (line: string) => Promise<void>): Promise<ExpectedPeerSource> {
    const { openDatastorePeers } = await import('./ds-peers.js');
    try {
      return new ExpectedPeerSource(runDir, await openDatastorePeers(runDir, configPath), undefined, warn);
    } catch (e) {
      if (e instanceof ConfigError) throw e;
      return new ExpectedPeerSource(runDir, undefined, (e as Error).message, warn);
    }
  }

  /** The expected set now; the datastore gets `timeoutMs` to answer. */
  async current(timeoutMs: number): Promise<Expectation> {
    if (this.ds) {
      try {
        return { from: 'datastore', peers: await this.ds.compute(timeoutMs) };
      } catch (e) {
        this.unreported = (e as Error).message;
        await this.close();
      }
    }
    const fallback = fromAgent(this.runDir);
    if (this.unreported !== undefined) {
      await this.warn(fallbackWarning(this.runDir, this.unreported, fallback));
      this.unreported = undefined;
    }
    return fallback;
  }

  async close(): Promise<void> {
    const ds = this.ds;
    this.ds = undefined;
    await ds?.close().catch(() => {});
  }
}
