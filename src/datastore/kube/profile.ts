/**
 * Profiles in the Kubernetes datastore are read-only views of Namespaces and ServiceAccounts
 * (datastore-and-validation §2.4), plus the synthetic `projectcalico-default-allow`:
 *
 * - `kns.<ns>`: labelsToApply `pcns.<k>=<v>` per namespace label plus
 *   `pcns.projectcalico.org/name=<ns>`; ingress and egress `[{action: Allow}]`.
 * - `ksa.<ns>.<sa>`: labelsToApply `pcsa.<k>=<v>` plus `pcsa.projectcalico.org/name=<sa>`; no rules.
 * - uid = convertUID(source uid); resourceVersion `<nsRev>/` or `/<saRev>`.
 */
import { API_VERSION, type Resource } from '../../resources/types.js';
import { convertUID } from './uid.js';

export const DEFAULT_ALLOW_PROFILE = 'projectcalico-default-allow';
export const NAMESPACE_PREFIX = 'kns.';
export const SERVICE_ACCOUNT_PREFIX = 'ksa.';

export interface KubeObject {
  metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string; creationTimestamp?: string; labels?: Record<string, string> };
}

export function defaultAllowProfile(): Resource {
  return {
    kind: 'Profile',
    apiVersion: API_VERSION,
    metadata: { name: DEFAULT_ALLOW_PROFILE, resourceVersion: '1' },
    spec: { ingress: [{ action: 'Allow' }], egress: [{ action: 'Allow' }] },
  };
}

function profile(name: string, src: KubeObject, rv: string, labelsToApply: Record<string, string>, spec: Record<string, unknown>): Resource {
  const m = src.metadata ?? {};
  const meta: Resource['metadata'] = { name };
  if (m.uid) meta.uid = convertUID(m.uid);
  meta.resourceVersion = rv;
  if (m.creationTimestamp) meta.creationTimestamp = m.creationTimestamp;
  return { kind: 'Profile', apiVersion: API_VERSION, metadata: meta, spec: { ...spec, labelsToApply } };
}

export function namespaceProfile(ns: KubeObject): Resource {
  const name = ns.metadata?.name ?? '';
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(ns.metadata?.labels ?? {})) labels[`pcns.${k}`] = v;
  labels['pcns.projectcalico.org/name'] = name;
  return profile(`${NAMESPACE_PREFIX}${name}`, ns, `${ns.metadata?.resourceVersion ?? ''}/`, labels, {
    ingress: [{ action: 'Allow' }],
    egress: [{ action: 'Allow' }],
  });
}

export function serviceAccountProfile(sa: KubeObject): Resource {
  const name = sa.metadata?.name ?? '';
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(sa.metadata?.labels ?? {})) labels[`pcsa.${k}`] = v;
  labels['pcsa.projectcalico.org/name'] = name;
  return profile(`${SERVICE_ACCOUNT_PREFIX}${sa.metadata?.namespace ?? ''}.${name}`, sa, `/${sa.metadata?.resourceVersion ?? ''}`, labels, {});
}

/** What a profile name refers to; undefined for a name no Kubernetes object can back. */
export function parseProfileName(name: string): { type: 'default' } | { type: 'ns'; ns: string } | { type: 'sa'; ns: string; sa: string } | undefined {
  if (name === DEFAULT_ALLOW_PROFILE) return { type: 'default' };
  if (name.startsWith(NAMESPACE_PREFIX)) {
    const ns = name.slice(NAMESPACE_PREFIX.length);
    return ns ? { type: 'ns', ns } : undefined;
  }
  if (name.startsWith(SERVICE_ACCOUNT_PREFIX)) {
    // Namespace names cannot contain dots, so the first dot ends the namespace.
    const rest = name.slice(SERVICE_ACCOUNT_PREFIX.length);
    const dot = rest.indexOf('.');
    if (dot <= 0 || dot === rest.length - 1) return undefined;
    return { type: 'sa', ns: rest.slice(0, dot), sa: rest.slice(dot + 1) };
  }
  return undefined;
}
