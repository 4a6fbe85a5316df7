/**
 * Change notification for the agent: the datastore's own watch (etcd prefix watches, or
 * Kubernetes list+watch) on what shapes BIRD's configuration, debounced into one callback.
 * A datastore without watches is polled.
 */
import type { Datastore, WatchKind } from '../../datastore/types.js';
import { lookupKind } from '../../resources/registry.js';

/** The kinds confd's BGP syncer follows (node-bgp §2.1), by registry name. */
export const WATCHED_KINDS = ['node', 'bgppeer', 'bgpconfiguration', 'bgpfilter', 'ippool'];
export const POLL_INTERVAL_MS = 5000;

/** The kinds plus this node's block affinities. */
export function watchedKinds(nodeName: string): WatchKind[] {
  return [...WATCHED_KINDS.map((k) => lookupKind(k)), { ipam: 'blockaffinities', host: nodeName }];
}

export interface WatchHandle {
  /** 'watch' when the datastore streams changes, 'poll' when it is polled. */
  readonly mode: 'watch' | 'poll';
  close(): Promise<void>;
}

export async function watchForChanges(ds: Datastore, nodeName: string, onChange: () => void, debounceMs = 100): Promise<WatchHandle> {
  let timer: NodeJS.Timeout | undefined;
  const fire = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
  if (ds.watchKinds) {
    const h = await ds.watchKinds(watchedKinds(nodeName), fire);
    return {
      mode: 'watch',
      close: async () => {
        if (timer) clearTimeout(timer);
        await h.close();
      },
    };
  }
  const poll = setInterval(fire, POLL_INTERVAL_MS);
  return {
    mode: 'poll',
    close: async () => {
      clearInterval(poll);
      if (timer) clearTimeout(timer);
    },
  };
}
