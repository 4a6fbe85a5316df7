/**
 * The text of `calicoctl version`: labels padded so values start at column 19.
 * Kept free of oclif so the fast path can print `version --client` by itself.
 */
import { CommandError } from '../errors.js';
import { CLIENT_VERSION } from '../version.js';
import { gitCommit } from './buildinfo.js';

const label = (name: string): string => `${name}:`.padEnd(19);

export function clientVersionLines(): string[] {
  return [`${label('Client Version')}${CLIENT_VERSION}`, `${label('Git commit')}${gitCommit()}`];
}

/** The parts of ClusterInformation `default` that `version` shows. */
export interface ClusterInfo {
  calicoVersion?: string;
  clusterType?: string;
}

export function clusterInfoLines(info: ClusterInfo): string[] {
  return [
    `${label('Cluster Version')}${info.calicoVersion || 'unknown'}`,
    `${label('Cluster Type')}${info.clusterType || 'unknown'}`,
  ];
}

export interface PrintClusterInfoOptions {
  /** 0 = read once; otherwise re-read forever at this interval (ms). */
  pollMs: number;
  out(text: string): Promise<void>;
  err(text: string): Promise<void>;
  sleep?(ms: number): Promise<void>;
  /** Stops polling (tests). */
  signal?: AbortSignal;
}

/**
 * Prints `Cluster Version:` / `Cluster Type:`. Read once: a read failure throws
 * CommandError(`unable to retrieve Cluster Version or Type: ...`). Polling: prints the lines
 * whenever they change, and failures to stderr, until `signal` aborts.
 */
export async function printClusterInfo(read: () => Promise<ClusterInfo>, opts: PrintClusterInfoOptions): Promise<void> {
  const failure = (e: unknown) =>
    `unable to retrieve Cluster Version or Type: ${e instanceof Error ? e.message : String(e)}`;
  if (opts.pollMs <= 0) {
    let info: ClusterInfo;
    try {
      info = await read();
    } catch (e) {
      throw new CommandError(failure(e));
    }
    await opts.out(`${clusterInfoLines(info).join('\n')}\n`);
    return;
  }
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let last: string | undefined;
  while (!opts.signal?.aborted) {
    try {
      const text = `${clusterInfoLines(await read()).join('\n')}\n`;
      if (text !== last) await opts.out(text);
      last = text;
    } catch (e) {
      await opts.err(`${failure(e)}\n`);
    }
    if (!opts.signal?.aborted) await sleep(opts.pollMs);
  }
}
