/**
 * Object ↔ stored value for the etcdv3 datastore.
 *
 * Stored value: JSON of the whole v3 object, top-level keys in Go struct order
 * (kind, apiVersion, metadata, spec[, status]); metadata keys in ObjectMeta order;
 * `resourceVersion` and `selfLink` are never stored; apiVersion is forced to projectcalico.org/v3.
 * Policies carry the annotation `projectcalico.org/metadata` = `{"name":"<v3 name>"}`.
 *
 * On read: resourceVersion = the key's ModRevision (decimal string); selfLink cleared; for
 * policies the name comes from that annotation (which is removed), or, without it and with
 * tier default/empty, the stored name minus a leading `default.`.
 */
import { API_VERSION, type KindDefinition, type ObjectMeta, type Resource } from '../../resources/types.js';

export const POLICY_METADATA_ANNOTATION = 'projectcalico.org/metadata';

/** Field order of Kubernetes ObjectMeta as Go marshals it. */
const OBJECT_META_ORDER = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
] as const;

const KNOWN_META = new Set<string>(OBJECT_META_ORDER);

/**
 * A copy of `meta` with keys in ObjectMeta order (unknown keys last, in their order), without
 * selfLink; resourceVersion is `rv` (omitted when undefined) and annotations are `annotations`
 * (omitted when undefined) unless that is 'keep'. Written out field by field, and never on
 * spread-built objects: this runs twice per object in bulk writes.
 */
function orderedMeta(
  meta: ObjectMeta | undefined,
  rv: string | undefined,
  annotations: Record<string, string> | undefined | 'keep',
): ObjectMeta {
  const out: ObjectMeta = {};
  const m: ObjectMeta = meta ?? {};
  let known = 0;
  if (m.name !== undefined) (out.name = m.name), known++;
  if (m.generateName !== undefined) (out.generateName = m.generateName), known++;
  if (m.namespace !== undefined) (out.namespace = m.namespace), known++;
  if (m.selfLink !== undefined) known++;
  if (m.uid !== undefined) (out.uid = m.uid), known++;
  if (m.resourceVersion !== undefined) known++;
  if (rv !== undefined) out.resourceVersion = rv;
  if (m.generation !== undefined) (out.generation = m.generation), known++;
  if (m.creationTimestamp !== undefined) (out.creationTimestamp = m.creationTimestamp), known++;
  if (m.deletionTimestamp !== undefined) (out.deletionTimestamp = m.deletionTimestamp), known++;
  if (m.deletionGracePeriodSeconds !== undefined) (out.deletionGracePeriodSeconds = m.deletionGracePeriodSeconds), known++;
  if (m.labels !== undefined) (out.labels = m.labels), known++;
  if (m.annotations !== undefined) known++;
  const ann = annotations === 'keep' ? m.annotations : annotations;
  if (ann !== undefined) out.annotations = ann;
  if (m.ownerReferences !== undefined) (out.ownerReferences = m.ownerReferences), known++;
  if (m.finalizers !== undefined) (out.finalizers = m.finalizers), known++;
  if (m.managedFields !== undefined) (out.managedFields = m.managedFields), known++;
  let total = 0;
  for (const k in m) if (m[k] !== undefined) total++;
  if (total !== known) {
    for (const k of Object.keys(m)) {
      if (KNOWN_META.has(k)) continue;
      const v = m[k];
      if (v !== undefined) out[k] = v;
    }
  }
  return out;
}

/** `annotations` without the policy metadata annotation; undefined when nothing is left. */
function withoutPolicyAnnotation(annotations: Record<string, string>): Record<string, string> | undefined {
  const rest: Record<string, string> = {};
  let n = 0;
  for (const k in annotations) {
    if (k === POLICY_METADATA_ANNOTATION || !Object.hasOwn(annotations, k)) continue;
    rest[k] = annotations[k]!;
    n++;
  }
  return n > 0 ? rest : undefined;
}


/** The object exactly as it is stored (before JSON encoding). Pure; does not modify `obj`. */
export function toStoredObject(kind: KindDefinition, obj: Resource): Resource {
  let annotations: Record<string, string> | 'keep' = 'keep';
  if (kind.isPolicy) {
    annotations = {};
    const given = obj.metadata?.annotations;
    if (given) for (const k in given) if (Object.hasOwn(given, k)) annotations[k] = given[k]!;
    annotations[POLICY_METADATA_ANNOTATION] = JSON.stringify({ name: obj.metadata?.name ?? '' });
  }
  const stored: Resource = {
    kind: kind.kind,
    apiVersion: API_VERSION,
    metadata: orderedMeta(obj.metadata, undefined, annotations),
    spec: obj.spec ?? {},
  };
  if (obj.status !== undefined) stored.status = obj.status;
  return stored;
}

/** The stored value (a JSON string) for `obj`. */
export function encodeValue(kind: KindDefinition, obj: Resource): string {
  return JSON.stringify(toStoredObject(kind, obj));
}

/**
 * What a read at `modRevision` would return for an object we just wrote as `stored` (the result
 * of toStoredObject), without a JSON round trip. New top-level and metadata objects; spec,
 * status, labels and the like are shared with `stored`.
 */
export function writtenObject(kind: KindDefinition, stored: Resource, modRevision: string): Resource {
  const ann = stored.metadata.annotations;
  const annotations = kind.isPolicy && ann ? withoutPolicyAnnotation(ann) : 'keep';
  const out: Resource = { kind: stored.kind, apiVersion: stored.apiVersion, metadata: orderedMeta(stored.metadata, modRevision, annotations) };
  if (stored.spec !== undefined) out.spec = stored.spec;
  if (stored.status !== undefined) out.status = stored.status;
  return out;
}

/** Thrown by decodeValue when a stored value is not a JSON object. */
export class StoredValueError extends Error {}

/**
 * `{"name":"<n>"}` with no escapes or control characters (which JSON.parse would refuse): the
 * annotation as Calico and we write it, read without JSON.parse.
 */
const SIMPLE_POLICY_METADATA = /^\{"name":"([^"\\\u0000-\u001f]*)"\}$/;

function policyNameFromStored(meta: ObjectMeta, spec: Resource['spec'], keyName: string): string {
  const raw = meta.annotations?.[POLICY_METADATA_ANNOTATION];
  if (typeof raw === 'string') {
    const simple = SIMPLE_POLICY_METADATA.exec(raw);
    if (simple) {
      if (simple[1] !== '') return simple[1]!;
    } else {
      try {
        const parsed = JSON.parse(raw) as unknown;
        if (parsed && typeof parsed === 'object' && typeof (parsed as { name?: unknown }).name === 'string') {
          const n = (parsed as { name: string }).name;
          if (n !== '') return n;
        }
      } catch {
        /* fall through to the key name */
      }
    }
  }
  const tier = spec?.tier;
  if ((tier === undefined || tier === null || tier === '' || tier === 'default') && keyName.startsWith('default.')) {
    return keyName.slice('default.'.length);
  }
  return keyName;
}

/**
 * The v3 object for a stored value read from key (name/namespace from the parsed key) at
 * ModRevision `modRevision`. Throws StoredValueError for undecodable values.
 */
export function decodeValue(
  kind: KindDefinition,
  key: { name: string; namespace?: string },
  value: Buffer | string,
  modRevision: string,
): Resource {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (e) {
    throw new StoredValueError(`invalid JSON: ${(e as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new StoredValueError('stored value is not a JSON object');
  }
  const stored = parsed as Resource;
  const storedMeta: ObjectMeta =
    stored.metadata && typeof stored.metadata === 'object' && !Array.isArray(stored.metadata) ? stored.metadata : {};

  // storedMeta belongs to this freshly parsed value, so it may be adjusted in place.
  let annotations: Record<string, string> | undefined | 'keep' = 'keep';
  if (kind.isPolicy) {
    storedMeta.name = policyNameFromStored(storedMeta, stored.spec, key.name);
    if (storedMeta.annotations && typeof storedMeta.annotations === 'object') {
      annotations = withoutPolicyAnnotation(storedMeta.annotations);
    }
  } else if (typeof storedMeta.name !== 'string' || storedMeta.name === '') {
    storedMeta.name = key.name;
  }
  if (kind.scope === 'Namespaced' && (typeof storedMeta.namespace !== 'string' || storedMeta.namespace === '')) {
    storedMeta.namespace = key.namespace;
  }

  const out: Resource = {
    kind: kind.kind,
    apiVersion: API_VERSION,
    metadata: orderedMeta(storedMeta, modRevision, annotations),
  };
  if (stored.spec !== undefined) out.spec = stored.spec;
  if (stored.status !== undefined) out.status = stored.status;
  return out;
}
