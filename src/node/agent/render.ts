/** Rendering this node's BIRD configuration and expected peers with the renderer in src/node/bird. */
import type { Datastore } from '../../datastore/types.js';
import type { EtcdDatastore } from '../../datastore/etcd/etcd.js';
import { EtcdIpamKV } from '../../ipam/kv.js';
import { expectedPeers, gatherBirdInput, renderBirdConfig, type BirdTimers, type ExpectedPeer } from '../bird/index.js';

export interface Rendered {
  files: Record<string, string>;
  peers: ExpectedPeer[];
}

export async function renderForNode(ds: Datastore, nodeName: string, opts: { timers?: BirdTimers } = {}): Promise<Rendered> {
  if (ds.type !== 'etcdv3') throw new Error('the node agent needs the etcdv3 datastore');
  const rid = process.env.CALICO_ROUTER_ID;
  const routerId = rid && rid !== 'hash' ? rid : undefined;
  const input = await gatherBirdInput(ds, new EtcdIpamKV(ds as EtcdDatastore), nodeName, { timers: opts.timers, routerId });
  return { files: renderBirdConfig(input).files, peers: expectedPeers(input) };
}
