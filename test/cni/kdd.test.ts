/**
 * calico-ipam on the Kubernetes datastore (the API-server stand-in): the plugin process with
 * `datastore_type: kubernetes` and a kubeconfig from the netconf or the environment, and
 * allocators in several processes at once, then `calicoctl ipam check` over the result.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ipamEnv, type KubeIpamEnv } from '../ipam/setup.js';
import { haveStandIn, raw } from '../datastore/kube-helpers.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { cniEnv, runPlugin } from './plugin.js';

const run = promisify(execFile);
const WORKER = join(ROOT, 'test', 'cni', 'kdd-worker.mjs');
const API = '/apis/crd.projectcalico.org/v1';

describe.skipIf(!haveStandIn)('calico-ipam on the Kubernetes datastore', () => {
  let env: KubeIpamEnv;
  beforeAll(async () => {
    env = await ipamEnv('kube');
  });
  afterAll(async () => env?.stop());
  beforeEach(async () => {
    await env.wipe();
  });

  const kddConf = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      cniVersion: '1.0.0', name: 'k8s-pod-network', type: 'calico', nodename: 'node-1', datastore_type: 'kubernetes', ...extra,
      ipam: { type: 'calico-ipam' },
    });

  it('ADD stores the allocation as IPAM objects, CHECK sees it, DEL removes it (kubeconfig from the netconf)', async () => {
    await env.pool('p4', { cidr: '10.20.0.0/24', blockSize: 26 });
    const conf = kddConf({ kubernetes: { kubeconfig: env.server.kubeconfigPath } });
    const args = { CNI_ARGS: 'IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-0' };
    const add = await runPlugin(cniEnv('ADD', 'cid1', args), conf);
    expect(add.stderr).toBe('');
    expect(add.json).toEqual({ cniVersion: '1.0.0', ips: [{ address: expect.stringMatching(/^10\.20\.0\.\d+\/26$/) }], dns: {} });
    expect(add.code).toBe(0);
    const address = (add.json!.ips as Array<{ address: string }>)[0]!.address;
    expect((await runPlugin(cniEnv('ADD', 'cid1', args), conf)).json).toEqual(add.json);

    const last = Number(address.split('/')[0]!.split('.')[3]);
    const base = last - (last % 64);
    const cidr = `10.20.0.${base}/26`;
    const handle = await raw(env.server, 'GET', `${API}/ipamhandles/k8s-pod-network.cid1`);
    expect(handle.body.spec).toEqual({ handleID: 'k8s-pod-network.cid1', block: { [cidr]: 1 }, deleted: false });
    const block = await raw(env.server, 'GET', `${API}/ipamblocks/10-20-0-${base}-26`);
    expect(block.body.spec.affinity).toBe('host:node-1');
    const attr = block.body.spec.attributes[block.body.spec.allocations[last - base]];
    expect(attr).toMatchObject({ handle_id: 'k8s-pod-network.cid1', secondary: { namespace: 'default', pod: 'web-0', node: 'node-1' } });
    expect((await raw(env.server, 'GET', `${API}/blockaffinities/node-1-10-20-0-${base}-26`)).body.spec.state).toBe('confirmed');

    expect((await runPlugin(cniEnv('CHECK', 'cid1'), conf)).code).toBe(0);
    const del = await runPlugin(cniEnv('DEL', 'cid1'), conf);
    expect([del.code, del.stdout, del.stderr]).toEqual([0, '', '']);
    expect((await raw(env.server, 'GET', `${API}/ipamhandles/k8s-pod-network.cid1`)).status).toBe(404);
    expect((await runPlugin(cniEnv('DEL', 'cid1'), conf)).code).toBe(0);
    expect(await env.keyList('/calico/ipam/v2/handle/')).toEqual([]);
  });

  it('reads KUBECONFIG or K8S_API_ENDPOINT from the environment; an unreachable API server is a CNI error', async () => {
    await env.pool('p4', { cidr: '10.21.0.0/24', blockSize: 26 });
    const viaEnv = await runPlugin(cniEnv('ADD', 'c2', { KUBECONFIG: env.server.kubeconfigPath }), kddConf());
    expect(viaEnv).toMatchObject({ code: 0, stderr: '' });
    expect((viaEnv.json!.ips as Array<{ address: string }>)[0]!.address).toMatch(/^10\.21\.0\.\d+\/26$/);
    const viaRoot = await runPlugin(cniEnv('ADD', 'c3'), kddConf({ kubernetes: { k8s_api_root: env.server.url } }));
    expect(viaRoot).toMatchObject({ code: 0, stderr: '' });
    expect(await env.keyList('/calico/ipam/v2/handle/')).toEqual(['/calico/ipam/v2/handle/k8s-pod-network.c2', '/calico/ipam/v2/handle/k8s-pod-network.c3']);

    const down = await runPlugin(cniEnv('ADD', 'c4', { K8S_API_ENDPOINT: 'http://127.0.0.1:1' }), kddConf());
    expect(down.code).toBe(1);
    expect(down.json).toMatchObject({ code: expect.any(Number), msg: expect.stringContaining('127.0.0.1:1') });
  });

  it('4 processes × 25 ADDs get 100 distinct addresses; with their pods running, ipam check is clean; DEL empties it', { timeout: 240_000 }, async () => {
    const kube = { DATASTORE_TYPE: 'kubernetes', KUBECONFIG: env.server.kubeconfigPath };
    // Through the CLI, which also initialises ClusterInformation (ipam check needs it).
    const pool = 'apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: big}\nspec: {cidr: 10.50.0.0/16, blockSize: 26}\n';
    expect((await runCli(['apply', '-f', '-'], { env: kube, stdin: pool })).code).toBe(0);
    const workers = (command: 'ADD' | 'DEL') =>
      Promise.all(
        Array.from({ length: 4 }, async (_, p) => {
          const { stdout } = await run(process.execPath, [WORKER, command, env.server.kubeconfigPath, `node-${p % 2}`, `w${p}`, '25'], { timeout: 180_000 });
          return command === 'ADD' ? (JSON.parse(stdout) as string[]).map((a) => ({ node: `node-${p % 2}`, pod: `w${p}`, address: a })) : [];
        }),
      );
    const got = (await workers('ADD')).flatMap((list) => list.map((e, i) => ({ ...e, pod: `${e.pod}-${i}` })));
    const ips = got.map((g) => g.address.split('/')[0]!);
    expect(ips).toHaveLength(100);
    expect(new Set(ips).size).toBe(100);
    const handles = await env.keyList('/calico/ipam/v2/handle/');
    expect(handles).toHaveLength(100);

    // The pods these addresses were handed to.
    for (const g of got) {
      const ip = g.address.split('/')[0]!;
      const r = await raw(env.server, 'POST', '/api/v1/namespaces/default/pods', {
        apiVersion: 'v1', kind: 'Pod', metadata: { name: g.pod, namespace: 'default' },
        spec: { nodeName: g.node, containers: [{ name: 'c', image: 'x' }] },
        status: { phase: 'Running', podIP: ip, podIPs: [{ ip }] },
      });
      expect(r.status).toBe(201);
    }
    const check = await runCli(['ipam', 'check'], { env: kube });
    expect(check.stderr).toBe('');
    expect(check.stdout).toContain('IPAM blocks record 100 allocations.\n');
    expect(check.stdout).toContain('Found 100 workload IPs.\n');
    expect(check.stdout).toContain('Found 0 IPs that are allocated in IPAM but not actually in use.\n');
    expect(check.stdout).toContain('Found 0 handles with no matching IPs (and 100 handles with matches).\n');
    expect(check.stdout).toMatch(/Check complete; found 0 problems\.\n$/);

    await workers('DEL');
    expect(await env.keyList('/calico/ipam/v2/handle/')).toEqual([]);
    const blocks = await raw(env.server, 'GET', `${API}/ipamblocks`);
    expect(blocks.body.items.length).toBeGreaterThanOrEqual(2);
    for (const b of blocks.body.items) expect(b.spec.allocations.every((a: unknown) => a === null)).toBe(true);
  });
});
