/**
 * EtcdHttpKV's read batching (src/ipam/readbatch.ts) on a real etcd: reads sent in the same tick
 * are answered exactly as one by one, in one request to etcd (two past 64 reads); an
 * unreachable etcd fails every read of the batch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd, freePort, type EtcdInstance } from '../helpers/etcd.js';
import { EtcdHttpKV } from '../../src/ipam/httpkv.js';
import type { ClientConfig } from '../../src/datastore/config.js';

let etcd: EtcdInstance;
let kv: EtcdHttpKV;
const cfgFor = (endpoint: string): ClientConfig => ({ datastoreType: 'etcdv3', etcdEndpoints: [endpoint], source: { type: 'env' } });

async function etcdRequests(): Promise<number> {
  const text = await (await fetch(`${etcd.endpoint}/metrics`)).text();
  let n = 0;
  for (const m of text.matchAll(/^grpc_server_started_total\{[^}]*grpc_service="etcdserverpb\.KV"[^}]*\} (\d+)$/gm)) n += Number(m[1]);
  return n;
}

beforeAll(async () => {
  etcd = await startEtcd();
  for (let i = 0; i < 70; i++) etcd.etcdctl(['put', `/t/k${String(i).padStart(2, '0')}`, `v${i}`]);
  etcd.etcdctl(['put', '/u/a', 'A']);
  kv = EtcdHttpKV.fromConfig(cfgFor(etcd.endpoint));
});
afterAll(async () => {
  kv?.close();
  await etcd?.stop();
});

describe('EtcdHttpKV read batching', () => {
  it('gets and lists of one tick: the answers of separate reads, in one etcd request', async () => {
    const separate = [await kv.get('/t/k05'), await kv.get('/absent'), await kv.list('/u/'), await kv.list('/none/')];
    const r0 = await etcdRequests();
    const together = await Promise.all([kv.get('/t/k05'), kv.get('/absent'), kv.list('/u/'), kv.list('/none/')]);
    expect((await etcdRequests()) - r0).toBe(1);
    expect(together).toEqual(separate);
    expect(together[0]).toMatchObject({ key: '/t/k05', value: 'v5' });
    expect(together[1]).toBeUndefined();
    expect(together[2]).toEqual([expect.objectContaining({ key: '/u/a', value: 'A' })]);
    expect(together[3]).toEqual([]);
  });

  it('70 reads of one tick go as two requests, each answered with its own key', async () => {
    const r0 = await etcdRequests();
    const got = await Promise.all(Array.from({ length: 70 }, (_, i) => kv.get(`/t/k${String(i).padStart(2, '0')}`)));
    expect((await etcdRequests()) - r0).toBe(2);
    expect(got.map((p) => p?.value)).toEqual(Array.from({ length: 70 }, (_, i) => `v${i}`));
  });

  it('an unreachable etcd fails every read of the batch as datastore unavailable', async () => {
    const dead = EtcdHttpKV.fromConfig(cfgFor(`http://127.0.0.1:${await freePort()}`), 1000);
    const rs = await Promise.allSettled([dead.get('/t/k01'), dead.list('/u/')]);
    dead.close();
    for (const r of rs) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'DatastoreUnavailable' });
    }
  });
});
