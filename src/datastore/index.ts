/**
 * Opens the datastore described by a client configuration. Adapters are imported lazily so that
 * nothing heavy (etcd3, the Kubernetes client) loads unless a command actually needs a datastore.
 */
import { CommandError } from '../errors.js';
import type { ClientConfig } from './config.js';
import type { Datastore } from './types.js';

export interface OpenOptions {
  /**
   * The command mostly reads (get, version): on etcd, reads then go through etcd's JSON gateway
   * and the gRPC client is loaded only if something is written.
   */
  readMostly?: boolean;
}

export async function openDatastore(cfg: ClientConfig, opts: OpenOptions = {}): Promise<Datastore> {
  switch (cfg.datastoreType) {
    case 'etcdv3': {
      if (opts.readMostly) {
        const { openEtcdReadDatastore } = await import('./etcd/readonly.js');
        return openEtcdReadDatastore(cfg);
      }
      const { openEtcdDatastore } = await import('./etcd/etcd.js');
      return openEtcdDatastore(cfg);
    }
    case 'kubernetes': {
      const { openKubeDatastore } = await import('./kube/kube.js');
      return openKubeDatastore(cfg);
    }
    default: {
      const t: never = cfg.datastoreType;
      throw new CommandError(`unknown datastore type: ${String(t)}`);
    }
  }
}
