/**
 * Watch targets on etcd: which key prefix follows a kind, and which object a watched key names.
 * Calico kinds live under the v3 resource prefix (./keys.ts); block affinities are the IPAM
 * library's `/calico/ipam/v2/host/<host>/ipv{4,6}/block/<cidr>` keys.
 */
import type { WatchEvent, WatchKind } from '../types.js';
import { listPrefix, parseResourceKey } from './keys.js';

const AFFINITY_ROOT = '/calico/ipam/v2/host/';

export interface EtcdWatchTarget {
  prefix: string;
  /** The event for a put/delete of `key` under the prefix. */
  event(type: 'put' | 'delete', key: string): WatchEvent;
}

export function etcdWatchTarget(kind: WatchKind): EtcdWatchTarget {
  if ('ipam' in kind) {
    const prefix = kind.host ? `${AFFINITY_ROOT}${kind.host}/` : AFFINITY_ROOT;
    return {
      prefix,
      event: (type, key) => {
        // <host>/ipv4/block/<cidr with / as ->; named as the BlockAffinity CR would be.
        const [host, , , cidr] = key.slice(AFFINITY_ROOT.length).split('/');
        return { type, kind: 'BlockAffinity', name: host && cidr ? `${host}-${cidr.replace(/[.:]/g, '-')}` : key };
      },
    };
  }
  return {
    prefix: listPrefix(kind),
    event: (type, key) => {
      const parsed = parseResourceKey(kind, key);
      const ev: WatchEvent = { type, kind: kind.kind, name: parsed?.name ?? key };
      if (parsed?.namespace !== undefined) ev.namespace = parsed.namespace;
      return ev;
    },
  };
}
