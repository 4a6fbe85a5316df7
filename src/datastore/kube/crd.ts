/**
 * v3 object ↔ `crd.projectcalico.org/v1` custom resource, as Calico's KDD backend maps them
 * (datastore-and-validation §2.2/§2.3):
 *
 * - spec copied verbatim; CR name = v3 name; IPAMConfiguration is stored as kind IPAMConfig in
 *   `ipamconfigs`.
 * - The `projectcalico.org/metadata` annotation holds the v3 ObjectMeta minus namespace,
 *   resourceVersion and uid (and minus name, except for the four policy kinds).
 * - On the CR: only labels/annotations whose key contains `projectcalico.org/` or
 *   `operator.tigera.io/`, plus the metadata annotation; uid = convertUID(v3 uid);
 *   projectcalico.org/v3 ownerReferences point at crd.projectcalico.org/v1 with converted uids.
 * - Read: uid = convertUID(CR uid); labels/annotations = CR's merged with the annotation's (the
 *   annotation wins); name from the annotation for policies (else the CR name, with a legacy
 *   `default.` prefix stripped for default-tier policies); creationTimestamp from the annotation,
 *   else the CR's; resourceVersion passed through.
 */
import { API_VERSION, type KindDefinition, type ObjectMeta, type Resource } from '../../resources/types.js';
import { convertUID } from './uid.js';

export const CRD_GROUP = 'crd.projectcalico.org';
export const CRD_API_VERSION = `${CRD_GROUP}/v1`;
export const METADATA_ANNOTATION = 'projectcalico.org/metadata';

/** Kinds whose v3 name travels in the metadata annotation. */
const NAME_IN_ANNOTATION = new Set(['NetworkPolicy', 'GlobalNetworkPolicy', 'StagedNetworkPolicy', 'StagedGlobalNetworkPolicy']);

/** The CR kind and plural for a v3 kind. */
export function crdNames(kind: KindDefinition): { kind: string; plural: string } {
  if (kind.kind === 'IPAMConfiguration') return { kind: 'IPAMConfig', plural: 'ipamconfigs' };
  return { kind: kind.kind, plural: kind.plural };
}

/** REST path of a CR collection or object. */
export function crdPath(kind: KindDefinition, namespace?: string, name?: string): string {
  const { plural } = crdNames(kind);
  const ns = kind.scope === 'Namespaced' && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `/apis/${CRD_API_VERSION}${ns}/${plural}${name !== undefined ? `/${encodeURIComponent(name)}` : ''}`;
}

function isOurs(key: string): boolean {
  return key.includes('projectcalico.org/') || key.includes('operator.tigera.io/');
}

function filterOurs(m: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!m) return undefined;
  let out: Record<string, string> | undefined;
  for (const k of Object.keys(m)) if (isOurs(k)) (out ??= {})[k] = m[k]!;
  return out;
}

type OwnerRef = { apiVersion?: string; uid?: string; [k: string]: unknown };

function convertOwnerRefs(refs: unknown, from: string, to: string): unknown {
  if (!Array.isArray(refs)) return refs;
  return refs.map((r: OwnerRef) =>
    r && typeof r === 'object' && r.apiVersion === from ? { ...r, apiVersion: to, uid: r.uid ? convertUID(r.uid) : r.uid } : r,
  );
}

/** ObjectMeta field order, as Go marshals it (for the annotation's JSON). */
const META_ORDER = [
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
] as const;

/** The annotation's JSON: v3 metadata without namespace/resourceVersion/uid (and name unless a policy). */
export function metadataAnnotation(kind: KindDefinition, meta: ObjectMeta): string {
  const out: Record<string, unknown> = {};
  const skip = new Set(['namespace', 'resourceVersion', 'uid', 'selfLink']);
  if (!NAME_IN_ANNOTATION.has(kind.kind)) skip.add('name');
  for (const k of META_ORDER) {
    if (skip.has(k)) continue;
    const v = meta[k];
    if (k === 'creationTimestamp') out[k] = v ?? null;
    else if (v !== undefined && v !== null && v !== '' && !(typeof v === 'object' && Object.keys(v).length === 0)) out[k] = v;
  }
  for (const k of Object.keys(meta)) if (!(META_ORDER as readonly string[]).includes(k) && meta[k] !== undefined) out[k] = meta[k];
  return JSON.stringify(out);
}

export interface CustomResource {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta & { ownerReferences?: unknown };
  spec?: Record<string, unknown>;
  status?: unknown;
}

/** The CR to send for a v3 object (create or update). */
export function toCustomResource(kind: KindDefinition, obj: Resource): CustomResource {
  const m = obj.metadata ?? {};
  const meta: CustomResource['metadata'] = { name: m.name };
  if (kind.scope === 'Namespaced' && m.namespace) meta.namespace = m.namespace;
  if (m.resourceVersion) meta.resourceVersion = m.resourceVersion;
  if (m.uid) meta.uid = convertUID(m.uid);
  const labels = filterOurs(m.labels);
  if (labels) meta.labels = labels;
  meta.annotations = { ...filterOurs(m.annotations), [METADATA_ANNOTATION]: metadataAnnotation(kind, m) };
  if (m.ownerReferences) meta.ownerReferences = convertOwnerRefs(m.ownerReferences, API_VERSION, CRD_API_VERSION);
  if (Array.isArray(m.finalizers) && m.finalizers.length > 0) meta.finalizers = m.finalizers;
  const cr: CustomResource = { apiVersion: CRD_API_VERSION, kind: crdNames(kind).kind, metadata: meta, spec: obj.spec ?? {} };
  if (obj.status !== undefined) cr.status = obj.status;
  return cr;
}

function parseAnnotation(raw: unknown): Record<string, unknown> | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const v = JSON.parse(raw) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function asStringMap(v: unknown): Record<string, string> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : undefined;
}

/** The v3 object for a CR read from the API server. */
export function fromCustomResource(kind: KindDefinition, cr: CustomResource): Resource {
  const crMeta = cr.metadata ?? {};
  const ann = asStringMap(crMeta.annotations) ?? {};
  const saved = parseAnnotation(ann[METADATA_ANNOTATION]);

  let name = crMeta.name ?? '';
  if (NAME_IN_ANNOTATION.has(kind.kind)) {
    const n = saved?.name;
    if (typeof n === 'string' && n !== '') name = n;
    else {
      const tier = cr.spec?.tier;
      if ((tier === undefined || tier === null || tier === '' || tier === 'default') && name.startsWith('default.')) {
        name = name.slice('default.'.length);
      }
    }
  }

  let labels: Record<string, string> | undefined = { ...asStringMap(crMeta.labels), ...asStringMap(saved?.labels) };
  const crAnnotations = { ...ann };
  delete crAnnotations[METADATA_ANNOTATION];
  let annotations: Record<string, string> | undefined = { ...crAnnotations, ...asStringMap(saved?.annotations) };
  if (Object.keys(labels).length === 0) labels = undefined;
  if (Object.keys(annotations).length === 0) annotations = undefined;

  const src: Record<string, unknown> = { ...crMeta, ...(saved ?? {}) };
  const meta: ObjectMeta = {};
  meta.name = name;
  if (kind.scope === 'Namespaced' && crMeta.namespace) meta.namespace = crMeta.namespace;
  if (crMeta.uid) meta.uid = convertUID(crMeta.uid);
  if (crMeta.resourceVersion) meta.resourceVersion = crMeta.resourceVersion;
  if (typeof src.generation === 'number' && saved?.generation !== undefined) meta.generation = src.generation;
  const ts = (typeof saved?.creationTimestamp === 'string' && saved.creationTimestamp) || crMeta.creationTimestamp;
  if (ts) meta.creationTimestamp = ts;
  if (src.deletionTimestamp) meta.deletionTimestamp = src.deletionTimestamp;
  if (labels) meta.labels = labels;
  if (annotations) meta.annotations = annotations;
  const owners = saved?.ownerReferences ?? convertOwnerRefs(crMeta.ownerReferences, CRD_API_VERSION, API_VERSION);
  if (Array.isArray(owners) && owners.length > 0) meta.ownerReferences = owners;
  if (Array.isArray(src.finalizers) && src.finalizers.length > 0) meta.finalizers = src.finalizers;

  const out: Resource = { kind: kind.kind, apiVersion: API_VERSION, metadata: meta, spec: cr.spec ?? {} };
  if (cr.status !== undefined) out.status = cr.status;
  return out;
}
