/**
 * IpamKV over etcd's v3 JSON gateway (`POST /v3/kv/range`, `/v3/kv/txn`) with node:http(s):
 * the same CAS semantics as EtcdIpamKV without loading the gRPC client, which dominates the
 * start-up of a short-lived process such as the CNI plugin (see bench/cni-add.mjs). Reads sent
 * in the same tick go to etcd as one read-only transaction (readbatch.ts).
 */
import type { ClientConfig } from '../datastore/config.js';
import { EtcdGateway } from '../datastore/etcd/gateway.js';
import { prefixRangeEnd } from '../datastore/etcd/keys.js';
import type { CasCondition, IpamKV, KVPair, KVWrite } from './kv.js';
import { ReadBatcher } from './readbatch.js';

interface TxnResponse {
  succeeded?: boolean;
  responses?: Array<{ response_delete_range?: { deleted?: string } }>;
}

const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');

export class EtcdHttpKV implements IpamKV {
  private readonly reads: ReadBatcher;

  constructor(private readonly gw: EtcdGateway) {
    this.reads = new ReadBatcher(gw);
  }

  static fromConfig(cfg: ClientConfig, timeoutMs?: number): EtcdHttpKV {
    return new EtcdHttpKV(EtcdGateway.fromConfig(cfg, timeoutMs));
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.gw.close();
  }

  get endpoint(): string {
    return this.gw.endpoint;
  }

  private call<T>(path: string, body: unknown): Promise<T> {
    return this.gw.call<T>(path, body);
  }

  async get(key: string): Promise<KVPair | undefined> {
    const kv = (await this.reads.read(Buffer.from(key)))[0];
    return kv ? { key, value: kv.value.toString('utf8'), rev: kv.modRevision } : undefined;
  }

  async list(prefix: string): Promise<KVPair[]> {
    const p = Buffer.from(prefix);
    const kvs = await this.reads.read(p, prefixRangeEnd(p));
    return kvs.map((kv) => ({ key: kv.key.toString('utf8'), value: kv.value.toString('utf8'), rev: kv.modRevision }));
  }

  async put(key: string, value: string, cond: CasCondition): Promise<string | undefined> {
    const k = b64(key);
    const compare =
      'create' in cond
        ? [{ key: k, target: 'VERSION', result: 'EQUAL', version: '0' }]
        : [{ key: k, target: 'MOD', result: 'EQUAL', mod_revision: cond.rev }];
    const r = await this.call<TxnResponse & { header?: { revision?: string } }>('/v3/kv/txn', { compare, success: [{ request_put: { key: k, value: b64(value) } }] });
    return r.succeeded ? (r.header?.revision ?? '0') : undefined;
  }

  async delete(key: string, rev: string): Promise<boolean> {
    const k = b64(key);
    const r = await this.call<TxnResponse>('/v3/kv/txn', {
      compare: [{ key: k, target: 'MOD', result: 'EQUAL', mod_revision: rev }],
      success: [{ request_delete_range: { key: k } }],
    });
    return r.succeeded === true && Number(r.responses?.[0]?.response_delete_range?.deleted ?? 0) > 0;
  }

  async commit(writes: readonly KVWrite[]): Promise<boolean> {
    const compare = writes.map((w) =>
      'create' in w.cond
        ? { key: b64(w.key), target: 'VERSION', result: 'EQUAL', version: '0' }
        : { key: b64(w.key), target: 'MOD', result: 'EQUAL', mod_revision: w.cond.rev },
    );
    const success = writes.map((w) =>
      w.value === undefined ? { request_delete_range: { key: b64(w.key) } } : { request_put: { key: b64(w.key), value: b64(w.value) } },
    );
    const r = await this.call<TxnResponse>('/v3/kv/txn', { compare, success });
    return r.succeeded === true;
  }
}
