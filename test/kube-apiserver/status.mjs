// Builders for the API server's `Status` bodies, shaped like k8s.io/apimachinery's errors.
/** @typedef {{ reason: string, message: string, field: string }} Cause */
/** @typedef {{ group: string, plural: string, kind: string }} ResourceRef */

export class ApiError extends Error {
  /** @param {number} code @param {Record<string, unknown>} status */
  constructor(code, status) {
    super(String(status.message));
    this.code = code;
    this.status = status;
  }
}

/**
 * @param {number} code @param {string} reason @param {string} message
 * @param {Record<string, unknown>} [details]
 */
export function failure(code, reason, message, details) {
  /** @type {Record<string, unknown>} */
  const body = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason };
  if (details) body.details = details;
  body.code = code;
  return new ApiError(code, body);
}

/** `<plural>.<group>` or just `<plural>` for the core group. @param {ResourceRef} r */
export function qualifiedResource(r) {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

/** @param {ResourceRef} r @param {string} name */
function resDetails(r, name) {
  /** @type {Record<string, unknown>} */
  const d = { name };
  if (r.group) d.group = r.group;
  d.kind = r.plural;
  return d;
}

/** @param {ResourceRef} r @param {string} name */
export const notFound = (r, name) =>
  failure(404, 'NotFound', `${qualifiedResource(r)} "${name}" not found`, resDetails(r, name));

/** @param {ResourceRef} r @param {string} name */
export const alreadyExists = (r, name) =>
  failure(409, 'AlreadyExists', `${qualifiedResource(r)} "${name}" already exists`, resDetails(r, name));

/** @param {ResourceRef} r @param {string} name @param {string} [why] */
export const conflict = (r, name, why) =>
  failure(409, 'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(r)} "${name}": ${why ??
      'the object has been modified; please apply your changes to the latest version and try again'}`,
    resDetails(r, name));

/** @param {string} message */
export const badRequest = (message) => failure(400, 'BadRequest', message);

/** @param {string} message */
export const methodNotAllowed = (message) => failure(405, 'MethodNotAllowed', message);

export const unauthorized = () => failure(401, 'Unauthorized', 'Unauthorized');

export const pathNotFound = () => failure(404, 'NotFound', 'the server could not find the requested resource', {});

/** @param {string} message */
export const gone = (message) => failure(410, 'Expired', message);

/**
 * 422 Invalid with causes, message `<Kind>.<group> "<name>" is invalid: <field>: <msg>`.
 * @param {ResourceRef} r @param {string} name @param {Cause[]} causes
 */
export function invalid(r, name, causes) {
  const qk = r.group ? `${r.kind}.${r.group}` : r.kind;
  const parts = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const joined = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  /** @type {Record<string, unknown>} */
  const details = { name };
  if (r.group) details.group = r.group;
  details.kind = r.kind;
  details.causes = causes;
  return failure(422, 'Invalid', `${qk} "${name}" is invalid: ${joined}`, details);
}

/** A success `Status`, as returned by DELETE of some core kinds. @param {ResourceRef} r @param {string} name @param {string} uid */
export function success(r, name, uid) {
  /** @type {Record<string, unknown>} */
  const details = { name };
  if (r.group) details.group = r.group;
  details.kind = r.plural;
  details.uid = uid;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}
