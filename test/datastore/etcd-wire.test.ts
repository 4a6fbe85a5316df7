/**
 * The built-in etcd gRPC client (src/datastore/etcd/wire): its protobuf encoding is byte for
 * byte what protobufjs (etcd3's encoder) produces from etcd's rpc.proto, its decoding gives
 * what etcd3 gives, and against a real etcd it behaves like the etcd3 path
 * (CALICOCTL_ETCD_NATIVE=0) for the datastore calls.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TxnRequest, TxnResponse, RangeRequest, RangeResponse } from '../../src/datastore/etcd/wire/messages.js';
import { decodeMessage, encodeMessage } from '../../src/datastore/etcd/wire/proto.js';
import { NativeKV } from '../../src/datastore/etcd/wire/kv.js';
import { openEtcdDatastore, type EtcdDatastore } from '../../src/datastore/etcd/etcd.js';
import type { WriteOp } from '../../src/datastore/types.js';
import { freePort, startEtcd, type EtcdInstance } from '../helpers/etcd.js';
import { gnp, gns } from './contract.js';
import { GlobalNetworkPolicy, GlobalNetworkSet } from './kinds.js';

const require = createRequire(import.meta.url);
// protobufjs and the .proto file come with etcd3; loaded the way etcd3 loads them.
const protobuf = require('protobufjs') as typeof import('protobufjs');
const root = new protobuf.Root().loadSync(require.resolve('etcd3/proto/rpc.proto'), { keepCase: true });
const pbType = (name: string) => root.lookupType(`etcdserverpb.${name}`);
const TO_OBJECT = { longs: String, enums: String, defaults: true, oneofs: true } as const;

const big = Buffer.alloc(20000, 'x');
const txn = {
  compare: [
    { key: Buffer.from('/a'), target: 0, result: 0, version: 0 },
    { key: Buffer.from('/b'), target: 2, result: 0, mod_revision: '123456789012' },
    { key: Buffer.from('/c'), target: 'Mod', result: 'NotEqual', mod_revision: 7 },
    { key: Buffer.from('/d'), target: 3, result: 1, value: Buffer.from('v'), range_end: Buffer.from('/e') },
  ],
  success: [
    { request_put: { key: Buffer.from('/a'), value: Buffer.from('{"x":1}') } },
    { request_put: { key: Buffer.from('/big'), value: big, prev_kv: true, lease: '9007199254740993' } },
    { request_delete_range: { key: Buffer.from('/b'), prev_kv: true } },
    { request_range: { key: Buffer.from('/c'), range_end: Buffer.from('/d'), limit: 5, serializable: true, sort_order: 'Descend', sort_target: 'Mod' } },
    { request_txn: { compare: [], success: [{ request_put: { key: Buffer.from('/n'), value: Buffer.alloc(200, 'y') } }], failure: [] } },
  ],
  failure: [{ request_range: { key: Buffer.from('/a') } }, { request_range: { key: Buffer.alloc(300, 'k') } }],
};

describe('protobuf encoding and decoding', () => {
  it('encodes TxnRequest exactly as protobufjs does (nested lengths of 1, 2 and 3 bytes, 64-bit values)', () => {
    const T = pbType('TxnRequest');
    const theirs = Buffer.from(T.encode(T.fromObject(txn)).finish());
    expect(encodeMessage(TxnRequest, txn)).toEqual(theirs);
    // With room for a frame header in front.
    expect(encodeMessage(TxnRequest, txn, 5).subarray(5)).toEqual(theirs);
  });

  it('writes a bytes field given as a string as its UTF-8 bytes (no base64, unlike protobufjs)', () => {
    const value = '{"name":"ünïcode ✓","spec":{}}';
    const asString = { success: [{ request_put: { key: Buffer.from('/k'), value } }] };
    const asBuffer = { success: [{ request_put: { key: Buffer.from('/k'), value: Buffer.from(value, 'utf8') } }] };
    expect(encodeMessage(TxnRequest, asString)).toEqual(encodeMessage(TxnRequest, asBuffer));
    const T = pbType('TxnRequest');
    expect(encodeMessage(TxnRequest, asString)).toEqual(Buffer.from(T.encode(T.fromObject(asBuffer)).finish()));
  });

  it('encodes RangeRequest exactly as protobufjs does', () => {
    const req = { key: Buffer.from('/calico/'), range_end: Buffer.from('/calico0'), revision: '42', count_only: true, keys_only: false };
    const T = pbType('RangeRequest');
    expect(encodeMessage(RangeRequest, req)).toEqual(Buffer.from(T.encode(T.fromObject(req)).finish()));
  });

  it('decodes TxnResponse and RangeResponse to what etcd3 (protobufjs toObject) gives', () => {
    const kv = (k: string, v: Buffer | string, rev: string) => ({ key: Buffer.from(k), value: Buffer.from(v), create_revision: '3', mod_revision: rev, version: '2', lease: '0' });
    const header = { cluster_id: '18446744073709551615', member_id: '1', revision: '9007199254740993', raft_term: '2' };
    const resp = {
      header,
      succeeded: true,
      responses: [
        { response_put: { header, prev_kv: kv('/p', 'old', '4') } },
        { response_range: { header, kvs: [kv('/a', big, '5'), kv('/b', '', '6')], more: true, count: '2' } },
        { response_delete_range: { header, deleted: '1', prev_kvs: [kv('/d', 'gone', '7')] } },
        { response_range: { header, kvs: [], more: false, count: '0' } },
      ],
    };
    const T = pbType('TxnResponse');
    const bytes = Buffer.from(T.encode(T.fromObject(resp)).finish());
    const theirs = T.toObject(T.decode(bytes), TO_OBJECT);
    expect(decodeMessage(TxnResponse, bytes)).toEqual(theirs);

    const R = pbType('RangeResponse');
    const empty = Buffer.from(R.encode(R.fromObject({})).finish());
    expect(decodeMessage(RangeResponse, empty)).toEqual(R.toObject(R.decode(empty), TO_OBJECT));
  });
});

describe('against a real etcd', () => {
  let etcd: EtcdInstance;
  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  async function open(native: boolean): Promise<EtcdDatastore> {
    const saved = process.env.CALICOCTL_ETCD_NATIVE;
    if (!native) process.env.CALICOCTL_ETCD_NATIVE = '0';
    try {
      return await openEtcdDatastore({ datastoreType: 'etcdv3', etcdEndpoints: [etcd.endpoint], source: { type: 'env' } });
    } finally {
      if (saved === undefined) delete process.env.CALICOCTL_ETCD_NATIVE;
      else process.env.CALICOCTL_ETCD_NATIVE = saved;
    }
  }

  it('Range and Txn responses equal etcd3\'s for the same requests', async () => {
    etcd.wipe();
    const kv = new NativeKV([etcd.endpoint], 5000);
    const ds = await open(false);
    try {
      await ds.putRaw('/w/a', 'one');
      await ds.putRaw('/w/b', big);
      const grpcKv = (ds as unknown as { kv: NativeKV }).kv;
      const range = { key: Buffer.from('/w/'), range_end: Buffer.from('/w0') };
      const ours = await kv.range(range);
      const theirs = await grpcKv.range(range);
      expect(ours).toEqual(theirs);
      const t = {
        compare: [{ key: Buffer.from('/w/a'), target: 0 as const, result: 1 as const, version: 0 }],
        success: [{ request_range: { key: Buffer.from('/w/b') } }, { request_delete_range: { key: Buffer.from('/w/none') } }],
        failure: [],
      };
      const a = await kv.txn(t);
      const b = await grpcKv.txn(t);
      expect(a).toEqual(b);
      expect(a.succeeded).toBe(true);
    } finally {
      kv.close();
      await ds.close();
    }
  });

  it('bulk writes, conflicts and reads give the same outcomes as through etcd3', async () => {
    const run = async (native: boolean) => {
      etcd.wipe();
      const ds = await open(native);
      try {
        const ops: WriteOp[] = Array.from({ length: 300 }, (_, i) => ({ op: 'create' as const, kind: GlobalNetworkSet, object: gns(`s${i % 250}`) }));
        ops.push({ op: 'create', kind: GlobalNetworkPolicy, object: gnp('p1') });
        const out = await ds.writeMany(ops);
        const summary = out.map((o) => (o.ok ? `ok ${o.object.metadata.name}` : `${o.error.constructor.name}: ${o.error.message}`));
        const listed = (await ds.list(GlobalNetworkSet)).items.map((r) => r.metadata.name).sort();
        const many = await ds.getMany([{ kind: GlobalNetworkSet, name: 's1' }, { kind: GlobalNetworkSet, name: 'nope' }]);
        return { summary, listed, many: many.map((r) => r?.metadata.name ?? null) };
      } finally {
        await ds.close();
      }
    };
    const ours = await run(true);
    expect(ours.summary.filter((s) => s.startsWith('ok'))).toHaveLength(251);
    expect(ours.summary[260]).toMatch(/^AlreadyExistsError: resource already exists: GlobalNetworkSet\(s10\)/);
    expect(ours).toEqual(await run(false));
  });

  it('moves on to the next endpoint when one cannot be connected to', async () => {
    etcd.wipe();
    const dead = `http://127.0.0.1:${await freePort()}`;
    const ds = await openEtcdDatastore({ datastoreType: 'etcdv3', etcdEndpoints: [dead, etcd.endpoint], source: { type: 'env' } });
    try {
      await ds.create(GlobalNetworkSet, gns('via-second'));
      expect((await ds.get(GlobalNetworkSet, 'via-second')).metadata.name).toBe('via-second');
    } finally {
      await ds.close();
    }
  });

  it('an etcd error status reads as etcd3\'s does', async () => {
    const messages: string[] = [];
    for (const native of [true, false]) {
      const ds = await open(native);
      try {
        // Two operations on one key in one txn: etcd refuses it (InvalidArgument).
        await ds.txn({ success: [{ request_put: { key: Buffer.from('/dup'), value: Buffer.from('1') } }, { request_put: { key: Buffer.from('/dup'), value: Buffer.from('2') } }] });
      } catch (e) {
        messages.push(`${(e as Error).constructor.name}: ${(e as Error).message}`);
      } finally {
        await ds.close();
      }
    }
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/duplicate key/);
    expect(messages[0]).toBe(messages[1]);
  });
});
