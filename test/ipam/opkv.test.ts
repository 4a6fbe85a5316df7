/**
 * OperationKV (one IPAM operation's read view) on etcd and on the Kubernetes stand-in: reads are
 * sent once, a stale value can never be written (its CAS fails and the view reads afresh), writes
 * refresh what they touch, and concurrent operations still never share an address.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ipamEnv, type BaseIpamEnv } from './setup.js';
import { CountingKV } from './counting-kv.js';
import { OperationKV } from '../../src/ipam/opkv.js';
import { IpamClient } from '../../src/ipam/index.js';

const K = '/calico/ipam/v2/handle/';

describe.each(['etcd', 'kube'] as const)('OperationKV (%s)', (kind) => {
  let env: BaseIpamEnv;
  beforeAll(async () => {
    env = await ipamEnv(kind);
  });
  afterAll(async () => {
    await env?.stop();
  });
  beforeEach(async () => {
    await env.wipe();
  });

  const handle = (n: number): string => JSON.stringify({ block: { '10.0.0.0/26': n }, deleted: false });

  it('sends a repeated read once; a value changed by another writer fails its CAS, after which the view reads afresh', async () => {
    await env.put(`${K}h1`, handle(1));
    const counting = new CountingKV(env.kv);
    const view = new OperationKV(counting);
    const a = await view.get(`${K}h1`);
    const b = await view.get(`${K}h1`);
    expect(counting.requests).toBe(1);
    expect(b).toEqual(a);
    // Another writer moves the key on.
    expect(await env.kv.put(`${K}h1`, handle(2), { rev: a!.rev })).toBeDefined();
    expect(await view.put(`${K}h1`, handle(3), { rev: b!.rev })).toBeUndefined();
    const fresh = await view.get(`${K}h1`);
    expect(JSON.parse(fresh!.value).block['10.0.0.0/26']).toBe(2);
    expect(await view.put(`${K}h1`, handle(3), { rev: fresh!.rev })).toBeDefined();
    expect(JSON.parse(await env.value(`${K}h1`)).block['10.0.0.0/26']).toBe(3);
  });

  it('a write drops the key and the lists covering it: the view then reads what was written', async () => {
    const view = new OperationKV(env.kv);
    expect(await view.get(`${K}h2`)).toBeUndefined();
    expect((await view.list(K)).map((p) => p.key)).toEqual([]);
    expect(await view.put(`${K}h2`, handle(1), { create: true })).toBeDefined();
    expect(JSON.parse((await view.get(`${K}h2`))!.value).block['10.0.0.0/26']).toBe(1);
    expect((await view.list(K)).map((p) => p.key)).toEqual([`${K}h2`]);
    const p = await view.get(`${K}h2`);
    expect(await view.commit([{ key: `${K}h2`, cond: { rev: p!.rev } }])).toBe(true);
    expect(await view.get(`${K}h2`)).toBeUndefined();
    expect(await view.list(K)).toEqual([]);
  });

  it('12 concurrent operation clients allocating on one node get 12 distinct addresses, each recorded once', async () => {
    await env.pool('p', { cidr: '10.50.0.0/26', blockSize: 28 });
    const base = new IpamClient(env.kv, env.ipam.ctx.res);
    const got = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        base.forOperation().autoAssign({ num4: 1, num6: 0, handleId: `h${i}`, hostname: 'node-a', intendedUse: 'Workload' }),
      ),
    );
    const ips = got.map((r) => r.ipv4[0]?.ip);
    expect(new Set(ips).size).toBe(12);
    expect(ips.every((ip) => ip?.startsWith('10.50.0.'))).toBe(true);
    let recorded = 0;
    for (const b of await base.listBlocks(4)) recorded += b.block.allocations.filter((x) => x !== null).length;
    expect(recorded).toBe(12);
    for (let i = 0; i < 12; i++) expect(await base.ipsByHandle(`h${i}`)).toEqual([`${ips[i]}/28`]);
  });
});
