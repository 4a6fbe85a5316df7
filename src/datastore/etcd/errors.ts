/**
 * The only place etcd3 / gRPC errors become ours. Connectivity, deadline, TLS, circuit-breaker
 * and authentication failures become DatastoreUnavailableError(endpoint, <short reason>);
 * any other etcd error becomes a one-line CommandError. Never a stack trace.
 */
import { CommandError, DatastoreUnavailableError, isCtlError } from '../../errors.js';

/** `5s`, `1.5s` or `250ms`. */
export function formatDuration(ms: number): string {
  if (ms >= 1000 && ms % 100 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

const TLS_PATTERNS: Array<[RegExp, string]> = [
  [/alert (bad certificate|certificate required|unknown ca|certificate unknown)/i, 'server rejected the client certificate'],
  [/alert handshake failure/i, 'handshake failure'],
  [/unable to verify the first certificate|unable to get (local )?issuer certificate/i, 'server certificate not signed by a trusted CA'],
  [/self[- ]signed certificate/i, 'self-signed server certificate'],
  [/certificate has expired/i, 'certificate has expired'],
  [/certificate is not yet valid/i, 'certificate is not yet valid'],
  [/Hostname\/IP does not match|ERR_TLS_CERT_ALTNAME_INVALID/i, 'server certificate does not match the host name'],
  [/wrong version number|packet length too long|http request/i, 'endpoint does not speak TLS'],
];

/** A short, one-line reason for a connection-level failure message, or undefined. */
export function connectionReason(message: string, timeoutMs: number): string | undefined {
  if (/DEADLINE_EXCEEDED|Deadline exceeded/i.test(message)) return `deadline exceeded after ${formatDuration(timeoutMs)}`;
  for (const [re, why] of TLS_PATTERNS) if (re.test(message)) return `TLS handshake failed (${why})`;
  if (/SSL routines|TLS|handshake|certificate/i.test(message)) return 'TLS handshake failed';
  if (/ECONNREFUSED/.test(message)) return 'connection refused';
  if (/ECONNRESET/.test(message)) return 'connection reset by peer';
  if (/EHOSTUNREACH/.test(message)) return 'host unreachable';
  if (/ENETUNREACH/.test(message)) return 'network unreachable';
  if (/ETIMEDOUT/.test(message)) return 'connection timed out';
  if (/Name resolution failed|ENOTFOUND|EAI_AGAIN/i.test(message)) return 'name resolution failed';
  if (/Received HTTP status code (\d+)/.test(message)) {
    return `not an etcd v3 gRPC endpoint (HTTP ${/Received HTTP status code (\d+)/.exec(message)![1]})`;
  }
  if (/Failed to connect|No connection established|Connection dropped/i.test(message)) return 'failed to connect';
  if (/^14 UNAVAILABLE: /.test(message)) return firstLine(message) || 'unavailable';
  return undefined;
}

/** First line of a message, with gRPC's `14 UNAVAILABLE: ` style prefix removed. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/^\d+ [A-Z_]+: /, '').trim();
}

/**
 * Converts anything thrown by etcd3 into one of our errors. `endpoint` names where we talk to
 * (shown in the message); `timeoutMs` is the per-call deadline (for the deadline reason).
 */
export function fromEtcdError(err: unknown, endpoint: string, timeoutMs: number): Error {
  if (isCtlError(err)) return err;
  const name = err instanceof Error ? err.constructor.name : '';
  const message = err instanceof Error ? err.message : String(err);

  if (name === 'BrokenCircuitError' || /circuit breaker is open/i.test(message)) {
    return new DatastoreUnavailableError(endpoint, 'circuit breaker open after repeated failures', { cause: err });
  }
  if (name === 'EtcdAuthenticationFailedError' || /authentication failed, invalid user ID or password/.test(message)) {
    return new DatastoreUnavailableError(endpoint, 'authentication failed (invalid user ID or password)', { cause: err });
  }
  if (/user name is empty/.test(message)) {
    return new DatastoreUnavailableError(endpoint, 'authentication required (no etcd username configured)', { cause: err });
  }
  if (name === 'EtcdInvalidAuthTokenError' || /invalid auth token/.test(message)) {
    return new DatastoreUnavailableError(endpoint, 'authentication failed (invalid auth token)', { cause: err });
  }
  if (name === 'EtcdPermissionDeniedError' || /permission denied/i.test(message)) {
    return new DatastoreUnavailableError(endpoint, 'permission denied', { cause: err });
  }
  if (name === 'GRPCUnauthenticatedError' || /UNAUTHENTICATED/.test(message)) {
    return new DatastoreUnavailableError(endpoint, 'unauthenticated', { cause: err });
  }
  if (name === 'ClientClosedError') {
    return new DatastoreUnavailableError(endpoint, 'client closed', { cause: err });
  }
  const reason = connectionReason(message, timeoutMs);
  if (reason !== undefined || name === 'GRPCUnavailableError' || name === 'GRPCDeadlineExceededError') {
    return new DatastoreUnavailableError(endpoint, reason ?? 'unavailable', { cause: err });
  }
  return new CommandError(`etcd error from ${endpoint}: ${firstLine(message) || name || 'unknown error'}`, { cause: err });
}
