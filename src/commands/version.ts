import { Flags } from '@oclif/core';
import { BaseCommand, StdoutError, configFlag } from '../actions/base-command.js';
import { parseGoDuration } from '../cli/duration.js';
import { toStderr, toStdout } from '../cli/io.js';
import { type ClusterInfo, clientVersionLines, printClusterInfo } from '../cli/version-info.js';
import { CommandError } from '../errors.js';

/** A way to read ClusterInformation `default`, and to let go of the datastore afterwards. */
export interface ClusterInfoSource {
  read(): Promise<ClusterInfo>;
  close(): Promise<void>;
}

/**
 * Opens the datastore from `--config`/`--context` without the version check and reads
 * ClusterInformation `default`. Undefined when no client configuration can be built.
 */
export async function openClusterInfo(flags: { config: string; context?: string }): Promise<ClusterInfoSource | undefined> {
  const { openClient } = await import('../actions/client.js');
  const { findKind } = await import('../resources/registry.js');
  let ds;
  try {
    ds = await openClient(flags, { versionCheck: false, readMostly: true });
  } catch (e) {
    if (e instanceof StdoutError) return undefined;
    throw e;
  }
  const kind = findKind('clusterinformation')!;
  const opened = ds;
  return {
    read: async () => {
      const spec = (await opened.get(kind, 'default')).spec ?? {};
      return {
        calicoVersion: typeof spec.calicoVersion === 'string' ? spec.calicoVersion : undefined,
        clusterType: typeof spec.clusterType === 'string' ? spec.clusterType : undefined,
      };
    },
    close: () => opened.close(),
  };
}

export default class Version extends BaseCommand {
  static override summary = 'Display the version of this binary.';
  static override description =
    'Display the version of calicoctl, the git commit it was built from and, unless --client\n' +
    'is given, the Calico version and cluster type recorded in the datastore.';
  static override usage = 'version [--config=<CONFIG>] [--poll=<POLL>] [--allow-version-mismatch] [--client]';
  static override examples = ['# Show only the client version.\ncalicoctl version --client'];
  static override flags = {
    config: configFlag,
    poll: Flags.string({
      helpValue: '<POLL>',
      description:
        'Keep re-reading the cluster information every POLL (a duration such as 1s, 10m or 2h) and print it when it changes.',
    }),
    client: Flags.boolean({ description: 'Display only the client version.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Version);
    const pollMs = flags.poll === undefined ? 0 : parseGoDuration(flags.poll);
    // calicoctl v3.32 prints the zero duration here, whatever was typed.
    if (pollMs === undefined) throw new CommandError('invalid poll duration specified: 0s');
    await toStdout(`${clientVersionLines().join('\n')}\n`);
    if (flags.client) return;

    const source = await openClusterInfo(flags);
    if (!source) {
      await toStdout('Unable to detect installed Calico version\n');
      return;
    }
    try {
      await printClusterInfo(() => source.read(), { pollMs, out: toStdout, err: toStderr });
    } finally {
      await source.close();
    }
  }
}
