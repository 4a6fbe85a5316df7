/**
 * The only place Kubernetes API failures become our errors.
 *
 * - 404 → NotFoundError; 409 reason AlreadyExists → AlreadyExistsError; any other 409
 *   (Conflict, UID/resourceVersion precondition) → ConflictError (`update conflict: Kind(name)`).
 * - 422 (Invalid) → ValidationError with one field per server cause (CRD schema / CEL rules).
 * - 401/403 and connection-level failures → DatastoreUnavailableError naming the API server URL.
 * - Anything else → one-line CommandError with the server's message.
 */
import {
  AlreadyExistsError,
  CommandError,
  ConflictError,
  DatastoreUnavailableError,
  NotFoundError,
  ValidationError,
  isCtlError,
  type FieldError,
  type ResourceKey,
} from '../../errors.js';

/** The parts of a metav1.Status body we use. */
export interface KubeStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; kind?: string; causes?: Array<{ reason?: string; message?: string; field?: string }> };
}

/** An HTTP response that was not 2xx (raised by the transport). */
export class KubeHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: unknown,
    readonly method: string,
    readonly path: string,
  ) {
    super(`HTTP ${statusCode} from ${method} ${path}`);
  }

  get status(): KubeStatus {
    return this.body && typeof this.body === 'object' ? (this.body as KubeStatus) : { message: typeof this.body === 'string' ? this.body : undefined };
  }
}

const CAUSE_PREFIX =
  /^(?:Invalid value|Unsupported value|Duplicate value|Too long|Too many|Not found): ("(?:[^"\\]|\\.)*"|[^:\s]+|\[[^\]]*\]|\{[^}]*\}): ([\s\S]*)$/;

/** One server cause as Calico-style field error: field = the CRD path, reason = the detail. */
export function causeToFieldError(cause: { field?: string; message?: string; reason?: string }, kind: string): FieldError {
  const message = (cause.message ?? cause.reason ?? 'invalid').trim();
  const m = CAUSE_PREFIX.exec(message);
  const field = cause.field && cause.field !== '<nil>' ? cause.field : kind;
  return { field, reason: m ? m[2]!.trim() : message };
}

/** `field: detail` causes folded into the message (when the server sends no structured causes). */
function causesFromMessage(message: string, kind: string): FieldError[] {
  // e.g. `IPPool.crd.projectcalico.org "p" is invalid: spec.ipipMode: Unsupported value: "x": supported values: ...`
  const after = /is invalid: ([\s\S]*)$/.exec(message)?.[1];
  if (!after) return [{ field: kind, reason: message }];
  const m = /^([\w.[\]-]+): ([\s\S]*)$/.exec(after);
  return m ? [causeToFieldError({ field: m[1], message: m[2] }, kind)] : [{ field: kind, reason: after }];
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? '').trim();
}

/** A short reason for a socket/TLS-level failure. */
export function connectionReason(err: Error & { code?: string }): string {
  const code = err.code ?? '';
  const msg = err.message ?? '';
  switch (code) {
    case 'ECONNREFUSED': return 'connection refused';
    case 'ECONNRESET': return 'connection reset by peer';
    case 'EHOSTUNREACH': return 'host unreachable';
    case 'ENETUNREACH': return 'network unreachable';
    case 'ETIMEDOUT': return 'connection timed out';
    case 'ENOTFOUND':
    case 'EAI_AGAIN': return 'name resolution failed';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN': return 'TLS handshake failed (self-signed server certificate)';
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY': return 'TLS handshake failed (server certificate not signed by a trusted CA)';
    case 'CERT_HAS_EXPIRED': return 'TLS handshake failed (certificate has expired)';
    case 'ERR_TLS_CERT_ALTNAME_INVALID': return 'TLS handshake failed (server certificate does not match the host name)';
    case 'EPROTO': return /wrong version number|packet length too long/i.test(msg) ? 'TLS handshake failed (endpoint does not speak TLS)' : 'TLS handshake failed';
    case 'KUBE_TIMEOUT': return msg;
    default: break;
  }
  if (/alert (bad certificate|certificate required|unknown ca)/i.test(msg)) return 'TLS handshake failed (server rejected the client certificate)';
  if (/socket hang up/i.test(msg)) return 'connection closed by the server';
  return firstLine(msg) || code || 'unavailable';
}

/**
 * Converts anything the transport threw into one of our errors. `key` names the resource the
 * request was about (undefined for lists); `endpoint` is the API server URL.
 */
export function fromKubeError(err: unknown, endpoint: string, key?: ResourceKey): Error {
  if (isCtlError(err)) return err;
  if (!(err instanceof KubeHttpError)) {
    const e = err instanceof Error ? (err as Error & { code?: string }) : new Error(String(err));
    return new DatastoreUnavailableError(endpoint, connectionReason(e), { cause: err });
  }
  const st = err.status;
  const message = firstLine(st.message ?? '') || `HTTP ${err.statusCode}`;
  const kindName = key?.kind ?? st.details?.kind ?? 'resource';
  switch (err.statusCode) {
    case 401:
      return new DatastoreUnavailableError(endpoint, `unauthorized (HTTP 401): ${message}`, { cause: err });
    case 403:
      return new DatastoreUnavailableError(endpoint, `forbidden (HTTP 403): ${message}`, { cause: err });
    case 404:
      if (key && st.reason !== undefined && st.reason !== 'NotFound') break;
      if (key) return new NotFoundError(key, message);
      break;
    case 409:
      if (key && st.reason === 'AlreadyExists') return new AlreadyExistsError(key, message);
      if (key) return new ConflictError(key);
      break;
    case 422: {
      const causes = st.details?.causes ?? [];
      const fields = causes.length > 0 ? causes.map((c) => causeToFieldError(c, kindName)) : causesFromMessage(st.message ?? '', kindName);
      return new ValidationError(fields);
    }
    default:
      break;
  }
  if (err.statusCode === 404 && !key) {
    // The resource type itself is not served: the Calico CRDs are not installed.
    return new CommandError(`the server could not find the requested resource (${err.method} ${err.path}): are the Calico CRDs installed?`, { cause: err });
  }
  return new CommandError(`kubernetes API error from ${endpoint}: ${message}`, { cause: err });
}
