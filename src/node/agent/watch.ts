/**
 * Change notification for the agent: etcd prefix watches on the resources that shape BIRD's
 * configuration, debounced into one callback. Datastores without watches are polled.
 */
import type { Datastore } from '../../datastore/types.js';
import type { EtcdDatastore } from '../../datastore/etcd/etcd.js';

const RESOURCE_PREFIX = '/calico/resources/v3/projectcalico.org/';
export const WATCHED_KINDS = ['nodes', 'bgppeers', 'bgpconfigurations', 'bgpfilters', 'ippools'];

export function watchedPrefixes(nodeName: string): string[] {
  return [...WATCHED_KINDS.map((k) => `${RESOURCE_PREFIX}${k}/`), `/calico/ipam/v2/host/${nodeName}/`];
}

export interface WatchHandle {
  close(): Promise<void>;
}

export async function watchForChanges(ds: Datastore, nodeName: string, onChange: () => void, debounceMs = 100): Promise<WatchHandle> {
  let timer: NodeJS.Timeout | undefined;
  const fire = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
  if (ds.type === 'etcdv3' && typeof (ds as EtcdDatastore).watchPrefix === 'function') {
    const etcd = ds as EtcdDatastore;
    const handles = await Promise.all(watchedPrefixes(nodeName).map((p) => etcd.watchPrefix(p, fire)));
    return {
      close: async () => {
        if (timer) clearTimeout(timer);
        await Promise.all(handles.map((h) => h.close()));
      },
    };
  }
  const poll = setInterval(fire, 5000);
  return {
    close: async () => {
      clearInterval(poll);
      if (timer) clearTimeout(timer);
    },
  };
}
