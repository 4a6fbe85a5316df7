/**
 * Unary gRPC calls over node:http2 (plain-text HTTP/2, as etcd serves on http:// endpoints),
 * for the etcd KV calls of short-lived commands: loading @grpc/grpc-js, protobufjs and etcd3
 * costs more than a whole bulk write. One HTTP/2 session per endpoint, many calls in flight.
 *
 * Failures are thrown as errors named and worded like grpc-js/etcd3's (`14 UNAVAILABLE: ...`,
 * `4 DEADLINE_EXCEEDED: ...`, GRPCUnavailableError, ...), so that ../errors.ts turns them into
 * exactly the messages the etcd3 path gives. A call moves on to the next endpoint only when it
 * could not connect at all (so a write is never sent twice).
 */
import type { ClientHttp2Session, ClientHttp2Stream } from 'node:http2';

const STATUS_NAMES = [
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
  'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE',
  'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
];

/** A gRPC call failure: `code` is the gRPC status code. */
export class GrpcCallError extends Error {
  constructor(readonly code: number, details: string) {
    super(`${code} ${STATUS_NAMES[code] ?? 'UNKNOWN'}: ${details}`);
  }
}
// Named as etcd3 names them (../errors.ts looks at constructor names).
export class GRPCUnavailableError extends GrpcCallError {}
export class GRPCDeadlineExceededError extends GrpcCallError {}
export class EtcdPermissionDeniedError extends GrpcCallError {}
export class GRPCUnauthenticatedError extends GrpcCallError {}

function callError(code: number, details: string): GrpcCallError {
  switch (code) {
    case 4:
      return new GRPCDeadlineExceededError(code, details);
    case 7:
      return new EtcdPermissionDeniedError(code, details);
    case 14:
      return new GRPCUnavailableError(code, details);
    case 16:
      return new GRPCUnauthenticatedError(code, details);
    default:
      return new GrpcCallError(code, details);
  }
}

/** The request never reached a server (connection refused, name not resolved, ...). */
class ConnectFailure extends Error {}

/** Sessions that got connected: a failure after that may have reached the server. */
const connected = new WeakSet<ClientHttp2Session>();

/** gRPC status for an HTTP status that is not 200 (as grpc-js maps them). */
function httpStatusCode(status: number): number {
  if (status === 400) return 13;
  if (status === 401) return 16;
  if (status === 403) return 7;
  if (status === 404) return 12;
  if (status === 429 || status === 502 || status === 503 || status === 504) return 14;
  return 2;
}

/** The first message of a gRPC response body. */
function unframe(body: Buffer): Buffer {
  if (body.length < 5) throw callError(13, 'response has no message');
  if (body[0] !== 0) throw callError(13, 'compressed responses are not supported');
  const len = body.readUInt32BE(1);
  if (body.length < 5 + len) throw callError(13, 'truncated response message');
  return body.subarray(5, 5 + len);
}

const WINDOW = 32 * 1024 * 1024;

export class GrpcUnaryClient {
  private readonly sessions = new Map<string, ClientHttp2Session>();
  private next = 0;
  private http2?: Promise<typeof import('node:http2')>;

  constructor(
    private readonly endpoints: readonly string[],
    readonly timeoutMs: number,
  ) {}

  private async session(endpoint: string): Promise<ClientHttp2Session> {
    const http2 = await (this.http2 ??= import('node:http2'));
    // Checked after the await: calls started together share one session.
    const existing = this.sessions.get(endpoint);
    if (existing && !existing.closed && !existing.destroyed) return existing;
    const s = http2.connect(endpoint, { settings: { initialWindowSize: WINDOW, enablePush: false } });
    s.once('connect', () => {
      connected.add(s);
      s.setLocalWindowSize(WINDOW);
    });
    s.setMaxListeners(0); // every call in flight listens for the session's error
    s.on('error', () => this.sessions.delete(endpoint));
    s.once('close', () => {
      if (this.sessions.get(endpoint) === s) this.sessions.delete(endpoint);
    });
    this.sessions.set(endpoint, s);
    return s;
  }

  /**
   * Calls `path` (e.g. `/etcdserverpb.KV/Txn`) with `request`, one gRPC message frame (flag
   * byte, 4-byte length, message); returns the response message.
   */
  async call(path: string, request: Buffer): Promise<Buffer> {
    let last: unknown;
    for (let n = 0; n < this.endpoints.length; n++) {
      const idx = (this.next + n) % this.endpoints.length;
      try {
        const out = await this.attempt(this.endpoints[idx]!, path, request);
        this.next = idx;
        return out;
      } catch (e) {
        if (!(e instanceof ConnectFailure)) throw e;
        last = e;
      }
    }
    throw new GRPCUnavailableError(14, `No connection established. Last error: ${(last as Error).message}`);
  }

  private async attempt(endpoint: string, path: string, request: Buffer): Promise<Buffer> {
    const session = await this.session(endpoint);
    return new Promise<Buffer>((resolve, reject) => {
      let settled = false;
      let stream: ClientHttp2Stream | undefined;
      const finish = (err: Error | undefined, value?: Buffer): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        session.off('error', onSessionError);
        if (err) {
          if (stream && !stream.destroyed) stream.close(8 /* CANCEL */);
          reject(err);
        } else resolve(value!);
      };
      const timer = setTimeout(() => finish(callError(4, 'Deadline exceeded')), this.timeoutMs);
      // Only a request whose session never connected may be tried elsewhere (never replay a write).
      const failure = (why: string): Error => (connected.has(session) ? callError(14, why) : new ConnectFailure(why));
      let sessionError: Error | undefined;
      const onSessionError = (e: Error): void => {
        sessionError = e;
        finish(failure(e.message));
      };
      session.on('error', onSessionError);
      let responded = false;
      const chunks: Buffer[] = [];
      let status = 0;
      let grpcStatus: string | undefined;
      let grpcMessage: string | undefined;
      try {
        stream = session.request({
          ':method': 'POST',
          ':path': path,
          'content-type': 'application/grpc',
          te: 'trailers',
        });
      } catch (e) {
        finish(new ConnectFailure((e as Error).message));
        return;
      }
      stream.on('response', (headers) => {
        responded = true;
        status = Number(headers[':status'] ?? 0);
        if (headers['grpc-status'] !== undefined) grpcStatus = String(headers['grpc-status']);
        if (headers['grpc-message'] !== undefined) grpcMessage = String(headers['grpc-message']);
      });
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('trailers', (t) => {
        if (t['grpc-status'] !== undefined) grpcStatus = String(t['grpc-status']);
        if (t['grpc-message'] !== undefined) grpcMessage = String(t['grpc-message']);
      });
      stream.on('error', (e: Error) => {
        if (settled) return;
        // A stream cancelled because its session failed carries the session's error as cause.
        const cause = (e as Error & { cause?: unknown }).cause;
        const why = cause instanceof Error ? cause.message : e.message;
        finish(failure(why));
      });
      stream.on('close', () => {
        if (settled) return;
        if (!responded) {
          // Closed without a response or an error of its own: the session's error, if any, says why.
          setImmediate(() => finish(failure(sessionError?.message ?? 'Connection dropped')));
          return;
        }
        if (status !== 200) return finish(callError(httpStatusCode(status), `Received HTTP status code ${status}`));
        const code = grpcStatus === undefined ? 2 : Number(grpcStatus);
        if (code !== 0) {
          let details = grpcMessage ?? '';
          try {
            details = decodeURIComponent(details);
          } catch {
            /* keep it as sent */
          }
          return finish(callError(Number.isInteger(code) ? code : 2, details));
        }
        try {
          finish(undefined, unframe(Buffer.concat(chunks)));
        } catch (e) {
          finish(e as Error);
        }
      });
      stream.end(request);
    });
  }

  close(): void {
    for (const s of this.sessions.values()) s.destroy();
    this.sessions.clear();
  }
}
