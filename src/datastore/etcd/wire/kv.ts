/**
 * etcd's KV.Range and KV.Txn over the small gRPC client in ./grpc.ts, with etcd3's request and
 * response shapes (see ./proto.ts), so EtcdDatastore can use either this or etcd3's KVClient.
 */
import type { IRangeRequest, IRangeResponse, ITxnRequest, ITxnResponse } from 'etcd3';
import { GrpcUnaryClient } from './grpc.js';
import { RangeRequest, RangeResponse, TxnRequest, TxnResponse } from './messages.js';
import { decodeMessage, encodeMessage, type MessageSpec } from './proto.js';

/** The request as a gRPC message frame: uncompressed flag, big-endian length, message. */
function framed(spec: MessageSpec, req: object): Buffer {
  const buf = encodeMessage(spec, req as Record<string, unknown>, 5);
  buf[0] = 0;
  buf.writeUInt32BE(buf.length - 5, 1);
  return buf;
}

/** What EtcdDatastore needs of a KV client (etcd3's KVClient has these too). */
export interface KvCalls {
  range(req: IRangeRequest): Promise<IRangeResponse>;
  txn(req: ITxnRequest): Promise<ITxnResponse>;
  /**
   * True when `bytes` fields may be given as strings (written as their UTF-8 bytes, without an
   * intermediate Buffer). etcd3's protobufjs would read a string there as base64.
   */
  readonly stringBytes?: boolean;
}

export class NativeKV implements KvCalls {
  readonly stringBytes = true;
  private readonly client: GrpcUnaryClient;

  constructor(endpoints: readonly string[], timeoutMs: number) {
    this.client = new GrpcUnaryClient(endpoints, timeoutMs);
  }

  async range(req: IRangeRequest): Promise<IRangeResponse> {
    const res = await this.client.call('/etcdserverpb.KV/Range', framed(RangeRequest, req));
    return decodeMessage(RangeResponse, res) as unknown as IRangeResponse;
  }

  async txn(req: ITxnRequest): Promise<ITxnResponse> {
    const res = await this.client.call('/etcdserverpb.KV/Txn', framed(TxnRequest, req));
    return decodeMessage(TxnResponse, res) as unknown as ITxnResponse;
  }

  close(): void {
    this.client.close();
  }
}
