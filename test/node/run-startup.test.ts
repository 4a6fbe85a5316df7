// calico-node's startup against a real etcd: the Node as Calico stores it, defaults, and pools.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdInstance } from '../helpers/etcd.js';
import { loadClientConfig } from '../../src/datastore/config.js';
import { openDatastore } from '../../src/datastore/index.js';
import { runStartup, type StartupOptions } from '../../src/node/run/startup.js';
import { parseIpAddrJson } from '../../src/node/run/interfaces.js';

let etcd: EtcdInstance;
const stored = (k: string): Record<string, any> | undefined => {
  const v = etcd.etcdctl(['get', k, '--print-value-only']).trim();
  return v === '' ? undefined : JSON.parse(v);
};
const interfaces = parseIpAddrJson(JSON.stringify([
  { ifindex: 1, ifname: 'lo', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8 }] },
  { ifindex: 2, ifname: 'eth0', addr_info: [{ family: 'inet', local: '10.0.0.5', prefixlen: 24 }] },
]));

async function startup(over: Partial<StartupOptions>) {
  const ds = await openDatastore(loadClientConfig({ env: { DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: etcd.endpoint }, defaultConfigPath: '/nonexistent' }));
  try {
    return await runStartup(ds, {
      name: 'n1', ipMethod: 'first-found', ip6Method: 'first-found', backend: 'bird', noDefaultPools: false,
      env: { FELIX_IPV6SUPPORT: 'false' }, deps: { interfaces }, ...over,
    });
  } finally {
    await ds.close();
  }
}

beforeAll(async () => {
  etcd = await startEtcd();
});
afterAll(async () => etcd?.stop());
beforeEach(() => etcd.wipe());

const NODES = '/calico/resources/v3/projectcalico.org/nodes/';
const POOLS = '/calico/resources/v3/projectcalico.org/ippools/';

describe('node startup', () => {
  it('stores the Node with spec.bgp (autodetected address with its prefix), defaults and the default pool', async () => {
    await startup({ as: '65001' });
    const node = stored(`${NODES}n1`)!;
    expect(node).toMatchObject({ kind: 'Node', apiVersion: 'projectcalico.org/v3', metadata: { name: 'n1' } });
    expect(node.spec.bgp).toEqual({ ipv4Address: '10.0.0.5/24', asNumber: 65001 });
    expect(node.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    const pool = stored(`${POOLS}default-ipv4-ippool`)!;
    expect(pool.spec).toMatchObject({ cidr: '192.168.0.0/16', blockSize: 26, ipipMode: 'Never', vxlanMode: 'Never', natOutgoing: true, nodeSelector: 'all()' });
    expect(stored(`${POOLS}default-ipv6-ippool`)).toBeUndefined();
    const ci = stored('/calico/resources/v3/projectcalico.org/clusterinformations/default')!;
    expect(ci.spec).toMatchObject({ datastoreReady: true, calicoVersion: expect.stringMatching(/^v3\./) });
    expect(ci.spec.clusterGUID).toMatch(/^[0-9a-f]{32}$/);
    expect(stored('/calico/resources/v3/projectcalico.org/felixconfigurations/node.n1')?.spec).toMatchObject({ defaultEndpointToHostAction: 'Return' });
    expect(stored('/calico/resources/v3/projectcalico.org/felixconfigurations/default')?.spec).toMatchObject({ reportingInterval: '0s', logSeverityScreen: 'Info' });
    expect(stored('/calico/resources/v3/projectcalico.org/bgpconfigurations/default')).toBeDefined();
  });

  it('honours CALICO_IPV4POOL_* and keeps an existing pool; a restart keeps the address and AS', async () => {
    await startup({
      ip: '10.0.0.5',
      env: { FELIX_IPV6SUPPORT: 'false', CALICO_IPV4POOL_CIDR: '10.244.0.0/16', CALICO_IPV4POOL_BLOCK_SIZE: '28', CALICO_IPV4POOL_IPIP: 'Always', CALICO_IPV4POOL_NAT_OUTGOING: 'false', CALICO_IPV4POOL_NODE_SELECTOR: 'rack == "a"' },
    });
    expect(stored(`${POOLS}default-ipv4-ippool`)!.spec).toMatchObject({ cidr: '10.244.0.0/16', blockSize: 28, ipipMode: 'Always', natOutgoing: false, nodeSelector: 'rack == "a"' });
    const before = stored(`${NODES}n1`)!;
    const again = await startup({ env: { FELIX_IPV6SUPPORT: 'false', CALICO_IPV4POOL_CIDR: '10.99.0.0/16' } });
    expect(again.createdPools).toEqual([]);
    expect(stored(`${POOLS}default-ipv4-ippool`)!.spec.cidr).toBe('10.244.0.0/16');
    expect(stored(`${NODES}n1`)!.spec.bgp).toEqual(before.spec.bgp);
  });

  it('creates no pools with --no-default-ippools, and none for backend none', async () => {
    await startup({ noDefaultPools: true, backend: 'none' });
    expect(etcd.etcdctl(['get', POOLS, '--prefix', '--keys-only']).trim()).toBe('');
    expect(stored(`${NODES}n1`)!.spec?.bgp).toBeUndefined();
  });

  it('refuses an address another node already uses', async () => {
    await startup({ name: 'n1', ip: '10.0.0.5' });
    await expect(startup({ name: 'n2', ip: '10.0.0.5' })).rejects.toThrow("Calico node 'n1' is already using the IPv4 address 10.0.0.5.");
  });

  it('stores an explicit IPv6 address canonically and refuses it on another node however it is written', async () => {
    await startup({ name: 'n1', ip: '10.0.0.5', ip6: 'FD00:0:0::5' });
    expect(stored(`${NODES}n1`)!.spec.bgp).toMatchObject({ ipv4Address: '10.0.0.5/24', ipv6Address: 'fd00::5/128' });
    await expect(startup({ name: 'n2', ip: '10.0.0.6', ip6: 'fd00:0000::0005' })).rejects.toThrow("Calico node 'n1' is already using the IPv6 address fd00::5.");
  });

  it('fails when no IPv4 address can be autodetected', async () => {
    await expect(startup({ ipMethod: 'interface=nomatch' })).rejects.toThrow('failed to autodetect an IPv4 address');
  });
});
