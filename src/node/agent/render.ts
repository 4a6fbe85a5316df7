/** Rendering this node's BIRD configuration and expected peers with the renderer in src/node/bird. */
import type { Datastore } from '../../datastore/types.js';
import type { IpamKV } from '../../ipam/kv.js';
import { expectedPeers, gatherBirdInput, renderBirdConfig, type BirdTimers, type ExpectedPeer } from '../bird/index.js';
import type { PasswordResolver } from './passwords.js';

export interface Rendered {
  files: Record<string, string>;
  peers: ExpectedPeer[];
}

/**
 * Renders from `ds` (either datastore); the node's affine blocks are read through `ipamKV`.
 * BGP passwords come from `opts.passwords` (Secrets on Kubernetes); without it, none.
 */
export async function renderForNode(
  ds: Datastore,
  ipamKV: IpamKV,
  nodeName: string,
  opts: { timers?: BirdTimers; passwords?: PasswordResolver } = {},
): Promise<Rendered> {
  const rid = process.env.CALICO_ROUTER_ID;
  const routerId = rid && rid !== 'hash' ? rid : undefined;
  const input = await gatherBirdInput(ds, ipamKV, nodeName, { timers: opts.timers, routerId });
  await opts.passwords?.resolve(input);
  return { files: renderBirdConfig(input).files, peers: expectedPeers(input) };
}
