/**
 * The calico-ipam daemon's wire format on its unix socket: one request and one response per
 * connection, each a frame `"CIP1"` + payload length (uint32, big-endian) + payload.
 *
 * - Request payload: the forwarded environment as `NAME=value` entries each ended by a NUL byte,
 *   an empty entry (one more NUL) ending the list, then the netconf (stdin) bytes.
 * - Response payload: the exit code (one byte), then the stdout bytes.
 *
 * The native client (src/cni/native/calico-ipam.c) writes requests and reads responses.
 */

export const MAGIC = Buffer.from('CIP1', 'latin1');
export const HEADER_BYTES = 8;
/** Netconfs are a few KiB; anything near this is not a CNI request. */
export const MAX_PAYLOAD = 16 * 1024 * 1024;
export const DEFAULT_SOCKET = '/var/run/calico/ipam.sock';

/** Environment variables the plugin reads (CNI_* and those of src/cni/datastore-env.ts). */
export const FORWARDED_ENV = /^(CNI_|CALICO_|ETCD_|K8S_|DATASTORE_TYPE$|KUBECONFIG$)/;

export interface CniRequest {
  env: Record<string, string>;
  stdin: string;
}

export interface CniResponse {
  exitCode: number;
  stdout: string;
}

export class ProtocolError extends Error {}

function frame(payload: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

export function decodeRequest(payload: Buffer): CniRequest {
  const env: Record<string, string> = {};
  let pos = 0;
  for (;;) {
    const end = payload.indexOf(0, pos);
    if (end < 0) throw new ProtocolError('request environment is not terminated');
    if (end === pos) break;
    const entry = payload.toString('utf8', pos, end);
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new ProtocolError(`malformed environment entry ${JSON.stringify(entry.slice(0, 40))}`);
    env[entry.slice(0, eq)] = entry.slice(eq + 1);
    pos = end + 1;
  }
  return { env, stdin: payload.toString('utf8', pos + 1) };
}

export function encodeResponse(res: CniResponse): Buffer {
  const out = Buffer.from(res.stdout, 'utf8');
  const payload = Buffer.alloc(1 + out.length);
  payload[0] = res.exitCode & 0xff;
  out.copy(payload, 1);
  return frame(payload);
}

/** Accumulates bytes from a stream until one whole frame has arrived; returns its payload. */
export class FrameReader {
  private chunks: Buffer[] = [];
  private size = 0;

  /** Adds a chunk; returns the payload once complete (throws ProtocolError on a bad header). */
  push(chunk: Buffer): Buffer | undefined {
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size < HEADER_BYTES) return undefined;
    const buf = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    this.chunks = [buf];
    if (!buf.subarray(0, 4).equals(MAGIC)) throw new ProtocolError('not a calico-ipam frame');
    const len = buf.readUInt32BE(4);
    if (len > MAX_PAYLOAD) throw new ProtocolError(`frame of ${len} bytes exceeds ${MAX_PAYLOAD}`);
    if (buf.length < HEADER_BYTES + len) return undefined;
    return buf.subarray(HEADER_BYTES, HEADER_BYTES + len);
  }
}
