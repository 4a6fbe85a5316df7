// Preparing objects for storage: type checks on the request body, system metadata, pruning,
// defaulting, kind-specific normalisation and validation.
import { randomUUID, randomBytes } from 'node:crypto';
import { badRequest, invalid } from './status.mjs';
import { prune, applyDefaults, validate } from './schema.mjs';
import { pruneMeta, validateMeta } from './meta.mjs';
import { canonical } from './util.mjs';

/** @typedef {import('./resources.mjs').ResourceDef} ResourceDef */
/** @typedef {import('./status.mjs').Cause} Cause */

/** @param {ResourceDef} d */
export const apiVersionOf = (d) => (d.group ? `${d.group}/${d.version}` : d.version);

/** RFC 3339 with seconds, as metav1.Time marshals. */
export const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Checks apiVersion/kind of a request body; fills them in for core kinds when missing.
 * @param {ResourceDef} d @param {any} body
 */
export function checkTypeMeta(d, body) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest(`the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`);
  }
  if (!body.kind) {
    if (d.crd) throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(body)}'`);
    body.kind = d.kind;
  }
  if (!body.apiVersion) {
    if (d.crd) throw badRequest(`Object 'apiVersion' is missing in '${JSON.stringify(body)}'`);
    body.apiVersion = apiVersionOf(d);
  }
  if (body.apiVersion !== apiVersionOf(d) || body.kind !== d.kind) {
    throw badRequest(`the API version in the data (${body.apiVersion}) does not match the expected API version (${apiVersionOf(d)})`
      .replace(/^.*$/, (m) => (body.apiVersion !== apiVersionOf(d) ? m : `the kind in the data (${body.kind}) does not match the expected kind (${d.kind})`)));
  }
}

/**
 * Prunes unknown fields and applies defaults. Returns the pruned field paths.
 * @param {ResourceDef} d @param {any} obj
 */
export function normalise(d, obj) {
  const unknown = pruneMeta(obj);
  if (d.schema) {
    prune(obj, d.schema, '', unknown);
    applyDefaults(obj, d.schema);
  }
  if (d.kind === 'Secret') {
    if (obj.stringData) {
      obj.data = { ...(obj.data ?? {}) };
      for (const [k, v] of Object.entries(obj.stringData)) obj.data[k] = Buffer.from(String(v)).toString('base64');
      delete obj.stringData;
    }
    obj.type ??= 'Opaque';
  }
  if (d.kind === 'Namespace') {
    obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name };
    obj.spec = { finalizers: ['kubernetes'], ...(obj.spec ?? {}) };
    obj.status = { phase: 'Active', ...(obj.status ?? {}) };
  }
  return unknown;
}

/** Sets the metadata the server owns on a new object. @param {ResourceDef} d @param {any} obj */
export function stampNew(d, obj) {
  const m = obj.metadata;
  if (!m.name && m.generateName) m.name = m.generateName + randomBytes(4).toString('hex').slice(0, 5).replace(/[0-9]/g, (c) => 'bcdfghjklm'[Number(c)] ?? c);
  m.uid = randomUUID();
  m.creationTimestamp = now();
  delete m.deletionTimestamp;
  delete m.deletionGracePeriodSeconds;
  delete m.selfLink;
  if (d.crd) m.generation = 1;
  else delete m.generation;
}

/** Copies the server-owned metadata of the stored object onto an update. @param {any} obj @param {any} old */
export function keepSystemMeta(obj, old) {
  for (const k of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'name', 'namespace']) {
    if (old.metadata[k] === undefined) delete obj.metadata[k];
    else obj.metadata[k] = old.metadata[k];
  }
  delete obj.metadata.selfLink;
}

/**
 * Validates metadata and (for custom resources) the schema; throws 422 Invalid.
 * @param {ResourceDef} d @param {any} obj @param {any} [old]
 */
export function validateObject(d, obj, old) {
  /** @type {Cause[]} */
  const causes = validateMeta(obj.metadata, { dnsLabelName: d.kind === 'Namespace' });
  if (d.schema) validate(obj, d.schema, '', causes, old);
  if (causes.length) throw invalid(d, obj.metadata.name ?? obj.metadata.generateName ?? '', causes);
}

/** JSON equality ignoring resourceVersion. @param {any} a @param {any} b */
export function sameExceptRv(a, b) {
  const strip = (/** @type {any} */ o) => canonical({ ...o, metadata: { ...o.metadata, resourceVersion: undefined } });
  return strip(a) === strip(b);
}

/** Whether anything but metadata (and status, with a status subresource) changed. @param {ResourceDef} d @param {any} a @param {any} b */
export function specChanged(d, a, b) {
  const strip = (/** @type {any} */ o) => {
    const { metadata, status, ...rest } = o;
    void metadata;
    return canonical(d.statusSubresource ? rest : { ...rest, status });
  };
  return strip(a) !== strip(b);
}
