// calico-node's startup on the Kubernetes datastore, against the API-server stand-in: what ends up
// on the core Node (Calico's annotations, the Node's own labels untouched), ClusterInformation
// (clusterType with kdd), the defaults and pools, and the refusal when the Node is not registered.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runStartup, type StartupOptions } from '../../src/node/run/startup.js';
import { parseIpAddrJson } from '../../src/node/run/interfaces.js';
import { podSubnets } from '../../src/node/run/kubeadm.js';
import { haveStandIn, openKube, raw, startStandIn, type StandIn } from '../datastore/kube-helpers.js';

const interfaces = parseIpAddrJson(JSON.stringify([
  { ifindex: 1, ifname: 'lo', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8 }] },
  { ifindex: 2, ifname: 'eth0', addr_info: [{ family: 'inet', local: '10.0.0.5', prefixlen: 24 }] },
]));
const CRD = '/apis/crd.projectcalico.org/v1';

describe.skipIf(!haveStandIn)('node startup on the Kubernetes datastore', () => {
  let server: StandIn;
  beforeAll(async () => {
    server = await startStandIn();
  });
  afterAll(async () => server?.stop());
  beforeEach(() => server.reset());

  async function startup(over: Partial<StartupOptions>) {
    const ds = await openKube({ KUBECONFIG: server.kubeconfigPath });
    try {
      return await runStartup(ds, {
        name: 'n1', ipMethod: 'first-found', ip6Method: 'first-found', backend: 'bird', noDefaultPools: false,
        env: { FELIX_IPV6SUPPORT: 'false' }, deps: { interfaces }, ...over,
      });
    } finally {
      await ds.close();
    }
  }

  async function registerNode(name: string, labels: Record<string, string> = {}): Promise<void> {
    const r = await raw(server, 'POST', '/api/v1/nodes', {
      apiVersion: 'v1', kind: 'Node', metadata: { name, labels },
      status: { addresses: [{ type: 'InternalIP', address: '10.0.0.5' }] },
    });
    expect(r.status).toBe(201);
  }
  const get = async (path: string) => {
    const r = await raw(server, 'GET', path);
    return r.status === 200 ? r.body : undefined;
  };

  it('writes the BGP fields as annotations on the registered Node, ClusterInformation with kdd, defaults and the pool', async () => {
    await registerNode('n1', { 'kubernetes.io/hostname': 'n1', rack: 'a' });
    const res = await startup({ as: '65001' });
    expect(res.createdPools).toEqual(['default-ipv4-ippool']);

    const node = await get('/api/v1/nodes/n1');
    expect(node.metadata.annotations).toEqual({ 'projectcalico.org/IPv4Address': '10.0.0.5/24', 'projectcalico.org/ASNumber': '65001' });
    expect(node.metadata.labels).toEqual({ 'kubernetes.io/hostname': 'n1', rack: 'a' });
    expect(node.status.addresses).toEqual([{ type: 'InternalIP', address: '10.0.0.5' }]);

    const ci = await get(`${CRD}/clusterinformations/default`);
    expect(ci.spec).toMatchObject({ clusterType: 'kdd', datastoreReady: true, calicoVersion: expect.stringMatching(/^v3\./) });
    expect(ci.spec.clusterGUID).toMatch(/^[0-9a-f]{32}$/);
    expect((await get(`${CRD}/ippools/default-ipv4-ippool`)).spec).toMatchObject({ cidr: '192.168.0.0/16', blockSize: 26, natOutgoing: true, nodeSelector: 'all()' });
    expect((await get(`${CRD}/felixconfigurations/default`)).spec).toMatchObject({ reportingInterval: '0s', logSeverityScreen: 'Info' });
    // etcd mode only: no per-node FelixConfiguration on Kubernetes.
    expect(await get(`${CRD}/felixconfigurations/node.n1`)).toBeUndefined();
    expect(await get(`${CRD}/bgpconfigurations/default`)).toBeDefined();
    for (const t of ['default', 'kube-admin', 'kube-baseline']) expect(await get(`${CRD}/tiers/${t}`)).toBeDefined();
  });

  it('keeps what is stored on a restart and merges new cluster types in, kdd last on first write', async () => {
    await registerNode('n1');
    await startup({ ip: '10.0.0.5', env: { FELIX_IPV6SUPPORT: 'false', CLUSTER_TYPE: 'k8s,bgp' } });
    expect((await get(`${CRD}/clusterinformations/default`)).spec.clusterType).toBe('k8s,bgp,kdd');
    const before = await get('/api/v1/nodes/n1');
    const again = await startup({ env: { FELIX_IPV6SUPPORT: 'false', CLUSTER_TYPE: 'k8s,kubeadm' } });
    expect(again.createdPools).toEqual([]);
    expect((await get(`${CRD}/clusterinformations/default`)).spec.clusterType).toBe('k8s,bgp,kdd,kubeadm');
    const after = await get('/api/v1/nodes/n1');
    expect(after.metadata.annotations).toEqual(before.metadata.annotations);
  });

  it('refuses to start when the Kubernetes Node is not registered, writing nothing', async () => {
    await expect(startup({ name: 'ghost' })).rejects.toThrow(
      'Unable to set node resource configuration: the Kubernetes Node ghost does not exist (with the Kubernetes datastore the Node must be registered before calico-node starts)',
    );
    expect((await get('/api/v1/nodes')).items).toEqual([]);
    expect((await get(`${CRD}/ippools`)).items).toEqual([]);
    expect(await get(`${CRD}/clusterinformations/default`)).toBeUndefined();
  });

  it('on a kubeadm cluster: clusterType gains kubeadm before kdd, and the pool takes the pod subnet', async () => {
    await registerNode('n1');
    const cm = await raw(server, 'POST', '/api/v1/namespaces/kube-system/configmaps', {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kubeadm-config', namespace: 'kube-system' },
      data: { ClusterConfiguration: 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n  dnsDomain: cluster.local\n  podSubnet: 10.244.0.0/16\n  serviceSubnet: 10.96.0.0/12\n' },
    });
    expect(cm.status).toBe(201);
    await startup({ env: { FELIX_IPV6SUPPORT: 'false', CLUSTER_TYPE: 'k8s,bgp' } });
    expect((await get(`${CRD}/clusterinformations/default`)).spec.clusterType).toBe('k8s,bgp,kubeadm,kdd');
    expect((await get(`${CRD}/ippools/default-ipv4-ippool`)).spec.cidr).toBe('10.244.0.0/16');
  });

  it('reads the first pod subnet of each family from a ClusterConfiguration', () => {
    expect(podSubnets('networking:\n  podSubnet: 10.244.0.0/16\n')).toEqual({ podSubnetV4: '10.244.0.0/16' });
    expect(podSubnets('podSubnet: 192.168.0.0/16,10.10.0.0/16')).toEqual({ podSubnetV4: '192.168.0.0/16' });
    expect(podSubnets('podSubnet: fd00:10::/56,10.1.0.0/16,fd00:20::/56')).toEqual({ podSubnetV4: '10.1.0.0/16', podSubnetV6: 'fd00:10::/56' });
    expect(podSubnets('networking:\n  serviceSubnet: 10.96.0.0/12\n')).toEqual({});
  });

  it('refuses an address another Kubernetes Node already uses', async () => {
    await registerNode('n1');
    await registerNode('n2');
    await startup({ name: 'n1', ip: '10.0.0.5' });
    await expect(startup({ name: 'n2', ip: '10.0.0.5' })).rejects.toThrow("Calico node 'n1' is already using the IPv4 address 10.0.0.5.");
    expect((await get('/api/v1/nodes/n2')).metadata.annotations ?? {}).toEqual({});
  });
});
