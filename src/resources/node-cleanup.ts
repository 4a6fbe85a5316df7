/**
 * What Calico's client removes along with a Node on etcd (docs: "Removing a Node resource will also
 * remove the Workload Endpoint, Host Endpoint, and IP Address resources and any other sub
 * configuration items associated with that Node"):
 * - its WorkloadEndpoints (their addresses released in IPAM first) and HostEndpoints;
 * - the IPAM addresses of its tunnel handles and every block affinity it holds (blocks that still
 *   hold addresses lose the affinity and stay, so `ipam check` can report what leaked);
 * - the per-node FelixConfiguration and BGPConfiguration `node.<name>`.
 * On the Kubernetes datastore the Node is Kubernetes' own and Calico's node controller does this,
 * so nothing is done there. Loaded only when a Node is deleted.
 */
import type { Datastore } from '../datastore/types.js';
import { NotFoundError } from '../errors.js';
import { lookupKind } from './registry.js';
import type { Resource } from './types.js';

const TUNNEL_HANDLES = ['ipip-tunnel-addr', 'vxlan-tunnel-addr', 'vxlan-v6-tunnel-addr', 'wireguard-tunnel-addr', 'wireguard-v6-tunnel-addr'];

const onNode = (r: Resource, node: string): boolean => (r.spec as { node?: unknown } | undefined)?.node === node;

async function deleteIfPresent(ds: Datastore, kind: string, name: string, namespace?: string): Promise<void> {
  try {
    await ds.delete(lookupKind(kind), name, namespace);
  } catch (e) {
    if (!(e instanceof NotFoundError)) throw e;
  }
}

export async function cleanupDeletedNode(ds: Datastore, node: string): Promise<void> {
  if (ds.type !== 'etcdv3') return;
  const [{ IpamClient }, { ipamKVFor }, { DatastoreIpamResources }, { IpamNotFoundError }] = await Promise.all([
    import('../ipam/client.js'),
    import('../ipam/datastore-kv.js'),
    import('../ipam/resources.js'),
    import('../ipam/errors.js'),
  ]);
  const ipam = new IpamClient(ipamKVFor(ds), new DatastoreIpamResources(ds));

  const weps = (await ds.list(lookupKind('workloadendpoint'))).items.filter((w) => onNode(w, node));
  for (const w of weps) {
    const nets = ((w.spec as { ipNetworks?: unknown }).ipNetworks ?? []) as unknown[];
    const ips = nets.filter((n): n is string => typeof n === 'string').map((n) => n.split('/')[0]!);
    if (ips.length > 0) await ipam.releaseIPs(ips);
    await deleteIfPresent(ds, 'workloadendpoint', w.metadata.name ?? '', w.metadata.namespace);
  }
  for (const h of (await ds.list(lookupKind('hostendpoint'))).items.filter((r) => onNode(r, node))) {
    await deleteIfPresent(ds, 'hostendpoint', h.metadata.name ?? '');
  }
  for (const prefix of TUNNEL_HANDLES) {
    await ipam.releaseByHandle(`${prefix}-${node}`).catch((e: unknown) => {
      if (!(e instanceof IpamNotFoundError)) throw e;
    });
  }
  await ipam.releaseHostAffinities(node, false);
  await deleteIfPresent(ds, 'felixconfiguration', `node.${node}`);
  await deleteIfPresent(ds, 'bgpconfiguration', `node.${node}`);
}
