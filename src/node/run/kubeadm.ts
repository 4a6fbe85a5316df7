/**
 * What calico-node learns from kubeadm on the Kubernetes datastore (node-bgp §1.4 step 5, §1.7):
 * the `kube-system/kubeadm-config` ConfigMap marks the cluster as `kubeadm`, and the pod subnet in
 * its ClusterConfiguration (`podSubnet: <cidr>[,<cidr>]`, first CIDR of each family) is the default
 * pool CIDR when CALICO_IPV4POOL_CIDR / CALICO_IPV6POOL_CIDR is empty. Any failure to read it just
 * means "not kubeadm", as in calico-node.
 */
import type { Datastore } from '../../datastore/types.js';
import type { KubeDatastore } from '../../datastore/kube/kube.js';
import { parseCidr } from '../../ipam/cidr.js';

export interface KubeadmInfo {
  podSubnetV4?: string;
  podSubnetV6?: string;
}

const PATH = '/api/v1/namespaces/kube-system/configmaps/kubeadm-config';

/** The pod subnets named in a ClusterConfiguration document (any nesting). */
export function podSubnets(clusterConfiguration: string): KubeadmInfo {
  const out: KubeadmInfo = {};
  const m = /(?:^|\s)podSubnet:\s*["']?([^\s"']+)/.exec(clusterConfiguration);
  for (const c of (m?.[1] ?? '').split(',').map((s) => s.trim())) {
    const parsed = parseCidr(c);
    if (!parsed || !c.includes('/')) continue;
    if (parsed.version === 4) out.podSubnetV4 ??= c;
    else out.podSubnetV6 ??= c;
  }
  return out;
}

/** undefined when the datastore is not Kubernetes or there is no readable kubeadm ConfigMap. */
export async function readKubeadm(ds: Datastore): Promise<KubeadmInfo | undefined> {
  if (ds.type !== 'kubernetes') return undefined;
  try {
    const cm = await (ds as KubeDatastore).http.request<{ data?: Record<string, string> }>('GET', PATH);
    return podSubnets(cm.data?.ClusterConfiguration ?? '');
  } catch {
    return undefined;
  }
}
