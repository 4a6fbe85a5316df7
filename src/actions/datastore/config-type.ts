/** The datastore type the client configuration names, read before opening anything. */
import type { ClientFlags } from '../client.js';

/** undefined when the configuration cannot be read (openClient then reports why). */
export async function configuredDatastoreType(flags: ClientFlags): Promise<string | undefined> {
  const { loadClientConfig } = await import('../../datastore/config.js');
  try {
    return loadClientConfig({ configPath: flags.config, env: process.env, context: flags.context }).datastoreType;
  } catch {
    return undefined;
  }
}
