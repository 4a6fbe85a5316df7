/**
 * Calico IPAM as a library, on the etcd IPAM keys (datastore-and-validation.md §1.6, §6), or on
 * the Kubernetes datastore's IPAM custom resources through the same key contract (kubekv.ts).
 *
 * ```ts
 * const ipam = await openIpam(clientConfig);          // or new IpamClient(kv, resources)
 * const r = await ipam.client.autoAssign({ num4: 1, num6: 0, hostname: 'node1',
 *   handleId: 'k8s-pod-network.<cid>', attrs: { namespace, pod, node }, intendedUse: 'Workload' });
 * r.ipv4[0].address;                                   // '10.0.0.5/26' (block prefix)
 * await ipam.client.releaseByHandle('k8s-pod-network.<cid>');
 * await ipam.close();
 * ```
 *
 * - Blocks: `/calico/ipam/v2/assignment/ipv{4,6}/block/<cidr>`; affinities
 *   `/calico/ipam/v2/host/<node>/ipv{4,6}/block/<cidr>`; handles `/calico/ipam/v2/handle/<id>`;
 *   config `/calico/ipam/v2/config` (model.ts has the keys and the exact JSON codecs).
 * - Allocation: the node's affine blocks first, then new blocks claimed from enabled pools whose
 *   nodeSelector matches the node and whose allowedUses include the intended use, then borrowing
 *   from other blocks unless strictAffinity. IPReservations are skipped. The block cap (the
 *   smaller non-zero maxBlocksPerHost of config and request, else 20) stops claims: with the
 *   owned blocks full, BlockLimitError, without borrowing.
 * - Every write is a compare-and-swap retried with fresh reads (at most MAX_CAS_ATTEMPTS), so
 *   concurrent allocators, in any process, never hand out the same address.
 * - Affinities go pending → confirmed → pendingDeletion (affinity.ts); an empty block another
 *   node claimed over a minute ago is reclaimed when a pool has no free block (findblock.ts).
 * - Released addresses are free immediately (ipCooldownSeconds is stored, not applied). Blocks
 *   that become empty and have no affinity are deleted; affine blocks stay with their node until
 *   releaseAffinity/releaseHostAffinities (or until their pool no longer selects the node).
 * - A node that has no Node resource is treated as having no labels.
 * - `client.forOperation()` is a client for one operation whose reads are sent once and reused
 *   until a write touches them or a CAS fails (opkv.ts); the CNI plugin runs each ADD/DEL/CHECK
 *   on one. Over the etcd gateway, reads issued together go as one transaction (readbatch.ts).
 */
import type { ClientConfig } from '../datastore/config.js';
import { IpamClient } from './client.js';
import { EtcdIpamKV } from './kv.js';
import { DatastoreIpamResources } from './resources.js';

export { IpamClient } from './client.js';
export type { AutoAssignArgs, AutoAssignResult, AssignInputs, AssignPrefetch, AssignIPArgs, AssignmentAttributes } from './client.js';
export { OperationKV } from './opkv.js';
export type { AssignedIP } from './assign.js';
export { EtcdIpamKV, type IpamKV, type KVPair, type CasCondition } from './kv.js';
export { KubeIpamKV } from './kubekv.js';
export { DatastoreIpamResources, poolFromSpec, type IpamPool, type IpamResources } from './resources.js';
export {
  IpamError,
  IpamNotFoundError,
  BlockLimitError,
  BlockChangedError,
  ReleaseConflictError,
  RetriesExhaustedError,
  type ReleaseMismatch,
} from './errors.js';
export type { ReleaseOptions } from './release.js';
export type { IntendedUse } from './pools.js';
export type { StoredBlock } from './blockio.js';
export type { StoredAffinity } from './affinity.js';
export * as model from './model.js';
export * as cidr from './cidr.js';

/** Opens the datastore described by `cfg` (etcdv3 or kubernetes) and an IpamClient on it. */
export async function openIpam(cfg: ClientConfig): Promise<{ client: IpamClient; close: () => Promise<void> }> {
  if (cfg.datastoreType === 'kubernetes') {
    const { openKubeDatastore } = await import('../datastore/kube/kube.js');
    const { KubeIpamKV, checkIpamGroup } = await import('./kubekv.js');
    const ds = await openKubeDatastore(cfg);
    checkIpamGroup(ds.group.apiVersion);
    return { client: new IpamClient(new KubeIpamKV(ds.http, ds.endpoint), new DatastoreIpamResources(ds)), close: () => ds.close() };
  }
  if (cfg.datastoreType !== 'etcdv3') throw new Error(`IPAM is not implemented for the ${String(cfg.datastoreType)} datastore`);
  const { openEtcdDatastore } = await import('../datastore/etcd/etcd.js');
  const ds = await openEtcdDatastore(cfg);
  return { client: new IpamClient(new EtcdIpamKV(ds), new DatastoreIpamResources(ds)), close: () => ds.close() };
}

/**
 * Like openIpam, but without the resource registry (fast start-up for the CNI plugin): on etcd
 * over its JSON gateway with pools/reservations/nodes read from their keys (no gRPC client); on
 * Kubernetes straight over the API server's REST interface.
 */
export async function openIpamLight(cfg: ClientConfig): Promise<{ client: IpamClient; close: () => Promise<void> }> {
  if (cfg.datastoreType === 'kubernetes') {
    const [{ resolveConnection }, { KubeHttpClient }, { KubeIpamKV, checkIpamGroup }, { KubeIpamResources }, { groupMapper }] = await Promise.all([
      import('../datastore/kube/connection.js'),
      import('../datastore/kube/http.js'),
      import('./kubekv.js'),
      import('./kuberesources.js'),
      import('../datastore/kube/group.js'),
    ]);
    checkIpamGroup(groupMapper(cfg.calicoAPIGroup).apiVersion);
    const conn = resolveConnection(cfg);
    const http = new KubeHttpClient(conn);
    return { client: new IpamClient(new KubeIpamKV(http, conn.server), new KubeIpamResources(http, conn.server)), close: async () => http.close() };
  }
  if (cfg.datastoreType !== 'etcdv3') throw new Error(`IPAM is not implemented for the ${String(cfg.datastoreType)} datastore`);
  if (cfg.etcdEndpoints.length === 0) throw new Error('no etcd endpoints specified');
  const { EtcdHttpKV } = await import('./httpkv.js');
  const { KVIpamResources } = await import('./kvresources.js');
  const kv = EtcdHttpKV.fromConfig(cfg);
  return { client: new IpamClient(kv, new KVIpamResources(kv)), close: async () => kv.close() };
}
