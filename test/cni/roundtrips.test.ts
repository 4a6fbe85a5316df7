/**
 * Round trips of one CNI ADD against a real etcd: KV calls and rounds (chains of dependent
 * calls) counted by a KV layer under the library, and the requests etcd itself served (its
 * grpc_server_started_total metric for the KV service). The plugin's path (runOperation over
 * the JSON gateway: one read view per operation, the handle read together with config, pools,
 * reservations, node and affinities, reads of one tick sent as one transaction) against the
 * plain library calls the plugin used to make (ipsByHandle, then autoAssign) on a store that
 * sends each call as a request.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ipamEnv, type IpamEnv } from '../ipam/setup.js';
import { CountingKV } from '../ipam/counting-kv.js';
import { EtcdHttpKV } from '../../src/ipam/httpkv.js';
import { KVIpamResources } from '../../src/ipam/kvresources.js';
import { IpamClient, IpamNotFoundError } from '../../src/ipam/index.js';
import { parseNetConf } from '../../src/cni/netconf.js';
import { handleIdFor, runOperation, type IpamClientSource } from '../../src/cni/ops.js';
import { RecentBlocks } from '../../src/cni/daemon/block-hints.js';

let env: IpamEnv;
let http: EtcdHttpKV;
let kv: CountingKV;
let source: IpamClientSource;
let plainKV: CountingKV;

/** Requests etcd's KV service has started so far. */
async function etcdRequests(): Promise<number> {
  const text = await (await fetch(`${env.etcd.endpoint}/metrics`)).text();
  let n = 0;
  for (const m of text.matchAll(/^grpc_server_started_total\{[^}]*grpc_service="etcdserverpb\.KV"[^}]*\} (\d+)$/gm)) n += Number(m[1]);
  return n;
}

/** Calls, rounds and etcd requests of `fn`. */
async function measure(kv: CountingKV, fn: () => Promise<string>): Promise<{ address: string; calls: number; rounds: number; requests: number }> {
  kv.reset();
  const r0 = await etcdRequests();
  const address = await fn();
  return { address, calls: kv.requests, rounds: kv.rounds, requests: (await etcdRequests()) - r0 };
}

beforeAll(async () => {
  env = await ipamEnv();
  http = EtcdHttpKV.fromConfig(env.cfg);
  kv = new CountingKV(http);
  source = { open: async () => ({ client: new IpamClient(kv, new KVIpamResources(kv)), close: async () => undefined }) };
  plainKV = new CountingKV(env.kv); // the gRPC store: one request per call
});
afterAll(async () => {
  http?.close();
  await env?.stop();
});
beforeEach(async () => {
  env.etcd.wipe();
  await env.pool('p4', { cidr: '10.30.0.0/24', blockSize: 26 });
  await env.node('node-1', { zone: 'a' });
  kv.reset();
});

const conf = () =>
  parseNetConf(JSON.stringify({ cniVersion: '1.0.0', name: 'k8s-pod-network', nodename: 'node-1', etcd_endpoints: env.etcd.endpoint, ipam: { type: 'calico-ipam' } }), {});

const add = async (cid: string, hints?: RecentBlocks): Promise<string> =>
  (JSON.parse(await runOperation({ command: 'ADD', containerId: cid, ifName: 'eth0', args: 'K8S_POD_NAMESPACE=ns;K8S_POD_NAME=p', conf: conf() }, { clients: source, hints })) as { ips: Array<{ address: string }> }).ips[0]!.address;

/** What calico-ipam's ADD did before: the handle check, then autoAssign, on a plain client. */
async function plainAdd(cid: string): Promise<string> {
  const c = new IpamClient(plainKV, new KVIpamResources(plainKV));
  const handleId = handleIdFor('k8s-pod-network', cid);
  await c.ipsByHandle(handleId).catch((e: unknown) => {
    if (!(e instanceof IpamNotFoundError)) throw e;
  });
  const r = await c.autoAssign({ num4: 1, num6: 0, handleId, hostname: 'node-1', intendedUse: 'Workload' });
  return r.ipv4[0]!.address;
}

describe('round trips per CNI ADD (etcd)', () => {
  it('an ADD into the node\'s existing block: 3 rounds, 3 etcd requests (plain calls: 7 rounds, 10 requests)', async () => {
    await add('warm'); // claims the block
    const ours = await measure(kv, () => add('c1'));
    const plain = await measure(plainKV, () => plainAdd('c2'));
    console.log(`steady-state ADD: plugin path ${JSON.stringify(ours)}; plain calls ${JSON.stringify(plain)}`);
    expect(ours).toMatchObject({ calls: 8, rounds: 3, requests: 3 });
    expect(plain).toMatchObject({ calls: 10, rounds: 7, requests: 10 });
    // Both allocations are real: distinct addresses of the node's block, each in its handle.
    expect(ours.address).toMatch(/^10\.30\.0\.\d+\/26$/);
    expect(plain.address).toMatch(/^10\.30\.0\.\d+\/26$/);
    expect(ours.address).not.toBe(plain.address);
    const blockOf = (addr: string): string => `10.30.0.${Number(/^10\.30\.0\.(\d+)/.exec(addr)![1]) & 192}/26`;
    expect(JSON.parse(env.stored('/calico/ipam/v2/handle/k8s-pod-network.c1'))).toMatchObject({ block: { [blockOf(ours.address)]: 1 } });
    expect(JSON.parse(env.stored(`/calico/ipam/v2/assignment/ipv4/block/${blockOf(ours.address).replace('/', '-')}`)).attributes).toContainEqual(
      expect.objectContaining({ handle_id: 'k8s-pod-network.c1', secondary: expect.objectContaining({ namespace: 'ns', pod: 'p', node: 'node-1' }) }),
    );
  });

  it('the first ADD on a node (claims a block) and a repeated ADD cost fewer round trips than the plain calls', async () => {
    const ours = await measure(kv, () => add('c1'));
    env.etcd.wipe();
    await env.pool('p4', { cidr: '10.30.0.0/24', blockSize: 26 });
    await env.node('node-1', { zone: 'a' });
    const plain = await measure(plainKV, () => plainAdd('c1'));
    console.log(`first ADD: plugin path ${JSON.stringify(ours)}; plain calls ${JSON.stringify(plain)}`);
    expect(ours.rounds).toBeLessThan(plain.rounds);
    expect(ours.requests).toBeLessThan(plain.requests);
    expect(ours.address).toMatch(/^10\.30\.0\.\d+\/26$/);

    // Idempotent ADD: the address the handle holds, from the handle (sent with the allocation
    // inputs, one request) and its block.
    const again = await measure(kv, () => add('c1'));
    expect(again.address).toBe(plain.address);
    expect(again).toMatchObject({ rounds: 2, requests: 2 });
  });

  it('with the daemon\'s hint of the node\'s latest block: 2 rounds, 2 etcd requests; a wrong hint costs nothing but its read', async () => {
    const hints = new RecentBlocks();
    const first = await add('warm', hints);
    expect(hints.get('node-1')).toEqual([`10.30.0.${Number(/^10\.30\.0\.(\d+)/.exec(first)![1]) & 192}/26`]);
    const ours = await measure(kv, () => add('c1', hints));
    console.log(`steady-state ADD with a block hint: ${JSON.stringify(ours)}`);
    expect(ours).toMatchObject({ calls: 8, rounds: 2, requests: 2 });
    // A block that is not the node's (or not there): read along, ignored, allocation as usual.
    hints.set('node-1', ['10.30.0.0/26', '10.99.0.0/26']);
    const off = await measure(kv, () => add('c2', hints));
    expect(off.address).toMatch(/^10\.30\.0\.\d+\/26$/);
    expect(new Set([first, ours.address, off.address]).size).toBe(3);
    expect(off.rounds).toBeLessThanOrEqual(3);
    expect(JSON.parse(env.stored('/calico/ipam/v2/handle/k8s-pod-network.c2'))).toMatchObject({ block: { [hints.get('node-1')![0]!]: 1 } });
  });
});
