/**
 * The calico-ipam plugin as a process: CNI env + netconf on stdin, result/error JSON on stdout,
 * against a real etcd. Every case runs twice: with no daemon (the Node plugin runs in-process)
 * and through a `calico-ipam daemon` (checked: the daemon logged every invocation).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ipamEnv, type IpamEnv } from '../ipam/setup.js';
import { freePort } from '../helpers/etcd.js';
import { cniEnv, netconf, runPlugin as runProcess, type PluginResult } from './plugin.js';
import { removeDir, requireNative, startDaemon, stopAllDaemons, type DaemonProcess } from './daemon-process.js';

let env: IpamEnv;
beforeAll(async () => {
  env = await ipamEnv();
});
afterAll(async () => {
  await stopAllDaemons();
  await env?.stop();
});
beforeEach(async () => {
  env.etcd.wipe();
  await env.pool('p4', { cidr: '10.20.0.0/24', blockSize: 26 });
  await env.pool('p6', { cidr: 'fd20::/120', blockSize: 122 });
});

describe.each(['in-process', 'daemon'] as const)('calico-ipam (%s)', (mode) => {
  let daemon: DaemonProcess | undefined;
  let calls = 0;
  beforeAll(async () => {
    if (mode === 'daemon') {
      requireNative();
      daemon = await startDaemon();
    }
  });
  afterAll(async () => {
    if (daemon) {
      expect(await daemon.stop()).toBe(0);
      removeDir(daemon.dir);
    }
  });
  afterEach(async () => {
    // Through the daemon means through the daemon: it answered every invocation of the test.
    if (daemon) expect((await daemon.waitForRequests(calls)).length).toBe(calls);
    else calls = 0;
  });
  const runPlugin = (e: Record<string, string>, stdin: string): Promise<PluginResult> => {
    calls++;
    return runProcess(e, stdin, daemon?.socket);
  };

  it('VERSION lists the supported spec versions', async () => {
    const r = await runPlugin({ CNI_COMMAND: 'VERSION' }, '{"cniVersion":"1.0.0"}');
    expect(r.code).toBe(0);
    expect(r.json).toEqual({ cniVersion: '1.0.0', supportedVersions: ['0.3.0', '0.3.1', '0.4.0', '1.0.0'] });
  });

  it('ADD allocates with the block prefix, records the pod, is idempotent; CHECK and DEL work and DEL is idempotent', async () => {
    const conf = netconf(env.etcd.endpoint);
    const args = { CNI_ARGS: 'IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-0' };
    const add = await runPlugin(cniEnv('ADD', 'cid1', args), conf);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.json).toEqual({ cniVersion: '1.0.0', ips: [{ address: expect.stringMatching(/^10\.20\.0\.\d+\/26$/) }], dns: {} });
    const address = (add.json!.ips as Array<{ address: string }>)[0]!.address;
    const again = await runPlugin(cniEnv('ADD', 'cid1', args), conf);
    expect(again.json).toEqual(add.json);

    const handle = JSON.parse(env.stored('/calico/ipam/v2/handle/k8s-pod-network.cid1'));
    expect(Object.values(handle.block)).toEqual([1]);
    const attrs = await env.ipam.getAssignmentAttributes(address.split('/')[0]!);
    expect(attrs.handleId).toBe('k8s-pod-network.cid1');
    expect(attrs.attrs).toMatchObject({ namespace: 'default', pod: 'web-0', node: 'node-1' });
    expect(attrs.attrs.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC$/);
    expect(attrs.affinity).toBe('host:node-1');

    expect((await runPlugin(cniEnv('CHECK', 'cid1'), conf)).code).toBe(0);
    const del = await runPlugin(cniEnv('DEL', 'cid1'), conf);
    expect([del.code, del.stdout]).toEqual([0, '']);
    expect(env.keys('/calico/ipam/v2/handle/')).toEqual([]);
    expect((await runPlugin(cniEnv('DEL', 'cid1'), conf)).code).toBe(0);
    const check = await runPlugin(cniEnv('CHECK', 'cid1'), conf);
    expect(check.code).toBe(1);
    expect(check.json).toMatchObject({ code: 999, msg: 'no IP addresses are allocated for handle k8s-pod-network.cid1' });
  });

  it('dual stack with pool selection, and CNI 0.3.1 results carry the IP version', async () => {
    const conf = netconf(env.etcd.endpoint, { cniVersion: '0.3.1' }, { assign_ipv4: 'true', assign_ipv6: 'true', ipv4_pools: ['p4'], ipv6_pools: ['fd20::/120'] });
    const r = await runPlugin(cniEnv('ADD', 'dual'), conf);
    expect(r.code).toBe(0);
    expect(r.json).toEqual({
      cniVersion: '0.3.1',
      ips: [
        { version: '4', address: expect.stringMatching(/^10\.20\.0\.\d+\/26$/) },
        { version: '6', address: expect.stringMatching(/^fd20::[0-9a-f]*\/122$/) },
      ],
      dns: {},
    });
  });

  it('reports CNI errors as JSON on stdout with exit 1', async () => {
    const conf = netconf(env.etcd.endpoint);
    const cases: Array<[Record<string, string>, string, number, RegExp]> = [
      [{}, conf, 4, /^required env variables \[CNI_COMMAND\] missing$/],
      [{ CNI_COMMAND: 'ADD' }, conf, 4, /^required env variables \[CNI_CONTAINERID,CNI_NETNS,CNI_IFNAME,CNI_PATH\] missing$/],
      [cniEnv('ADD'), '{not json', 6, /^failed to load netconf: /],
      [cniEnv('ADD'), netconf(env.etcd.endpoint, {}, { assign_ipv4: 'maybe' }), 7, /assign_ipv4/],
      [cniEnv('ADD'), netconf(env.etcd.endpoint, {}, { ipv4_pools: ['nope'] }), 999, /the given pool \(nope\) does not exist, or is not enabled/],
      [cniEnv('ADD'), netconf(env.etcd.endpoint, { cniVersion: '0.2.0' }), 1, /incompatible CNI versions/],
    ];
    for (const [e, stdin, code, msg] of cases) {
      const r = await runPlugin(e, stdin);
      expect(r.code, JSON.stringify(e)).toBe(1);
      expect(r.json?.code, r.stdout).toBe(code);
      expect(String(r.json?.msg)).toMatch(msg);
      expect(Object.keys(r.json!)).toEqual(['cniVersion', 'code', 'msg', 'details']);
    }
  });

  it('an unreachable datastore is "try again later" (11)', async () => {
    const port = await freePort();
    const r = await runPlugin(cniEnv('ADD'), netconf(`http://127.0.0.1:${port}`));
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ code: 11, msg: expect.stringContaining(`127.0.0.1:${port}`) });
  });

  it('falls back to the calicoctl environment variables for the datastore', async () => {
    const conf = JSON.stringify({ cniVersion: '1.0.0', name: 'net2', nodename: 'node-9', ipam: { type: 'calico-ipam' } });
    const r = await runPlugin(cniEnv('ADD', 'envcid', { DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: env.etcd.endpoint }), conf);
    expect(r.code, r.stdout).toBe(0);
    expect(env.keys('/calico/ipam/v2/handle/')).toEqual(['/calico/ipam/v2/handle/net2.envcid']);
    expect(env.keys('/calico/ipam/v2/host/')).toEqual([expect.stringMatching(/^\/calico\/ipam\/v2\/host\/node-9\/ipv4\/block\//)]);
  });

  it('a config version the plugin cannot answer in fails before anything is allocated', async () => {
    env.etcd.wipe();
    await env.pool('p4', { cidr: '10.20.0.0/24' });
    const add = await runPlugin(cniEnv('ADD', 'oldver'), netconf(env.etcd.endpoint, { cniVersion: '0.2.0' }));
    expect(add.code).toBe(1);
    expect(add.json).toMatchObject({ cniVersion: '0.2.0', code: 1, msg: expect.stringMatching(/^incompatible CNI versions; config is "0.2.0"/) });
    expect(env.keys('/calico/ipam/v2/handle/')).toEqual([]);
    expect(env.keys('/calico/ipam/v2/assignment/')).toEqual([]);
    const check = await runPlugin(cniEnv('CHECK', 'oldver'), netconf(env.etcd.endpoint, { cniVersion: '0.3.1' }));
    expect(check.code).toBe(1);
    expect(check.json).toMatchObject({ cniVersion: '0.3.1', code: 1, msg: 'config version does not allow CHECK' });
  });

  it('an exhausted pool fails the ADD and leaves nothing allocated for it', async () => {
    env.etcd.wipe();
    await env.pool('tiny', { cidr: '10.30.0.0/31', blockSize: 31 });
    const conf = netconf(env.etcd.endpoint);
    for (const c of ['a', 'b']) expect((await runPlugin(cniEnv('ADD', c), conf)).code).toBe(0);
    const r = await runPlugin(cniEnv('ADD', 'c'), conf);
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ code: 999, msg: 'failed to request 1 IPv4 address(es); IPAM allocated none' });
    expect(env.keys('/calico/ipam/v2/handle/').sort()).toEqual(['/calico/ipam/v2/handle/k8s-pod-network.a', '/calico/ipam/v2/handle/k8s-pod-network.b']);
  });
});
