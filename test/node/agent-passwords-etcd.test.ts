// BGP passwords on the etcd datastore: there are no Secrets (confd without a k8s client), so the
// agent's render keeps every session without a password, and says so once per reference.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdInstance } from '../helpers/etcd.js';
import { loadClientConfig } from '../../src/datastore/config.js';
import { openEtcdDatastore, type EtcdDatastore } from '../../src/datastore/etcd/etcd.js';
import { lookupKind } from '../../src/resources/registry.js';
import { EtcdIpamKV } from '../../src/ipam/index.js';
import { PasswordResolver, secretRefs, secretSourceFor } from '../../src/node/agent/passwords.js';
import { renderForNode } from '../../src/node/agent/render.js';
import { gatherBirdInput } from '../../src/node/bird/index.js';

let etcd: EtcdInstance;
let ds: EtcdDatastore;
let kv: EtcdIpamKV;

const create = (kind: string, name: string, spec: Record<string, unknown>) => {
  const def = lookupKind(kind);
  return ds.create(def, { apiVersion: 'projectcalico.org/v3', kind: def.kind, metadata: { name }, spec });
};

beforeAll(async () => {
  etcd = await startEtcd();
  const cfg = loadClientConfig({ env: { ETCD_ENDPOINTS: etcd.endpoint }, defaultConfigPath: '/nonexistent/calicoctl.cfg' });
  ds = await openEtcdDatastore(cfg);
  kv = new EtcdIpamKV(ds);
  await create('bgpconfiguration', 'default', { nodeToNodeMeshEnabled: true, nodeMeshPassword: { secretKeyRef: { name: 'bgp', key: 'mesh' } } });
  await create('bgppeer', 'tor', { peerIP: '10.0.1.99', asNumber: 65010, password: { secretKeyRef: { name: 'bgp', key: 'tor' } } });
  await create('bgppeer', 'plain', { peerIP: '10.0.1.98', asNumber: 65011 });
  await create('node', 'node1', { bgp: { ipv4Address: '10.0.1.1/24' } });
  await create('node', 'node2', { bgp: { ipv4Address: '10.0.1.2/24' } });
}, 60_000);

afterAll(async () => {
  await ds?.close();
  await etcd?.stop();
});

describe('BGP passwords on etcd', () => {
  it('finds the references: BGPPeers by name, then the mesh password', async () => {
    const input = await gatherBirdInput(ds, kv, 'node1');
    expect(secretRefs(input)).toEqual([
      { name: 'bgp', key: 'tor', user: 'BGPPeer tor' },
      { name: 'bgp', key: 'mesh', user: 'BGPConfiguration nodeMeshPassword' },
    ]);
    // With the mesh disabled its password is not wanted.
    expect(secretRefs({ ...input, bgpConfig: { ...input.bgpConfig, nodeToNodeMeshEnabled: false } }).map((r) => r.user)).toEqual(['BGPPeer tor']);
  });

  it('has no Secret source; renders the sessions without passwords and logs each reference once', async () => {
    expect(secretSourceFor(ds)).toBeUndefined();
    const lines: string[] = [];
    const passwords = new PasswordResolver(secretSourceFor(ds), (l) => lines.push(l));
    expect(await passwords.watch(() => {})).toBeUndefined();
    const out = await renderForNode(ds, kv, 'node1', { passwords });
    const cfg = out.files['bird.cfg']!;
    expect(cfg).toContain('protocol bgp Global_10_0_1_99 ');
    expect(cfg).toContain('protocol bgp Mesh_10_0_1_2 ');
    expect(cfg).not.toContain('password');
    expect(lines).toEqual([
      'BGPPeer tor: password from Secret bgp (key tor) not read: Secrets exist only on the Kubernetes datastore; rendering the session(s) without a password',
      'BGPConfiguration nodeMeshPassword: password from Secret bgp (key mesh) not read: Secrets exist only on the Kubernetes datastore; rendering the session(s) without a password',
    ]);
    await renderForNode(ds, kv, 'node1', { passwords });
    expect(lines).toHaveLength(2);
    expect(passwords.wanted('bgp')).toBe(true);
    expect(passwords.wanted('other')).toBe(false);
  });
});
