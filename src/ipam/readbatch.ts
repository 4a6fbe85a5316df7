/**
 * Coalesces the reads an IPAM operation sends together (in the same tick, e.g. a Promise.all of
 * gets and lists) into one read-only etcd transaction: one HTTP round trip instead of one per
 * read, all answered at the same revision. A lone read stays a plain range request.
 */
import type { EtcdGateway, GatewayKV } from '../datastore/etcd/gateway.js';

interface Pending {
  key: Buffer;
  rangeEnd?: Buffer;
  resolve: (kvs: GatewayKV[]) => void;
  reject: (e: unknown) => void;
}

interface RawKV {
  key?: string;
  value?: string;
  mod_revision?: string;
}

interface RawTxn {
  responses?: Array<{ response_range?: { kvs?: RawKV[] } }>;
}

/** etcd refuses transactions with more than --max-txn-ops (default 128) operations. */
const MAX_OPS = 64;

const b64 = (b: Buffer): string => b.toString('base64');
const fromRaw = (kv: RawKV): GatewayKV => ({
  key: Buffer.from(kv.key ?? '', 'base64'),
  value: Buffer.from(kv.value ?? '', 'base64'),
  modRevision: kv.mod_revision ?? '0',
});

export class ReadBatcher {
  private queue: Pending[] = [];

  constructor(private readonly gw: EtcdGateway) {}

  /** A single key (rangeEnd undefined) or the range [key, rangeEnd), sorted by key. */
  read(key: Buffer, rangeEnd?: Buffer): Promise<GatewayKV[]> {
    return new Promise((resolve, reject) => {
      if (this.queue.length === 0) queueMicrotask(() => this.flush());
      this.queue.push({ key, rangeEnd, resolve, reject });
    });
  }

  private flush(): void {
    const all = this.queue;
    this.queue = [];
    for (let i = 0; i < all.length; i += MAX_OPS) void this.send(all.slice(i, i + MAX_OPS));
  }

  private async send(batch: Pending[]): Promise<void> {
    try {
      if (batch.length === 1) {
        const only = batch[0]!;
        only.resolve((await this.gw.range(only.key, only.rangeEnd)).kvs);
        return;
      }
      const success = batch.map((p) => ({ request_range: p.rangeEnd ? { key: b64(p.key), range_end: b64(p.rangeEnd) } : { key: b64(p.key) } }));
      const r = await this.gw.call<RawTxn>('/v3/kv/txn', { compare: [], success });
      batch.forEach((p, i) => p.resolve((r.responses?.[i]?.response_range?.kvs ?? []).map(fromRaw)));
    } catch (e) {
      for (const p of batch) p.reject(e);
    }
  }
}
