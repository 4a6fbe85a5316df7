/**
 * Opening the datastore the way calicoctl does: config file or environment, a one-line
 * failure on stdout, then the client/cluster version check.
 */
import type { Datastore } from '../datastore/types.js';
import { CommandError, ConfigError, DatastoreUnavailableError, NotFoundError, messageOf } from '../errors.js';
import { CLIENT_VERSION } from '../version.js';
import { StdoutError } from './ctl-error.js';

export interface ClientFlags {
  config?: string;
  context?: string;
  'allow-version-mismatch'?: boolean;
}

export async function openClient(flags: ClientFlags, opts: { versionCheck?: boolean; readMostly?: boolean } = {}): Promise<Datastore> {
  const { loadClientConfig } = await import('../datastore/config.js');
  const { openDatastore } = await import('../datastore/index.js');
  let ds: Datastore;
  try {
    const cfg = loadClientConfig({ configPath: flags.config, env: process.env, context: flags.context });
    ds = await openDatastore(cfg, { readMostly: opts.readMostly });
  } catch (e) {
    const msg = messageOf(e);
    if (msg.startsWith('Error reading config file')) throw new StdoutError(msg);
    if (e instanceof ConfigError) throw new StdoutError(`Failed to create Calico API client: ${msg}`);
    throw e;
  }
  if (opts.versionCheck !== false && !flags['allow-version-mismatch']) {
    try {
      await checkClusterVersion(ds);
    } catch (e) {
      await ds.close();
      throw e;
    }
  }
  return ds;
}

async function checkClusterVersion(ds: Datastore): Promise<void> {
  const { loadKind } = await import('../resources/kind-index.js');
  const ci = await loadKind('clusterinformation');
  if (!ci) return;
  let cluster: string | undefined;
  try {
    const info = await ds.get(ci, 'default');
    cluster = typeof info.spec?.calicoVersion === 'string' ? info.spec.calicoVersion : undefined;
  } catch (e) {
    if (e instanceof NotFoundError) return;
    // A datastore that is down gets one line naming the endpoint, not the version-check wrapper.
    if (e instanceof DatastoreUnavailableError) throw e;
    throw new CommandError(`unable to get Cluster Information to verify version mismatch: ${messageOf(e)}\nUse --allow-version-mismatch to override`);
  }
  const { checkVersionMismatch } = await import('../cli/versioncheck.js');
  const msg = checkVersionMismatch(CLIENT_VERSION, cluster);
  if (msg) throw new CommandError(msg);
}
