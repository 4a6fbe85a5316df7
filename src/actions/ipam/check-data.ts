/**
 * Everything `ipam check` looks at, read once: ClusterInformation, blocks, enabled pools, node
 * tunnel addresses, workload addresses and handles.
 *
 * calicoctl lists Kubernetes pods (and LoadBalancer Services) to learn which addresses are in
 * use. calicoctl-ts takes the WorkloadEndpoints of the datastore as the workload owners on both
 * datastores: on etcd the stored ones, on Kubernetes those derived from pods (the pod IPs, as
 * Calico's KDD backend converts them), so a pod that is not scheduled or is host-networked owns
 * nothing. No Service addresses are known.
 */
import type { Datastore } from '../../datastore/types.js';
import { CommandError } from '../../errors.js';
import { formatIP, parseIP } from '../../ipam/cidr.js';
import { poolFromSpec, type IpamPool } from '../../ipam/resources.js';
import { findKind } from '../../resources/registry.js';
import type { Resource } from '../../resources/types.js';
import { readClusterInformation } from '../datastore/lock.js';
import { ipamKV, loadBlocks, loadHandles, type StoredBlock, type StoredHandle } from './read.js';

export interface ClusterFacts {
  guid: string;
  type: string;
  revision: string;
  locked: boolean;
}

export interface CheckData {
  cluster: ClusterFacts;
  blocks: StoredBlock[];
  activePools: IpamPool[];
  /** In-use address → owner names (`Node(n)`, `Workload(ns/name)`), in discovery order. */
  nodeIPs: Map<string, string[]>;
  workloadIPs: Map<string, string[]>;
  /** undefined: no LoadBalancer configuration in KubeControllersConfiguration `default`. */
  serviceIPs: Map<string, string[]> | undefined;
  handles: StoredHandle[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The address of `a.b.c.d` or `a.b.c.d/32` in canonical form. */
function addressOf(text: string): string | undefined {
  const ip = parseIP(text.split('/')[0] ?? '');
  return ip ? formatIP(ip.version, ip.value) : undefined;
}

function add(map: Map<string, string[]>, ip: string | undefined, owner: string): void {
  if (ip === undefined) return;
  const list = map.get(ip) ?? [];
  list.push(owner);
  map.set(ip, list);
}

/** IPv4 tunnel addresses (VXLAN, WireGuard, IPIP) of every node. */
export function nodeTunnelIPs(nodes: readonly Resource[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const n of nodes) {
    const spec = n.spec ?? {};
    const owner = `Node(${n.metadata.name ?? ''})`;
    const bgp = (spec.bgp ?? {}) as Record<string, unknown>;
    const wg = (spec.wireguard ?? {}) as Record<string, unknown>;
    for (const v of [spec.ipv4VXLANTunnelAddr, wg.interfaceIPv4Address, bgp.ipv4IPIPTunnelAddr]) {
      const s = str(v);
      if (s) add(out, addressOf(s), owner);
    }
  }
  return out;
}

export function workloadIPs(weps: readonly Resource[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const w of weps) {
    const name = str(w.spec?.pod) ?? w.metadata.name ?? '';
    const owner = `Workload(${w.metadata.namespace ?? 'default'}/${name})`;
    const nets = Array.isArray(w.spec?.ipNetworks) ? (w.spec.ipNetworks as unknown[]) : [];
    for (const n of nets) {
      const s = str(n);
      if (s) add(out, addressOf(s), owner);
    }
  }
  return out;
}

export async function gatherCheckData(ds: Datastore): Promise<CheckData> {
  const info = await readClusterInformation(ds);
  if (!info) throw new CommandError('failed to get ClusterInformation: resource does not exist: ClusterInformation(default) with error: <nil>');
  const kv = ipamKV(ds);
  const [blocks, handles, pools, nodes, weps, kcc] = await Promise.all([
    loadBlocks(kv),
    loadHandles(kv),
    ds.list(findKind('ippool')!),
    ds.list(findKind('node')!),
    ds.list(findKind('workloadendpoint')!),
    ds.list(findKind('kubecontrollersconfiguration')!),
  ]);
  const kccDefault = kcc.items.find((r) => r.metadata.name === 'default');
  const controllers = (kccDefault?.spec?.controllers ?? {}) as Record<string, unknown>;
  const spec = info.spec ?? {};
  return {
    cluster: {
      guid: str(spec.clusterGUID) ?? '',
      type: str(spec.clusterType) ?? '',
      revision: info.metadata.resourceVersion ?? '',
      locked: spec.datastoreReady === false,
    },
    blocks,
    activePools: pools.items
      .map((p) => poolFromSpec(p.metadata.name ?? '', p.spec ?? {}))
      .filter((p): p is IpamPool => p !== undefined && !p.disabled),
    nodeIPs: nodeTunnelIPs(nodes.items),
    workloadIPs: workloadIPs(weps.items),
    // Services are not read (calicoctl reads LoadBalancer Services on KDD only): with a
    // LoadBalancer controller configured, none are found.
    serviceIPs: controllers.loadBalancer !== undefined ? new Map() : undefined,
    handles,
  };
}
