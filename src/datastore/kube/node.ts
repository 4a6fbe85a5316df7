/**
 * Calico Nodes are core v1 Nodes in the Kubernetes datastore (datastore-and-validation §2.4).
 * Calico fields live in `projectcalico.org/*` annotations on the Node; Calico labels and
 * annotations are JSON in `projectcalico.org/labels` / `projectcalico.org/annotations`.
 *
 * Read: Kubernetes labels are merged over the Calico labels (Kubernetes wins) and the v3 view
 * gains `projectcalico.org/kube-labels` (JSON of the Kubernetes labels), used to undo the merge
 * on write. Write: only the Calico annotations change; the Node's own labels are kept.
 */
import { isIP } from 'node:net';
import { API_VERSION, type Resource } from '../../resources/types.js';

export const ANN = {
  ipv4: 'projectcalico.org/IPv4Address',
  ipv6: 'projectcalico.org/IPv6Address',
  ipip: 'projectcalico.org/IPv4IPIPTunnelAddr',
  vxlan4: 'projectcalico.org/IPv4VXLANTunnelAddr',
  vxlan6: 'projectcalico.org/IPv6VXLANTunnelAddr',
  mac4: 'projectcalico.org/VXLANTunnelMACAddr',
  mac6: 'projectcalico.org/VXLANTunnelMACAddrV6',
  asn: 'projectcalico.org/ASNumber',
  rrClusterID: 'projectcalico.org/RouteReflectorClusterID',
  wg4: 'projectcalico.org/IPv4WireguardInterfaceAddr',
  wg6: 'projectcalico.org/IPv6WireguardInterfaceAddr',
  wgKey: 'projectcalico.org/WireguardPublicKey',
  wgKey6: 'projectcalico.org/WireguardPublicKeyV6',
  interfaces: 'projectcalico.org/Interfaces',
  labels: 'projectcalico.org/labels',
  annotations: 'projectcalico.org/annotations',
  kubeLabels: 'projectcalico.org/kube-labels',
} as const;

export interface K8sNode {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [k: string]: unknown;
  };
  spec?: { podCIDR?: string; podCIDRs?: string[]; [k: string]: unknown };
  status?: { addresses?: Array<{ type?: string; address?: string }>; [k: string]: unknown };
}

function jsonMap(raw: string | undefined): Record<string, string> {
  if (!raw) return {};
  try {
    const v = JSON.parse(raw) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function validCIDR(v: string | undefined, family: 4 | 6): string | undefined {
  if (!v) return undefined;
  const [ip, len, extra] = v.split('/');
  if (extra !== undefined || !ip || isIP(ip) !== family) return undefined;
  if (len === undefined) return v;
  const n = Number(len);
  return /^\d+$/.test(len) && n <= (family === 4 ? 32 : 128) ? v : undefined;
}

function validIP(v: string | undefined, family: 4 | 6): string | undefined {
  return v && isIP(v) === family ? v : undefined;
}

function validMAC(v: string | undefined): string | undefined {
  return v && /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/.test(v) ? v : undefined;
}

function validASN(v: string | undefined): number | string | undefined {
  if (!v) return undefined;
  if (/^\d+$/.test(v) && Number(v) <= 4294967295) return Number(v);
  if (/^\d+\.\d+$/.test(v)) return v;
  return undefined;
}

/** The v3 Node for a core v1 Node. */
export function nodeFromKube(n: K8sNode): Resource {
  const a = n.metadata.annotations ?? {};
  const name = n.metadata.name ?? '';
  const kubeLabels = n.metadata.labels ?? {};
  const labels = { ...jsonMap(a[ANN.labels]), ...kubeLabels };
  const annotations: Record<string, string> = { ...jsonMap(a[ANN.annotations]), [ANN.kubeLabels]: JSON.stringify(kubeLabels) };

  const spec: Record<string, unknown> = {};
  const bgp: Record<string, unknown> = {};
  const ipv4 = validCIDR(a[ANN.ipv4], 4);
  const ipv6 = validCIDR(a[ANN.ipv6], 6);
  if (ipv4) bgp.ipv4Address = ipv4;
  if (ipv6) bgp.ipv6Address = ipv6;
  const ipip = validIP(a[ANN.ipip], 4);
  if (ipip) bgp.ipv4IPIPTunnelAddr = ipip;
  const asn = validASN(a[ANN.asn]);
  if (asn !== undefined) bgp.asNumber = asn;
  const rr = validIP(a[ANN.rrClusterID], 4);
  if (rr) bgp.routeReflectorClusterID = rr;
  if (Object.keys(bgp).length > 0) spec.bgp = bgp;
  const v4 = validIP(a[ANN.vxlan4], 4);
  if (v4) spec.ipv4VXLANTunnelAddr = v4;
  const mac4 = validMAC(a[ANN.mac4]);
  if (mac4) spec.vxlanTunnelMACAddr = mac4;
  const v6 = validIP(a[ANN.vxlan6], 6);
  if (v6) spec.ipv6VXLANTunnelAddr = v6;
  const mac6 = validMAC(a[ANN.mac6]);
  if (mac6) spec.vxlanTunnelMACAddrV6 = mac6;
  const wg: Record<string, string> = {};
  const wg4 = validIP(a[ANN.wg4], 4);
  const wg6 = validIP(a[ANN.wg6], 6);
  if (wg4) wg.interfaceIPv4Address = wg4;
  if (wg6) wg.interfaceIPv6Address = wg6;
  if (Object.keys(wg).length > 0) spec.wireguard = wg;
  if (a[ANN.interfaces]) {
    try {
      const ifaces = JSON.parse(a[ANN.interfaces]!) as unknown;
      if (Array.isArray(ifaces)) spec.interfaces = ifaces;
    } catch {
      /* invalid values are dropped */
    }
  }
  spec.orchRefs = [{ nodeName: name, orchestrator: 'k8s' }];
  const addresses: Array<{ address: string; type: string }> = [];
  if (ipv4) addresses.push({ address: ipv4, type: 'CalicoNodeIP' });
  if (ipv6) addresses.push({ address: ipv6, type: 'CalicoNodeIP' });
  for (const ad of n.status?.addresses ?? []) {
    if ((ad.type === 'InternalIP' || ad.type === 'ExternalIP') && ad.address) addresses.push({ address: ad.address, type: ad.type });
  }
  if (addresses.length > 0) spec.addresses = addresses;

  const status: Record<string, unknown> = {};
  if (a[ANN.wgKey]) status.wireguardPublicKey = a[ANN.wgKey];
  if (a[ANN.wgKey6]) status.wireguardPublicKeyV6 = a[ANN.wgKey6];
  const podCIDRs = n.spec?.podCIDRs ?? (n.spec?.podCIDR ? [n.spec.podCIDR] : []);
  if (podCIDRs.length > 0) status.podCIDRs = podCIDRs;

  const meta: Resource['metadata'] = { name };
  if (n.metadata.uid) meta.uid = n.metadata.uid;
  if (n.metadata.resourceVersion) meta.resourceVersion = n.metadata.resourceVersion;
  if (n.metadata.creationTimestamp) meta.creationTimestamp = n.metadata.creationTimestamp;
  if (Object.keys(labels).length > 0) meta.labels = labels;
  meta.annotations = annotations;
  return { kind: 'Node', apiVersion: API_VERSION, metadata: meta, spec, status };
}

function setAnn(a: Record<string, string>, key: string, v: unknown): void {
  if (v === undefined || v === null || v === '') delete a[key];
  else a[key] = String(v);
}

/** The core Node to PUT after applying the v3 Node `v3` to the current Node `current`. */
export function mergeNodeIntoKube(current: K8sNode, v3: Resource): K8sNode {
  const spec = (v3.spec ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const status = (v3.status ?? {}) as Record<string, unknown>;
  const a: Record<string, string> = { ...(current.metadata.annotations ?? {}) };
  const bgp = spec.bgp ?? {};
  setAnn(a, ANN.ipv4, bgp.ipv4Address);
  setAnn(a, ANN.ipv6, bgp.ipv6Address);
  setAnn(a, ANN.ipip, bgp.ipv4IPIPTunnelAddr);
  setAnn(a, ANN.asn, bgp.asNumber);
  setAnn(a, ANN.rrClusterID, bgp.routeReflectorClusterID);
  setAnn(a, ANN.vxlan4, spec.ipv4VXLANTunnelAddr);
  setAnn(a, ANN.vxlan6, spec.ipv6VXLANTunnelAddr);
  setAnn(a, ANN.mac4, spec.vxlanTunnelMACAddr);
  setAnn(a, ANN.mac6, spec.vxlanTunnelMACAddrV6);
  setAnn(a, ANN.wg4, spec.wireguard?.interfaceIPv4Address);
  setAnn(a, ANN.wg6, spec.wireguard?.interfaceIPv6Address);
  setAnn(a, ANN.wgKey, status.wireguardPublicKey);
  setAnn(a, ANN.wgKey6, status.wireguardPublicKeyV6);
  setAnn(a, ANN.interfaces, Array.isArray(spec.interfaces) && spec.interfaces.length > 0 ? JSON.stringify(spec.interfaces) : undefined);

  // Undo the read-side merge: labels that are the Node's own (same value) are not Calico's.
  const v3Ann = { ...(v3.metadata.annotations ?? {}) };
  const kubeLabels = v3Ann[ANN.kubeLabels] !== undefined ? jsonMap(v3Ann[ANN.kubeLabels]) : current.metadata.labels ?? {};
  delete v3Ann[ANN.kubeLabels];
  const calicoLabels: Record<string, string> = {};
  for (const [k, v] of Object.entries(v3.metadata.labels ?? {})) if (kubeLabels[k] !== v) calicoLabels[k] = v;
  setAnn(a, ANN.labels, Object.keys(calicoLabels).length > 0 ? JSON.stringify(calicoLabels) : undefined);
  setAnn(a, ANN.annotations, Object.keys(v3Ann).length > 0 ? JSON.stringify(v3Ann) : undefined);

  const metadata = { ...current.metadata, annotations: a };
  if (v3.metadata.resourceVersion) metadata.resourceVersion = v3.metadata.resourceVersion;
  return { ...current, metadata };
}
