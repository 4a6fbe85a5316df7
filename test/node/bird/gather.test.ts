/**
 * gatherBirdInput against a real etcd: resources written through the datastore, block
 * affinities claimed by the IPAM library, then rendered and checked by BIRD's parser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdInstance } from '../../helpers/etcd.js';
import { loadClientConfig } from '../../../src/datastore/config.js';
import { openEtcdDatastore, type EtcdDatastore } from '../../../src/datastore/etcd/etcd.js';
import { lookupKind } from '../../../src/resources/registry.js';
import { DatastoreIpamResources, EtcdIpamKV, IpamClient } from '../../../src/ipam/index.js';
import { formatCidr, parseCidr } from '../../../src/ipam/cidr.js';
import { expectedPeers, gatherBirdInput, renderBirdConfig } from '../../../src/node/bird/index.js';
import { birdMissing, birdParse } from './birdcheck.js';

let etcd: EtcdInstance;
let ds: EtcdDatastore;
let kv: EtcdIpamKV;
/** The block the IPAM library claimed for node1 (its position in the pool is random). */
let block: string;

const create = (kind: string, name: string, spec: Record<string, unknown>, labels?: Record<string, string>) => {
  const def = lookupKind(kind);
  return ds.create(def, { apiVersion: 'projectcalico.org/v3', kind: def.kind, metadata: { name, ...(labels ? { labels } : {}) }, spec });
};

beforeAll(async () => {
  etcd = await startEtcd();
  const cfg = loadClientConfig({ env: { ETCD_ENDPOINTS: etcd.endpoint }, defaultConfigPath: '/nonexistent/calicoctl.cfg' });
  ds = await openEtcdDatastore(cfg);
  kv = new EtcdIpamKV(ds);
  await create('bgpconfiguration', 'default', { logSeverityScreen: 'Info', nodeToNodeMeshEnabled: false, asNumber: 63400 });
  await create('bgpconfiguration', 'node.node2', { listenPort: 1790, logSeverityScreen: 'Debug' });
  await create('bgppeer', 'peer1', { nodeSelector: "calico == '1'", peerSelector: "calico == '1'", filters: ['f1'] });
  await create('bgppeer', 'peer2', { nodeSelector: "calico == '2'", peerSelector: "calico == '2'" });
  await create('bgpfilter', 'f1', { exportV4: [{ action: 'Reject', matchOperator: 'In', cidr: '10.0.0.0/8' }] });
  await create('ippool', 'ippool1', { cidr: '192.168.0.0/16', blockSize: 26, ipipMode: 'Never', natOutgoing: true, nodeSelector: 'calico == "1"' });
  await create('ippool', 'ippool2', { cidr: '172.10.0.0/16', blockSize: 26, ipipMode: 'Always', natOutgoing: true, nodeSelector: 'calico == "2"' });
  await create('node', 'node1', { bgp: { ipv4Address: '10.0.1.1/24' } }, { calico: '1' });
  await create('node', 'node2', { bgp: { ipv4Address: '10.0.1.2/24', asNumber: 64999 } }, { calico: '1' });
  await create('node', 'node3', { bgp: { ipv4Address: '10.0.1.3/24', ipv6Address: 'fd00::3/64' } }, { calico: '2' });
  const ipam = new IpamClient(kv, new DatastoreIpamResources(ds));
  const r = await ipam.autoAssign({ num4: 1, num6: 0, hostname: 'node1', handleId: 'h1', intendedUse: 'Workload' });
  block = formatCidr(parseCidr(r.ipv4[0]!.address)!);
  expect(block).toMatch(/^192\.168\.\d+\.\d+\/26$/);
  // A block whose affinity is still pending (claim in progress).
  etcd.etcdctl(['put', '/calico/ipam/v2/host/node1/ipv4/block/192.168.7.0-26', '{"state":"pending","deleted":false}']);
}, 60_000);

afterAll(async () => {
  await ds?.close();
  await etcd?.stop();
});

describe('gatherBirdInput', () => {
  it("reads the node's view: BGPConfiguration, peers, filters, pools and its own block affinities", async () => {
    const input = await gatherBirdInput(ds, kv, 'node1', { timers: { hold: 9 } });
    expect(input).toMatchObject({ nodeName: 'node1', routerId: '10.0.1.1', ipv4: '10.0.1.1/24', asNumber: 63400, secrets: {}, timers: { hold: 9 } });
    expect(input.bgpConfig).toMatchObject({ nodeToNodeMeshEnabled: false, asNumber: 63400, logSeverityScreen: 'Info' });
    expect(input.nodes.map((n) => [n.name, n.ipv4, n.labels, n.listenPort])).toEqual([
      ['node1', '10.0.1.1/24', { calico: '1' }, undefined],
      ['node2', '10.0.1.2/24', { calico: '1' }, 1790],
      ['node3', '10.0.1.3/24', { calico: '2' }, undefined],
    ]);
    expect(input.peers.map((p) => p.metadata.name)).toEqual(['peer1', 'peer2']);
    expect(input.filters.map((p) => p.metadata.name)).toEqual(['f1']);
    expect(input.pools.map((p) => p.cidr).sort()).toEqual(['172.10.0.0/16', '192.168.0.0/16']);
    expect(input.affineBlocks).toEqual([{ cidr: block }, { cidr: '192.168.7.0/26', state: 'pending' }].sort((a, b) => (a.cidr < b.cidr ? -1 : 1)));
    expect(expectedPeers(input)).toEqual([{ name: 'Node_10_0_1_2_port_1790', address: '10.0.1.2', type: 'node specific', family: 4 }]);

    const cfg = renderBirdConfig(input).files['bird.cfg']!;
    expect(cfg).toContain(`route ${block} blackhole;`);
    expect(cfg).toContain(`if (net = ${block}) then { accept; }`);
    expect(cfg).toContain('route 192.168.7.0/26 blackhole;');
    expect(cfg).toContain('# block 192.168.7.0/26 is pending: not aggregated');
    expect(cfg).toContain('neighbor 10.0.1.2 port 1790 as 64999;');
    expect(cfg).toContain("'bgp_f1_exportFilterV4'();");
    expect(cfg).toContain('# IPv6 disabled on this node.');
    if (!birdMissing()) expect(birdParse(renderBirdConfig(input).files)).toEqual({ ok: true, output: '' });
  });

  it("applies the node's own BGPConfiguration over the default and sees other nodes' blocks as theirs", async () => {
    const input = await gatherBirdInput(ds, kv, 'node2');
    expect(input.bgpConfig.logSeverityScreen).toBe('Debug');
    expect(input.asNumber).toBe(64999);
    expect(input.affineBlocks).toEqual([]);
    expect(expectedPeers(input).map((p) => p.name)).toEqual(['Node_10_0_1_1']);
    const node3 = await gatherBirdInput(ds, kv, 'node3');
    expect(expectedPeers(node3)).toEqual([]);
  });

  it('fails clearly for a node that does not exist', async () => {
    await expect(gatherBirdInput(ds, kv, 'ghost')).rejects.toThrow('resource does not exist: Node(ghost)');
  });
});
