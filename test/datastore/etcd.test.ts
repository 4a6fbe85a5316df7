/**
 * The etcdv3 datastore against a real etcd: the shared contract plus etcd-specific checks made
 * with etcdctl (exact keys and stored JSON, data written by other Calico components, the
 * synthetic default-allow profile, raw KV helpers, throughput).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdInstance } from '../helpers/etcd.js';
import { loadClientConfig } from '../../src/datastore/config.js';
import { openDatastore } from '../../src/datastore/index.js';
import { EtcdDatastore } from '../../src/datastore/etcd/etcd.js';
import type { Datastore, WriteOp } from '../../src/datastore/types.js';
import type { Resource } from '../../src/resources/types.js';
import { AlreadyExistsError, NotFoundError, OperationNotSupportedError } from '../../src/errors.js';
import { datastoreContract, gnp, gns } from './contract.js';
import { BGPFilter, GlobalNetworkPolicy, GlobalNetworkSet, IPPool, NetworkPolicy, Profile } from './kinds.js';

const ROOT = '/calico/resources/v3/projectcalico.org';
let etcd: EtcdInstance;

async function open(): Promise<Datastore> {
  const cfg = loadClientConfig({ env: { ETCD_ENDPOINTS: etcd.endpoint }, defaultConfigPath: '/nonexistent/calicoctl.cfg' });
  return openDatastore(cfg);
}

beforeAll(async () => {
  etcd = await startEtcd();
});
afterAll(async () => {
  await etcd?.stop();
});

datastoreContract('etcdv3', async () => ({ ds: await open(), wipe: () => etcd.wipe() }));

function stored(key: string): string {
  return etcd.etcdctl(['get', key, '--print-value-only']).replace(/\n$/, '');
}

function modRevision(key: string): string {
  const out = JSON.parse(etcd.etcdctl(['get', key, '-w', 'json'])) as { kvs?: Array<{ mod_revision: number }> };
  return String(out.kvs?.[0]?.mod_revision);
}

function keys(): string[] {
  return etcd.etcdctl(['get', '--prefix', '/calico', '--keys-only']).split('\n').filter((l) => l !== '');
}

async function rejects(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('etcdv3 datastore specifics', () => {
  let ds: EtcdDatastore;
  beforeAll(async () => {
    const d = await open();
    expect(d).toBeInstanceOf(EtcdDatastore);
    ds = d as EtcdDatastore;
    expect(ds.type).toBe('etcdv3');
    expect(ds.endpoint).toBe(etcd.endpoint);
  });
  afterAll(async () => {
    await ds?.close();
  });
  beforeEach(() => etcd.wipe());

  it('stores the whole object at the v3 key, in Go field order, without resourceVersion/selfLink', async () => {
    const input: Resource = {
      apiVersion: 'projectcalico.org/v3',
      kind: 'GlobalNetworkSet',
      metadata: {
        labels: { a: 'b' },
        creationTimestamp: '2024-01-02T03:04:05Z',
        uid: '3f1c1f4e-0000-4000-8000-000000000001',
        name: 'nets-1',
      },
      spec: { nets: ['10.0.0.0/24'] },
    };
    const created = await ds.create(GlobalNetworkSet, input);
    expect(keys()).toEqual([`${ROOT}/globalnetworksets/nets-1`]);
    const expected =
      '{"kind":"GlobalNetworkSet","apiVersion":"projectcalico.org/v3","metadata":{"name":"nets-1",' +
      '"uid":"3f1c1f4e-0000-4000-8000-000000000001","creationTimestamp":"2024-01-02T03:04:05Z","labels":{"a":"b"}},' +
      '"spec":{"nets":["10.0.0.0/24"]}}';
    expect(stored(`${ROOT}/globalnetworksets/nets-1`)).toBe(expected);
    expect(created.metadata.resourceVersion).toBe(modRevision(`${ROOT}/globalnetworksets/nets-1`));
    // The input object is not modified.
    expect(input.metadata.resourceVersion).toBeUndefined();

    const updated = await ds.update(GlobalNetworkSet, {
      ...created,
      apiVersion: 'projectcalico.org/v1' as string,
      metadata: { ...created.metadata, selfLink: '/apis/x' },
    });
    const value = stored(`${ROOT}/globalnetworksets/nets-1`);
    expect(value).toBe(expected);
    expect(value).not.toContain('resourceVersion');
    expect(value).not.toContain('selfLink');
    expect(updated.metadata.resourceVersion).toBe(modRevision(`${ROOT}/globalnetworksets/nets-1`));
    expect(updated.metadata.selfLink).toBeUndefined();
    expect(updated.apiVersion).toBe('projectcalico.org/v3');
  });

  it('uses the lower-case plural, and namespace/name for namespaced kinds', async () => {
    await ds.create(BGPFilter, { apiVersion: 'projectcalico.org/v3', kind: 'BGPFilter', metadata: { name: 'f1' }, spec: {} });
    await ds.create(NetworkPolicy, {
      apiVersion: 'projectcalico.org/v3',
      kind: 'NetworkPolicy',
      metadata: { name: 'p1', namespace: 'team-a' },
      spec: { selector: 'all()' },
    });
    expect(keys()).toEqual([`${ROOT}/bgpfilters/f1`, `${ROOT}/networkpolicies/team-a/p1`]);
    expect(stored(`${ROOT}/bgpfilters/f1`)).toBe('{"kind":"BGPFilter","apiVersion":"projectcalico.org/v3","metadata":{"name":"f1"},"spec":{}}');
  });

  it('stores the projectcalico.org/metadata annotation on policies and hides it on read', async () => {
    await ds.create(GlobalNetworkPolicy, gnp('allow-dns', { annotations: { note: 'x' } }));
    expect(stored(`${ROOT}/globalnetworkpolicies/allow-dns`)).toBe(
      '{"kind":"GlobalNetworkPolicy","apiVersion":"projectcalico.org/v3","metadata":{"name":"allow-dns",' +
        '"annotations":{"note":"x","projectcalico.org/metadata":"{\\"name\\":\\"allow-dns\\"}"}},' +
        `"spec":{"tier":"default","order":10,"selector":"role == 'db'","types":["Ingress"]}}`,
    );
    await ds.create(NetworkPolicy, {
      apiVersion: 'projectcalico.org/v3',
      kind: 'NetworkPolicy',
      metadata: { name: 'np1', namespace: 'ns' },
      spec: {},
    });
    expect(stored(`${ROOT}/networkpolicies/ns/np1`)).toBe(
      '{"kind":"NetworkPolicy","apiVersion":"projectcalico.org/v3","metadata":{"name":"np1","namespace":"ns",' +
        '"annotations":{"projectcalico.org/metadata":"{\\"name\\":\\"np1\\"}"}},"spec":{}}',
    );
    const got = await ds.get(GlobalNetworkPolicy, 'allow-dns');
    expect(got.metadata.annotations).toEqual({ note: 'x' });
    const np1 = await ds.get(NetworkPolicy, 'np1', 'ns');
    expect(np1.metadata.annotations).toBeUndefined();
    const deleted = await ds.delete(NetworkPolicy, 'np1', 'ns');
    expect(deleted.metadata.annotations).toBeUndefined();
  });

  it('reads v3.31-style tiered policy keys (default. prefix) as Calico v3.32 does', async () => {
    const put = (name: string, value: object): void => void etcd.etcdctl(['put', `${ROOT}/globalnetworkpolicies/${name}`, JSON.stringify(value)]);
    // Default tier, no annotation: the `default.` prefix is stripped.
    put('default.foo', { kind: 'GlobalNetworkPolicy', apiVersion: 'projectcalico.org/v3', metadata: { name: 'default.foo' }, spec: { tier: 'default', selector: 'all()' } });
    // No tier at all counts as default.
    put('default.notier', { kind: 'GlobalNetworkPolicy', apiVersion: 'projectcalico.org/v3', metadata: { name: 'default.notier' }, spec: { selector: 'all()' } });
    // Non-default tier: the name is kept.
    put('sec.bar', { kind: 'GlobalNetworkPolicy', apiVersion: 'projectcalico.org/v3', metadata: { name: 'sec.bar' }, spec: { tier: 'sec' } });
    // The annotation wins (a v3.31 user who wrote the v3 name "default.baz").
    put('default.baz', {
      kind: 'GlobalNetworkPolicy',
      apiVersion: 'projectcalico.org/v3',
      metadata: { name: 'default.baz', annotations: { 'projectcalico.org/metadata': '{"name":"default.baz","creationTimestamp":null}' } },
      spec: { tier: 'default' },
    });
    const l = await ds.list(GlobalNetworkPolicy);
    expect(l.items.map((r) => r.metadata.name)).toEqual(['default.baz', 'foo', 'notier', 'sec.bar']);
    for (const r of l.items) expect(r.metadata.annotations).toBeUndefined();
    const foo = l.items[1]!;
    expect(foo.metadata.resourceVersion).toBe(modRevision(`${ROOT}/globalnetworkpolicies/default.foo`));
    // get by key name still works for the old key
    expect((await ds.get(GlobalNetworkPolicy, 'default.foo')).metadata.name).toBe('foo');
  });

  it('reads and updates objects written by other Calico components', async () => {
    const key = `${ROOT}/ippools/default-ipv4-ippool`;
    const value =
      '{"kind":"IPPool","apiVersion":"projectcalico.org/v3","metadata":{"name":"default-ipv4-ippool",' +
      '"uid":"0b0e5d0e-7f3a-4a7e-9a77-0c1b3d6a2f11","creationTimestamp":"2023-05-01T10:00:00Z"},' +
      '"spec":{"cidr":"192.168.0.0/16","vxlanMode":"Never","ipipMode":"Always","natOutgoing":true,' +
      '"blockSize":26,"nodeSelector":"all()","allowedUses":["Workload","Tunnel"]}}';
    etcd.etcdctl(['put', key, value]);
    const rev = modRevision(key);
    const got = await ds.get(IPPool, 'default-ipv4-ippool');
    expect(got).toEqual({
      kind: 'IPPool',
      apiVersion: 'projectcalico.org/v3',
      metadata: {
        name: 'default-ipv4-ippool',
        uid: '0b0e5d0e-7f3a-4a7e-9a77-0c1b3d6a2f11',
        resourceVersion: rev,
        creationTimestamp: '2023-05-01T10:00:00Z',
      },
      spec: {
        cidr: '192.168.0.0/16', vxlanMode: 'Never', ipipMode: 'Always', natOutgoing: true,
        blockSize: 26, nodeSelector: 'all()', allowedUses: ['Workload', 'Tunnel'],
      },
    });
    const upd = await ds.update(IPPool, { ...got, spec: { ...got.spec, natOutgoing: false } });
    expect(JSON.parse(stored(key)).spec.natOutgoing).toBe(false);
    expect(upd.metadata.resourceVersion).toBe(modRevision(key));
    // Written elsewhere in between: our stale update is a conflict.
    etcd.etcdctl(['put', key, value]);
    const err = await rejects(ds.update(IPPool, upd));
    expect(err.message).toBe('update conflict: IPPool(default-ipv4-ippool)');
    const del = await ds.delete(IPPool, 'default-ipv4-ippool');
    expect(del.spec).toMatchObject({ natOutgoing: true });
    expect(keys()).toEqual([]);
  });

  it('skips keys and values it cannot parse when listing', async () => {
    etcd.etcdctl(['put', `${ROOT}/globalnetworksets/ok`, JSON.stringify(gns('ok'))]);
    etcd.etcdctl(['put', `${ROOT}/globalnetworksets/bad-json`, '{not json']);
    etcd.etcdctl(['put', `${ROOT}/globalnetworksets/too/deep`, JSON.stringify(gns('deep'))]);
    etcd.etcdctl(['put', `${ROOT}/globalnetworksetsx/other`, JSON.stringify(gns('other'))]);
    const l = await ds.list(GlobalNetworkSet);
    expect(l.items.map((r) => r.metadata.name)).toEqual(['ok']);
    const err = await rejects(ds.get(GlobalNetworkSet, 'bad-json'));
    expect(err.message).toContain('bad-json');
    expect(err.message.split('\n')).toHaveLength(1);
  });

  it('uses etcd-style error details', async () => {
    await ds.create(GlobalNetworkSet, gns('a'));
    const e1 = await rejects(ds.create(GlobalNetworkSet, gns('a')));
    expect(e1.message).toBe('resource already exists: GlobalNetworkSet(a) with error: <nil>');
    const e2 = await rejects(ds.get(NetworkPolicy, 'x', 'ns'));
    expect(e2.message).toBe('resource does not exist: NetworkPolicy(ns/x) with error: <nil>');
    const e3 = await rejects(ds.update(GlobalNetworkSet, { ...gns('a'), metadata: { name: 'a', resourceVersion: 'abc' } }));
    expect(e3.message).toContain("ResourceVersion = 'abc'");
  });

  describe('the synthetic projectcalico-default-allow profile', () => {
    const expected = {
      kind: 'Profile',
      apiVersion: 'projectcalico.org/v3',
      metadata: { name: 'projectcalico-default-allow', resourceVersion: '1' },
      spec: { ingress: [{ action: 'Allow' }], egress: [{ action: 'Allow' }] },
    };

    it('get returns it, list appends it, getMany finds it; nothing is stored', async () => {
      expect(await ds.get(Profile, 'projectcalico-default-allow')).toEqual(expected);
      expect((await ds.list(Profile)).items).toEqual([expected]);
      await ds.create(Profile, { apiVersion: 'projectcalico.org/v3', kind: 'Profile', metadata: { name: 'kns.default' }, spec: {} });
      const names = (await ds.list(Profile)).items.map((r) => r.metadata.name);
      expect(names).toEqual(['kns.default', 'projectcalico-default-allow']);
      const many = await ds.getMany([{ kind: Profile, name: 'projectcalico-default-allow' }, { kind: Profile, name: 'nope' }]);
      expect(many).toEqual([expected, undefined]);
      expect(keys()).toEqual([`${ROOT}/profiles/kns.default`]);
    });

    it('create reports already exists; update and delete are refused', async () => {
      const c = await rejects(ds.create(Profile, { apiVersion: 'projectcalico.org/v3', kind: 'Profile', metadata: { name: 'projectcalico-default-allow' }, spec: {} }));
      expect(c).toBeInstanceOf(AlreadyExistsError);
      expect(c.message).toBe(
        'resource already exists: projectcalico-default-allow with error: projectcalico-default-allow already exists. The profile "projectcalico-default-allow" is default provided by Calico',
      );
      const u = await rejects(ds.update(Profile, expected));
      expect(u).toBeInstanceOf(OperationNotSupportedError);
      expect(u.message).toBe(
        'operation Update is not supported on projectcalico-default-allow: The profile "projectcalico-default-allow" is a default provided by Calico and cannot be updated',
      );
      const d = await rejects(ds.delete(Profile, 'projectcalico-default-allow'));
      expect(d).toBeInstanceOf(OperationNotSupportedError);
      expect(d.message).toBe(
        'operation Delete is not supported on projectcalico-default-allow: The profile "projectcalico-default-allow" is a default provided by Calico and cannot be deleted',
      );
      expect(keys()).toEqual([]);
      // The same in a batch.
      const out = await ds.writeMany([
        { op: 'delete', kind: Profile, name: 'projectcalico-default-allow' },
        { op: 'create', kind: Profile, object: { apiVersion: 'projectcalico.org/v3', kind: 'Profile', metadata: { name: 'p2' }, spec: {} } },
      ]);
      expect(out.map((o) => (o.ok ? 'ok' : o.error.constructor.name))).toEqual(['OperationNotSupportedError', 'ok']);
    });
  });

  it('raw KV helpers read, CAS-write, list and delete arbitrary keys', async () => {
    const key = '/calico/ipam/v2/handle/k8s-pod-network.abc';
    expect(await ds.getRaw(key)).toBeUndefined();
    const r1 = await ds.putRaw(key, '{"block":{"10.0.0.0/26":1},"deleted":false}', { modRevision: '0' });
    expect(r1).toMatch(/^\d+$/);
    expect(await ds.putRaw(key, '{}', { modRevision: '0' })).toBeUndefined();
    const got = await ds.getRaw(key);
    expect(got?.value.toString()).toBe('{"block":{"10.0.0.0/26":1},"deleted":false}');
    expect(got?.modRevision).toBe(r1);
    expect(stored(key)).toBe('{"block":{"10.0.0.0/26":1},"deleted":false}');
    const r2 = await ds.putRaw(key, '{"block":{},"deleted":false}', { modRevision: r1 });
    expect(r2).toMatch(/^\d+$/);
    expect(await ds.putRaw(key, 'x', { modRevision: r1 })).toBeUndefined();
    await ds.putRaw('/calico/ipam/v2/handle/k8s-pod-network.abd', '{}');
    const l = await ds.listRaw('/calico/ipam/v2/handle/');
    expect(l.items.map((i) => i.key)).toEqual([key, '/calico/ipam/v2/handle/k8s-pod-network.abd']);
    expect(await ds.deleteRaw(key, { modRevision: r1 })).toBe(false);
    expect(await ds.deleteRaw(key, { modRevision: r2 })).toBe(true);
    expect(await ds.deleteRaw(key)).toBe(false);
  });

  it('fails single ops that etcd refuses without failing the rest of a batch', async () => {
    const big = gns('huge', {}, Array.from({ length: 100_000 }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.0/24`));
    const out = await ds.writeMany([
      { op: 'create', kind: GlobalNetworkSet, object: gns('small-1') },
      { op: 'create', kind: GlobalNetworkSet, object: big },
      { op: 'create', kind: GlobalNetworkSet, object: gns('small-2') },
    ]);
    expect(out[0]!.ok).toBe(true);
    expect(out[2]!.ok).toBe(true);
    expect(out[1]!.ok).toBe(false);
    const msg = !out[1]!.ok ? out[1]!.error.message : '';
    expect(msg).toMatch(/too large|larger than max/);
    expect(msg.split('\n')).toHaveLength(1);
    await expect(ds.get(GlobalNetworkSet, 'huge')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('applies 10,000 policies with writeMany quickly', async () => {
    const N = 10_000;
    const ops: WriteOp[] = Array.from({ length: N }, (_, i) => ({
      op: 'create',
      kind: GlobalNetworkPolicy,
      object: {
        apiVersion: 'projectcalico.org/v3',
        kind: 'GlobalNetworkPolicy',
        metadata: { name: `policy-${i}`, labels: { team: `t${i % 10}` } },
        spec: {
          tier: 'default',
          order: i,
          selector: `app == 'svc-${i}'`,
          types: ['Ingress'],
          ingress: [{ action: 'Allow', protocol: 'TCP', destination: { ports: [80, 443] } }],
        },
      },
    }));
    const t0 = performance.now();
    const out = await ds.writeMany(ops);
    const ms = performance.now() - t0;
    const rate = Math.round((N / ms) * 1000);
    console.log(`writeMany: ${N} policies in ${ms.toFixed(0)} ms = ${rate} resources/s`);
    expect(out.every((o) => o.ok)).toBe(true);
    const t1 = performance.now();
    const l = await ds.list(GlobalNetworkPolicy);
    console.log(`list: ${l.items.length} policies in ${(performance.now() - t1).toFixed(0)} ms`);
    expect(l.items).toHaveLength(N);
    // The goal is ≥ 10,000/s on an idle machine; leave headroom for a loaded CI box.
    expect(rate).toBeGreaterThan(3000);
  });
});
