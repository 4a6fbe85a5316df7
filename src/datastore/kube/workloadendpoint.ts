/**
 * Read-only WorkloadEndpoints from Pods (datastore-and-validation §2.4): one endpoint `eth0`
 * per scheduled, non-host-network, unfinished pod.
 *
 * - name `<node>-k8s-<pod>-eth0` (each part with `-` doubled), namespace = the pod's;
 * - profiles `kns.<ns>` and, with a service account, `ksa.<ns>.<sa>`;
 * - labels: the pod's plus projectcalico.org/namespace, projectcalico.org/orchestrator=k8s and
 *   projectcalico.org/serviceaccount (when the name is shorter than 63 characters);
 * - IPs from the first source set: status.podIPs, status.podIP, the annotations
 *   cni.projectcalico.org/podIPs, cni.projectcalico.org/podIP, vpc.amazonaws.com/pod-ips.
 * The host-side interface name is `cali` + the first 11 hex digits of sha1("<ns>.<pod>").
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { API_VERSION, type Resource } from '../../resources/types.js';
import { workloadEndpointName } from '../../resources/kinds/workloadendpoint-name.js';

export interface Pod {
  metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string; creationTimestamp?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: {
    nodeName?: string;
    hostNetwork?: boolean;
    serviceAccountName?: string;
    containers?: Array<{ ports?: Array<{ name?: string; containerPort?: number; protocol?: string; hostPort?: number; hostIP?: string }> }>;
  };
  status?: { phase?: string; podIP?: string; podIPs?: Array<{ ip?: string }> };
}

function podIPs(pod: Pod): string[] {
  const fromStatus = (pod.status?.podIPs ?? []).map((p) => p.ip ?? '').filter((ip) => ip !== '');
  if (fromStatus.length > 0) return fromStatus;
  if (pod.status?.podIP) return [pod.status.podIP];
  const a = pod.metadata?.annotations ?? {};
  for (const key of ['cni.projectcalico.org/podIPs', 'cni.projectcalico.org/podIP', 'vpc.amazonaws.com/pod-ips']) {
    const v = a[key];
    if (v) return v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  }
  return [];
}

function asNetwork(ip: string): string | undefined {
  const [addr, len] = ip.split('/');
  const family = isIP(addr ?? '');
  if (family === 0) return undefined;
  return len !== undefined ? ip : `${addr}/${family === 4 ? 32 : 128}`;
}

/** Pods Calico has an endpoint for. */
export function podHasEndpoint(pod: Pod): boolean {
  if (!pod.spec?.nodeName || pod.spec.hostNetwork) return false;
  return pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
}

export function interfaceNameFor(namespace: string, pod: string): string {
  return `cali${createHash('sha1').update(`${namespace}.${pod}`).digest('hex').slice(0, 11)}`;
}

export function workloadEndpointFromPod(pod: Pod): Resource {
  const m = pod.metadata ?? {};
  const ns = m.namespace ?? 'default';
  const podName = m.name ?? '';
  const node = pod.spec?.nodeName ?? '';
  const sa = pod.spec?.serviceAccountName ?? '';
  const spec: Record<string, unknown> = { orchestrator: 'k8s', node, pod: podName, endpoint: 'eth0' };
  const named = workloadEndpointName(spec);
  const containerID = m.annotations?.['cni.projectcalico.org/containerID'];
  if (containerID) spec.containerID = containerID;
  spec.interfaceName = interfaceNameFor(ns, podName);
  const nets = podIPs(pod).map(asNetwork).filter((n): n is string => n !== undefined);
  if (nets.length > 0) spec.ipNetworks = nets;
  spec.profiles = sa ? [`kns.${ns}`, `ksa.${ns}.${sa}`] : [`kns.${ns}`];
  if (sa) spec.serviceAccountName = sa;
  const ports = (pod.spec?.containers ?? [])
    .flatMap((c) => c.ports ?? [])
    .filter((p) => p.name && p.containerPort)
    .map((p) => ({ name: p.name!, protocol: p.protocol ?? 'TCP', port: p.containerPort!, hostPort: p.hostPort ?? 0, hostIP: p.hostIP ?? '' }));
  if (ports.length > 0) spec.ports = ports;

  const labels: Record<string, string> = { ...(m.labels ?? {}), 'projectcalico.org/namespace': ns, 'projectcalico.org/orchestrator': 'k8s' };
  if (sa && sa.length < 63) labels['projectcalico.org/serviceaccount'] = sa;
  const meta: Resource['metadata'] = { name: 'name' in named ? named.name : podName, namespace: ns };
  if (m.uid) meta.uid = m.uid;
  if (m.resourceVersion) meta.resourceVersion = m.resourceVersion;
  if (m.creationTimestamp) meta.creationTimestamp = m.creationTimestamp;
  meta.labels = labels;
  return { kind: 'WorkloadEndpoint', apiVersion: API_VERSION, metadata: meta, spec };
}

/**
 * The pod a WorkloadEndpoint name can refer to: `<node>-k8s-<pod>-eth0` with `-` doubled inside
 * parts. Returns every (node, pod) split consistent with the name (usually one).
 */
export function podCandidates(name: string): Array<{ node: string; pod: string }> {
  const suffix = '-eth0';
  if (!name.endsWith(suffix)) return [];
  const body = name.slice(0, -suffix.length);
  const out: Array<{ node: string; pod: string }> = [];
  // Split points are single dashes (a doubled dash is an escaped one).
  for (let i = body.indexOf('-k8s-'); i >= 0; i = body.indexOf('-k8s-', i + 1)) {
    const before = body.slice(0, i);
    const after = body.slice(i + '-k8s-'.length);
    const unescape = (s: string): string | undefined => (s.replace(/--/g, '').includes('-') ? undefined : s.replace(/--/g, '-'));
    const node = unescape(before);
    const pod = unescape(after);
    if (node && pod) out.push({ node, pod });
  }
  return out;
}
