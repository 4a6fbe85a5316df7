/**
 * A Kubernetes NetworkPolicy (networking.k8s.io/v1 or extensions/v1beta1) → the Calico v3
 * NetworkPolicy Calico enforces for it, as Calico's Kubernetes policy converter builds it
 * (after the defaulting the API server applies: a port's protocol defaults to TCP, and
 * policyTypes to Ingress plus Egress when there are egress rules):
 * - name without the `knp.default.` prefix, same namespace; tier default, order 1000;
 * - selector: the podSelector, restricted to Kubernetes pods;
 * - each rule becomes one Allow rule per (protocol, peer): pod/namespace selectors, or
 *   ipBlock → nets/notNets; ports merged per protocol.
 */
import { API_VERSION, type Resource } from '../types.js';
import { k8sSelectorToCalico } from './k8s-selector.js';
import { groupPorts, simplifyPorts as simplify } from './k8s-ports.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export const KNP_PREFIX = 'knp.default.';
export const K8S_POLICY_ORDER = 1000;

/** Go's net.ParseCIDR + IPNet.String(): the masked network; undefined when it does not parse. */
type CanonicalCIDR = (cidr: string) => string | undefined;

function peerFields(peer: unknown, canonical: CanonicalCIDR): Obj {
  if (!isObj(peer)) return {};
  if (isObj(peer.ipBlock)) {
    const net = canonical(String(peer.ipBlock.cidr ?? ''));
    if (net === undefined) return {};
    const out: Obj = { nets: [net] };
    const except = list(peer.ipBlock.except).map((e) => canonical(String(e))).filter((e): e is string => e !== undefined);
    if (except.length > 0) out.notNets = except;
    return out;
  }
  const out: Obj = {};
  if (peer.podSelector !== undefined && peer.podSelector !== null) out.selector = k8sSelectorToCalico(peer.podSelector, 'pod');
  if (peer.namespaceSelector !== undefined && peer.namespaceSelector !== null) {
    out.namespaceSelector = k8sSelectorToCalico(peer.namespaceSelector, 'namespace');
  }
  return out;
}

function convertRules(rules: unknown, peersKey: 'from' | 'to', ingress: boolean, canonical: CanonicalCIDR): Obj[] {
  const out: Obj[] = [];
  for (const r of list(rules)) {
    const rule = isObj(r) ? r : {};
    const peers = list(rule[peersKey]);
    const peerList = peers.length === 0 ? [undefined] : peers;
    for (const [protocol, ports] of groupPorts(rule.ports)) {
      for (const peer of peerList) {
        const fields = peerFields(peer, canonical);
        const portPart: Obj = ports && ports.length > 0 ? { ports: simplify(ports) } : {};
        const calico: Obj = { action: 'Allow' };
        if (protocol !== '') calico.protocol = protocol;
        if (ingress) {
          calico.source = fields;
          calico.destination = portPart;
        } else {
          calico.source = {};
          calico.destination = { ...portPart, ...fields };
        }
        out.push(calico);
      }
    }
  }
  return out;
}

function policyTypes(spec: Obj): string[] {
  const given = list(spec.policyTypes).map(String);
  const declared = given.length > 0 ? given : ['Ingress', ...(list(spec.egress).length > 0 ? ['Egress'] : [])];
  const types: string[] = [];
  if (declared.includes('Ingress')) types.push('Ingress');
  if (declared.includes('Egress')) types.push('Egress');
  return types.length > 0 ? types : ['Ingress'];
}

/** The Calico NetworkPolicy for one Kubernetes NetworkPolicy document. */
export function convertK8sNetworkPolicy(doc: Obj, canonical: CanonicalCIDR): Resource {
  const meta = isObj(doc.metadata) ? doc.metadata : {};
  const spec = isObj(doc.spec) ? doc.spec : {};
  let name = String(meta.name ?? '');
  if (name.startsWith(KNP_PREFIX)) name = name.slice(KNP_PREFIX.length);
  const ingress = convertRules(spec.ingress, 'from', true, canonical);
  const egress = convertRules(spec.egress, 'to', false, canonical);
  const calicoSpec: Obj = {
    tier: 'default',
    order: K8S_POLICY_ORDER,
    selector: k8sSelectorToCalico(isObj(spec.podSelector) ? spec.podSelector : {}, 'pod'),
  };
  if (ingress.length > 0) calicoSpec.ingress = ingress;
  if (egress.length > 0) calicoSpec.egress = egress;
  calicoSpec.types = policyTypes(spec);
  const metadata: Obj = { name };
  if (typeof meta.namespace === 'string' && meta.namespace !== '') metadata.namespace = meta.namespace;
  return { apiVersion: API_VERSION, kind: 'NetworkPolicy', metadata, spec: calicoSpec };
}
