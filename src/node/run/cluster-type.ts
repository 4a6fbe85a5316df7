/**
 * ClusterInformation's `clusterType` as calico-node maintains it (node-bgp §1.8): the
 * comma-separated CLUSTER_TYPE, then `kubeadm` when kubeadm was detected, and `kdd` last on the
 * Kubernetes datastore (e.g. `k8s,bgp,kubeadm,kdd`); on a restart the types already stored are
 * kept and missing ones appended.
 */
export function wantedClusterTypes(env: NodeJS.ProcessEnv, datastoreType: 'etcdv3' | 'kubernetes', detected: { kubeadm?: boolean } = {}): string[] {
  const types = splitTypes(env.CLUSTER_TYPE);
  if (detected.kubeadm && !types.includes('kubeadm')) types.push('kubeadm');
  if (datastoreType === 'kubernetes' && !types.includes('kdd')) types.push('kdd');
  return types;
}

function splitTypes(v: string | undefined): string[] {
  const out: string[] = [];
  for (const t of (v ?? '').split(',').map((s) => s.trim())) if (t !== '' && !out.includes(t)) out.push(t);
  return out;
}

/** The merged value, or undefined when `stored` already has every wanted type. */
export function mergeClusterType(stored: string | undefined, wanted: readonly string[]): string | undefined {
  const have = splitTypes(stored);
  const missing = wanted.filter((t) => !have.includes(t));
  return missing.length === 0 ? undefined : [...have, ...missing].join(',');
}
