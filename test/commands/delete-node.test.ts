// `calicoctl delete node` on etcd removes what Calico's client removes with a Node: its endpoints,
// their addresses, its block affinities and tunnel addresses, and its per-node configuration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdInstance } from '../helpers/etcd.js';
import { etcdEnv, runCli } from '../helpers/cli.js';
import { allocate } from './ipam-helpers.js';

let etcd: EtcdInstance;
let env: Record<string, string>;
const cliIn = (stdin: string, ...args: string[]) => runCli(args, { env, stdin });
const keys = (prefix: string) => etcd.etcdctl(['get', prefix, '--prefix', '--keys-only']).split('\n').filter((l) => l.trim() !== '');

beforeAll(async () => {
  etcd = await startEtcd();
  env = etcdEnv(etcd.endpoint);
});
afterAll(async () => etcd?.stop());

const doc = (kind: string, meta: string, spec: string) => `apiVersion: projectcalico.org/v3\nkind: ${kind}\nmetadata: {${meta}}\nspec: {${spec}}\n---\n`;

describe('delete node', () => {
  it('also removes the node\'s endpoints, addresses, affinities and per-node configuration, and nothing of other nodes', { timeout: 60_000 }, async () => {
    const setup =
      doc('IPPool', 'name: p', 'cidr: 10.70.0.0/16, blockSize: 26') +
      doc('Node', 'name: gone', 'bgp: {ipv4Address: 10.0.0.1/24}') +
      doc('Node', 'name: stays', 'bgp: {ipv4Address: 10.0.0.2/24}') +
      doc('FelixConfiguration', 'name: node.gone', 'logSeverityScreen: Debug') +
      doc('FelixConfiguration', 'name: node.stays', 'logSeverityScreen: Debug') +
      doc('BGPConfiguration', 'name: node.gone', 'logSeverityScreen: Debug') +
      doc('HostEndpoint', 'name: gone-eth0, labels: {a: b}', 'node: gone, interfaceName: eth0') +
      doc('HostEndpoint', 'name: stays-eth0', 'node: stays, interfaceName: eth0');
    const applied = await cliIn(setup, 'apply', '-f', '-');
    expect(applied.stderr).toBe('');

    const pod = await allocate(etcd.endpoint, { node: 'gone', handle: 'k8s-pod-network.web', attrs: { node: 'gone', namespace: 'prod', pod: 'web' } });
    await allocate(etcd.endpoint, { node: 'gone', handle: 'ipip-tunnel-addr-gone' });
    const other = await allocate(etcd.endpoint, { node: 'stays', handle: 'k8s-pod-network.db' });
    const wep = (podName: string, node: string, ip: string) =>
      doc('WorkloadEndpoint', `name: ${node}-k8s-${podName}-eth0, namespace: prod`, `node: ${node}, orchestrator: k8s, endpoint: eth0, pod: ${podName}, interfaceName: cali0, ipNetworks: ["${ip}/32"]`);
    const weps = await cliIn(
      wep('web', 'gone', pod.v4[0]!) + wep('db', 'stays', other.v4[0]!),
      'create', '-f', '-',
    );
    expect(weps.stderr).toBe('');
    expect(keys('/calico/ipam/v2/host/gone/')).toHaveLength(1);

    const del = await runCli(['delete', 'node', 'gone'], { env });
    expect(del).toEqual({ code: 0, stdout: "Successfully deleted 1 'Node' resource(s)\n", stderr: '' });

    const v3 = '/calico/resources/v3/projectcalico.org/';
    expect(keys(`${v3}nodes/`)).toEqual([`${v3}nodes/stays`]);
    expect(keys(`${v3}workloadendpoints/`)).toEqual([`${v3}workloadendpoints/prod/stays-k8s-db-eth0`]);
    expect(keys(`${v3}hostendpoints/`)).toEqual([`${v3}hostendpoints/stays-eth0`]);
    expect(keys(`${v3}felixconfigurations/`)).toEqual([`${v3}felixconfigurations/node.stays`]);
    expect(keys(`${v3}bgpconfigurations/`)).toEqual([]);
    // The pod's and the tunnel's addresses are free, their handles gone, the affinity released
    // (the now empty block deleted); the other node's allocation is untouched.
    expect(keys('/calico/ipam/v2/host/gone/')).toEqual([]);
    expect(keys('/calico/ipam/v2/handle/')).toEqual(['/calico/ipam/v2/handle/k8s-pod-network.db']);
    const show = await runCli(['ipam', 'show', '--ip', pod.v4[0]!], { env });
    expect(show.stdout).toBe(`${pod.v4[0]} is not assigned\n`);
    expect((await runCli(['ipam', 'check'], { env })).stdout).toContain('Check complete; found 0 problems.');
  });

  it('deleting a node that does not exist fails as before and removes nothing', { timeout: 30_000 }, async () => {
    const r = await runCli(['delete', 'node', 'nosuch'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('resource does not exist: Node(nosuch)');
  });
});
