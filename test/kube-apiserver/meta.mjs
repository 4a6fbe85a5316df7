// ObjectMeta: the fields the server keeps, the system fields it manages, and the checks it
// makes on names, labels and annotations.

/** @typedef {import('./status.mjs').Cause} Cause */

const OBJECT_META_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation',
  'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations',
  'ownerReferences', 'finalizers', 'managedFields',
]);

/** Drops unknown metadata fields; returns their paths. @param {any} obj */
export function pruneMeta(obj) {
  const unknown = [];
  if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {};
  for (const k of Object.keys(obj.metadata)) {
    if (!OBJECT_META_FIELDS.has(k)) {
      unknown.push(`metadata.${k}`);
      delete obj.metadata[k];
    }
  }
  return unknown;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** @param {string} name @param {boolean} label */
function nameErrors(name, label) {
  if (label) {
    const errs = [];
    if (name.length > 63) errs.push('must be no more than 63 characters');
    if (!DNS1123_LABEL.test(name)) {
      errs.push("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
    }
    return errs;
  }
  const errs = [];
  if (name.length > 253) errs.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(name)) {
    errs.push("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  }
  return errs;
}

/** @param {string} key */
function keyErrors(key) {
  const parts = key.split('/');
  const errs = [];
  const name = /** @type {string} */ (parts.length === 2 ? parts[1] : parts[0]);
  if (parts.length > 2) errs.push("a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
  if (parts.length === 2) {
    const prefix = /** @type {string} */ (parts[0]);
    if (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) errs.push('prefix part ' + nameErrors(prefix, false).join('; '));
  }
  if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (!QUALIFIED_NAME.test(name)) errs.push("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
  return errs;
}

/**
 * Checks metadata.name (DNS-1123 subdomain, or label for namespaces), labels and annotations.
 * @param {any} meta @param {{ dnsLabelName?: boolean }} [opts] @returns {Cause[]}
 */
export function validateMeta(meta, opts = {}) {
  /** @type {Cause[]} */
  const out = [];
  const inv = (/** @type {string} */ field, /** @type {unknown} */ v, /** @type {string} */ msg) =>
    out.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(v)}: ${msg}`, field });
  if (!meta.name && !meta.generateName) {
    out.push({ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' });
  } else if (meta.name) {
    for (const e of nameErrors(String(meta.name), Boolean(opts.dnsLabelName))) inv('metadata.name', meta.name, e);
  }
  for (const [k, v] of Object.entries(meta.labels ?? {})) {
    for (const e of keyErrors(k)) inv('metadata.labels', k, e);
    if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)) {
      inv('metadata.labels', v, "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
    }
  }
  let size = 0;
  for (const [k, v] of Object.entries(meta.annotations ?? {})) {
    for (const e of keyErrors(k.toLowerCase())) inv('metadata.annotations', k, e);
    size += k.length + String(v).length;
  }
  if (size > 256 * 1024) out.push({ reason: 'FieldValueTooLong', message: 'Too long: must have at most 262144 bytes', field: 'metadata.annotations' });
  return out;
}
