/**
 * The IPAM keys on the Kubernetes datastore, checked on the API-server stand-in (which validates
 * every object against Calico's CRDs and answers 422 otherwise): object names, labels and spec
 * fields as Calico stores them, int64 sequence numbers, CAS on resourceVersion, objects Calico
 * left soft-deleted, and the commit order without transactions (handle undone when the block
 * write loses; handle re-applied after a release).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { ipamEnv, type KubeIpamEnv } from './setup.js';
import { haveStandIn, openKube, raw } from '../datastore/kube-helpers.js';
import { ipamKV } from '../../src/actions/ipam/read.js';
import { KubeIpamResources } from '../../src/ipam/kuberesources.js';
import { base32NoPad, blockAffinityName } from '../../src/ipam/kubenames.js';
import { parseCidr } from '../../src/ipam/cidr.js';
import { handleDelta } from '../../src/ipam/handles.js';
import { lookupKind } from '../../src/resources/registry.js';

const API = '/apis/crd.projectcalico.org/v1';
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!haveStandIn)('IPAM on the Kubernetes datastore', () => {
  let env: KubeIpamEnv;
  beforeAll(async () => {
    env = await ipamEnv('kube');
  });
  afterAll(async () => env?.stop());
  beforeEach(() => env.wipe());

  const get = async (path: string) => raw(env.server, 'GET', `${API}/${path}`);
  const text = async (path: string) => (await fetch(`${env.server.url}${API}/${path}`)).text();

  it('stores IPAMBlock, BlockAffinity and IPAMHandle objects named and shaped as Calico does', async () => {
    await env.pool('p', { cidr: '10.1.0.0/26', blockSize: 26 });
    const r = await env.ipam.autoAssign({
      num4: 2, num6: 0, hostname: 'node-a', handleId: 'K8s-Pod-Network.ABC', attrs: { pod: 'web', namespace: 'ns' }, intendedUse: 'Workload',
    });
    expect(r.ipv4.map((a) => a.address)).toEqual(['10.1.0.0/26', '10.1.0.1/26']);

    const block = await get('ipamblocks/10-1-0-0-26');
    expect(block.status).toBe(200);
    expect(block.body.kind).toBe('IPAMBlock');
    expect(block.body.metadata.labels).toBeUndefined();
    const spec = block.body.spec;
    expect(Object.keys(spec).sort()).toEqual([
      'affinity', 'affinityClaimTime', 'allocations', 'attributes', 'cidr', 'deleted', 'sequenceNumber',
      'sequenceNumberForAllocation', 'strictAffinity', 'unallocated',
    ]);
    expect(spec).toMatchObject({
      cidr: '10.1.0.0/26', affinity: 'host:node-a', deleted: false, strictAffinity: false,
      attributes: [{ handle_id: 'K8s-Pod-Network.ABC', secondary: { namespace: 'ns', pod: 'web' } }],
    });
    expect(spec.affinityClaimTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(spec.allocations.slice(0, 3)).toEqual([0, 0, null]);
    expect(spec.allocations).toHaveLength(64);
    expect(spec.unallocated).toEqual(Array.from({ length: 62 }, (_, i) => i + 2));
    // int64 sequence numbers keep every digit on the way through the API server.
    const body = await text('ipamblocks/10-1-0-0-26');
    const seq = BigInt(/"sequenceNumber":(\d+)/.exec(body)![1]!);
    const forAlloc = /"sequenceNumberForAllocation":\{"0":(\d+),"1":(\d+)\}/.exec(body)!;
    expect(seq).toBeGreaterThan(10n ** 18n);
    expect(BigInt(forAlloc[1]!)).toBe(seq - 1n);
    expect(forAlloc[2]).toBe(forAlloc[1]);

    const aff = await get('blockaffinities/node-a-10-1-0-0-26');
    expect(aff.status).toBe(200);
    expect(aff.body.spec).toEqual({ state: 'confirmed', node: 'node-a', type: 'host', cidr: '10.1.0.0/26', deleted: 'false' });
    expect(aff.body.metadata.labels).toEqual({
      'projectcalico.org/affinity-type': 'host',
      'projectcalico.org/hostname-hash': base32NoPad(createHash('sha3-256').update('node-a').digest()),
      'projectcalico.org/ip-version': '4',
    });
    expect(aff.body.metadata.labels['projectcalico.org/hostname-hash']).toMatch(/^[A-Z2-7]{52}$/);

    const handle = await get('ipamhandles/k8s-pod-network.abc');
    expect(handle.status).toBe(200);
    expect(handle.body.spec).toEqual({ handleID: 'K8s-Pod-Network.ABC', block: { '10.1.0.0/26': 2 }, deleted: false });
    // The library finds it again by its original ID.
    expect(await env.ipam.ipsByHandle('K8s-Pod-Network.ABC')).toEqual(['10.1.0.0/26', '10.1.0.1/26']);
    expect(await env.keyList('/calico/ipam/v2/handle/')).toEqual(['/calico/ipam/v2/handle/K8s-Pod-Network.ABC']);

    // Released: the handle object goes; the affine block stays, emptied.
    await env.ipam.releaseByHandle('K8s-Pod-Network.ABC');
    expect((await get('ipamhandles/k8s-pod-network.abc')).status).toBe(404);
    expect((await get('ipamblocks/10-1-0-0-26')).body.spec.allocations.every((a: unknown) => a === null)).toBe(true);
  });

  it('names IPv6 blocks from the CIDR and keeps BlockAffinity names under 253 characters', async () => {
    await env.pool('v6', { cidr: 'fd00::/120', blockSize: 122 });
    const r = await env.ipam.autoAssign({ num4: 0, num6: 1, hostname: 'node-a', handleId: 'h6', intendedUse: 'Workload' });
    const cidr = r.ipv6[0]!.block;
    const name = cidr.replace(/[:/]/g, '-');
    expect(name).toMatch(/^fd00--[0-9a-f]*-?122$/);
    expect((await get(`ipamblocks/${name}`)).body.spec.cidr).toBe(cidr);
    expect((await get(`blockaffinities/node-a-${name}`)).body.metadata.labels['projectcalico.org/ip-version']).toBe('6');

    const long = `n${'x'.repeat(250)}`;
    const longName = blockAffinityName(long, parseCidr('10.1.0.0/26')!);
    expect(longName.length).toBeLessThan(253);
    expect(longName).toMatch(/^nx+-[0-9a-f]{11}-10-1-0-0-26$/);
    await env.pool('p', { cidr: '10.1.0.0/26', blockSize: 26 });
    expect((await env.ipam.claimAffinity('10.1.0.0/26', long)).claimed).toEqual(['10.1.0.0/26']);
    expect((await get(`blockaffinities/${longName}`)).body.spec.node).toBe(long);
    expect(await env.keyList(`/calico/ipam/v2/host/${long}/`)).toEqual([`/calico/ipam/v2/host/${long}/ipv4/block/10.1.0.0-26`]);
  });

  it('shares ipamconfigs/default with the v3 IPAMConfiguration and keeps its metadata', async () => {
    expect(await env.ipam.getIPAMConfig()).toEqual({ strictAffinity: false, autoAllocateBlocks: true, maxBlocksPerHost: 0 });
    await env.ipam.setIPAMConfig({ strictAffinity: true, autoAllocateBlocks: true, maxBlocksPerHost: 4 });
    const cfg = await get('ipamconfigs/default');
    expect(cfg.body.kind).toBe('IPAMConfig');
    expect(cfg.body.spec).toEqual({ strictAffinity: true, autoAllocateBlocks: true, maxBlocksPerHost: 4 });

    const kind = lookupKind('ipamconfiguration');
    const v3 = await env.ds.get(kind, 'default');
    expect(v3.spec).toEqual({ strictAffinity: true, autoAllocateBlocks: true, maxBlocksPerHost: 4 });
    await env.ds.update(kind, { ...v3, metadata: { ...v3.metadata, labels: { team: 'net' } }, spec: { ...v3.spec, maxBlocksPerHost: 2 } });
    expect((await env.ipam.getIPAMConfig()).maxBlocksPerHost).toBe(2);
    await env.ipam.setIPAMConfig({ strictAffinity: false, autoAllocateBlocks: true, maxBlocksPerHost: 2, ipCooldownSeconds: 30 });
    const after = await env.ds.get(kind, 'default');
    expect(after.metadata.labels).toEqual({ team: 'net' });
    expect(after.spec).toEqual({ strictAffinity: false, autoAllocateBlocks: true, maxBlocksPerHost: 2, ipCooldownSeconds: 30 });
  });

  it('puts and deletes are compare-and-swap on resourceVersion; create-only fails on an existing object', async () => {
    const key = '/calico/ipam/v2/handle/h1';
    const rev1 = await env.kv.put(key, '{"block":{"10.0.0.0/26":1},"deleted":false}', { create: true });
    expect(rev1).toMatch(/^\d+$/);
    expect(await env.kv.put(key, '{"block":{"10.0.0.0/26":9},"deleted":false}', { create: true })).toBeUndefined();
    const rev2 = await env.kv.put(key, '{"block":{"10.0.0.0/26":2},"deleted":false}', { rev: rev1! });
    expect(rev2).toMatch(/^\d+$/);
    expect(await env.kv.put(key, '{"block":{"10.0.0.0/26":3},"deleted":false}', { rev: rev1! })).toBeUndefined();
    expect(await env.kv.delete(key, rev1!)).toBe(false);
    expect(await env.kv.get(key)).toEqual({ key, value: '{"block":{"10.0.0.0/26":2},"deleted":false}', rev: rev2 });
    expect(await env.kv.delete(key, rev2!)).toBe(true);
    expect(await env.kv.get(key)).toBeUndefined();
    expect(await env.kv.put(key, '{"block":{},"deleted":false}', { rev: rev2! })).toBeUndefined();
  });

  it('reads an object Calico left marked deleted as absent, and finishes deleting it', async () => {
    const cr = {
      apiVersion: 'crd.projectcalico.org/v1', kind: 'IPAMHandle', metadata: { name: 'gone' },
      spec: { handleID: 'gone', block: { '10.0.0.0/26': 1 }, deleted: true },
    };
    expect((await raw(env.server, 'POST', `${API}/ipamhandles`, cr)).status).toBe(201);
    expect(await env.keyList('/calico/ipam/v2/handle/')).toEqual([]);
    expect(await env.kv.get('/calico/ipam/v2/handle/gone')).toBeUndefined();
    expect((await get('ipamhandles/gone')).status).toBe(404);
    // Now it can be created again.
    expect(await env.kv.put('/calico/ipam/v2/handle/gone', '{"block":{"10.0.0.0/26":1},"deleted":false}', { create: true })).toBeDefined();
  });

  it('commit: the handle comes first and is undone when the block write loses; handle decrements are re-applied', async () => {
    await env.pool('p', { cidr: '10.1.0.0/26', blockSize: 26 });
    await env.ipam.autoAssign({ num4: 1, num6: 0, hostname: 'node-a', handleId: 'h0', intendedUse: 'Workload' });
    const blockKey = '/calico/ipam/v2/assignment/ipv4/block/10.1.0.0-26';
    const stale = (await env.kv.get(blockKey))!;
    await env.ipam.autoAssign({ num4: 1, num6: 0, hostname: 'node-a', handleId: 'h0', intendedUse: 'Workload' }); // block moves on

    const ctx = { kv: env.kv, res: env.ipam.ctx.res };
    const handle = await handleDelta(ctx, 'h-new', '10.1.0.0/26', 1);
    expect(await env.kv.commit([handle, { key: blockKey, value: stale.value, cond: { rev: stale.rev } }])).toBe(false);
    expect(await env.kv.get('/calico/ipam/v2/handle/h-new')).toBeUndefined();
    expect((await get('ipamhandles/h-new')).status).toBe(404);

    // Block first, then a handle delta computed on a handle that changes before it is written.
    const fresh = (await env.kv.get(blockKey))!;
    const dec = await handleDelta(ctx, 'h0', '10.1.0.0/26', -1);
    await env.kv.put('/calico/ipam/v2/handle/h0', '{"block":{"10.1.0.0/26":5},"deleted":false}', { rev: (await env.kv.get('/calico/ipam/v2/handle/h0'))!.rev });
    expect(await env.kv.commit([{ key: blockKey, value: fresh.value, cond: { rev: fresh.rev } }, dec])).toBe(true);
    expect((await get('ipamhandles/h0')).body.spec.block).toEqual({ '10.1.0.0/26': 4 });
  });

  it('KubeIpamResources (the CNI plugin\'s reader) sees pools, reservations and the node\'s Calico labels', async () => {
    await env.pool('p', { cidr: '10.1.0.0/26', blockSize: 28, nodeSelector: "zone == 'a'" });
    await env.reservation('r', ['10.1.0.0/30']);
    const node = {
      apiVersion: 'v1', kind: 'Node',
      metadata: { name: 'n1', labels: { zone: 'a' }, annotations: { 'projectcalico.org/labels': '{"rack":"r1","zone":"b"}' } },
    };
    expect((await raw(env.server, 'POST', '/api/v1/nodes', node)).status).toBe(201);
    const res = new KubeIpamResources(env.ds.http, env.ds.endpoint);
    expect(await res.pools()).toEqual([
      { name: 'p', cidr: parseCidr('10.1.0.0/26'), blockSize: 28, disabled: false, nodeSelector: "zone == 'a'", allowedUses: ['Workload', 'Tunnel'] },
    ]);
    expect(await res.reservations()).toEqual([parseCidr('10.1.0.0/30')]);
    // Kubernetes labels win over the Calico ones, as Calico merges them.
    expect(await res.nodeLabels('n1')).toEqual({ rack: 'r1', zone: 'a' });
    expect(await res.nodeLabels('missing')).toBeUndefined();
  });

  it('refuses the projectcalico.org/v3 API group (its IPAM CRDs are not mapped)', async () => {
    const ds = await openKube({ KUBECONFIG: env.server.kubeconfigPath, CALICO_API_GROUP: 'projectcalico.org/v3' });
    try {
      expect(() => ipamKV(ds)).toThrow('IPAM on the projectcalico.org/v3 API group is not supported by this calicoctl (only crd.projectcalico.org/v1)');
    } finally {
      await ds.close();
    }
  });

  it.skipIf(!hasKubectl)('kubectl lists the IPAM objects', async () => {
    await env.pool('p', { cidr: '10.1.0.0/26', blockSize: 26 });
    await env.ipam.autoAssign({ num4: 1, num6: 0, hostname: 'node-a', handleId: 'h1', intendedUse: 'Workload' });
    const out = execFileSync('kubectl', ['--kubeconfig', env.server.kubeconfigPath, 'get', 'ipamblocks,blockaffinities,ipamhandles', '-o', 'name'], {
      encoding: 'utf8',
    });
    expect(out.split('\n').filter((l) => l !== '').sort()).toEqual([
      'blockaffinity.crd.projectcalico.org/node-a-10-1-0-0-26',
      'ipamblock.crd.projectcalico.org/10-1-0-0-26',
      'ipamhandle.crd.projectcalico.org/h1',
    ]);
  });
});
