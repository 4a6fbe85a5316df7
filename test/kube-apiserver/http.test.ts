/**
 * The stand-in's REST behaviour as a client sees it: object lifecycle, the exact Status bodies
 * of 404/409/422, namespaces, preconditions, subresources, patches and discovery.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startKubeApiServer, type KubeApiServer } from './index.mjs';
import { client, ippool, POOLS, type Request } from './client.js';

let srv: KubeApiServer;
let req: Request;

beforeAll(async () => {
  srv = await startKubeApiServer();
  req = client(srv);
});
afterAll(async () => srv?.stop());
beforeEach(async () => srv.reset());

const NETSETS = (ns: string) => `/apis/crd.projectcalico.org/v1/namespaces/${ns}/networksets`;

describe('custom resource lifecycle', () => {
  it('creates with server-set uid, creationTimestamp, generation and resourceVersion', async () => {
    const r = await req('POST', POOLS, ippool('p1'));
    expect(r.status).toBe(201);
    const m = r.body.metadata;
    expect(m.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(m.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(m.generation).toBe(1);
    expect(Number(m.resourceVersion)).toBeGreaterThan(0);
    const got = await req('GET', `${POOLS}/p1`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { uid: m.uid } });
  });

  it('bumps the global resourceVersion on every write and generation on spec changes only', async () => {
    const a = (await req('POST', POOLS, ippool('p1'))).body;
    const b = (await req('POST', POOLS, ippool('p2', { cidr: '10.2.0.0/16' }))).body;
    expect(Number(b.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
    const labelled = await req('PUT', `${POOLS}/p1`, { ...a, metadata: { ...a.metadata, labels: { x: 'y' } } });
    expect(labelled.status).toBe(200);
    expect(labelled.body.metadata.generation).toBe(1);
    expect(Number(labelled.body.metadata.resourceVersion)).toBeGreaterThan(Number(b.metadata.resourceVersion));
    const respec = await req('PUT', `${POOLS}/p1`, { ...labelled.body, spec: { ...labelled.body.spec, natOutgoing: true } });
    expect(respec.body.metadata.generation).toBe(2);
    expect(respec.body.metadata.uid).toBe(a.metadata.uid);
  });

  it('answers a missing object with the real NotFound Status', async () => {
    const r = await req('GET', `${POOLS}/nope`);
    expect(r.status).toBe(404);
    expect(r.body).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'ippools.crd.projectcalico.org "nope" not found', reason: 'NotFound',
      details: { name: 'nope', group: 'crd.projectcalico.org', kind: 'ippools' }, code: 404,
    });
    expect((await req('DELETE', `${POOLS}/nope`)).status).toBe(404);
    expect((await req('PUT', `${POOLS}/nope`, { ...ippool('nope'), metadata: { name: 'nope', resourceVersion: '5' } })).status).toBe(404);
  });

  it('refuses to create an existing name with AlreadyExists', async () => {
    await req('POST', POOLS, ippool('p1'));
    const r = await req('POST', POOLS, ippool('p1'));
    expect(r.status).toBe(409);
    expect(r.body).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'ippools.crd.projectcalico.org "p1" already exists', reason: 'AlreadyExists',
      details: { name: 'p1', group: 'crd.projectcalico.org', kind: 'ippools' }, code: 409,
    });
  });

  it('rejects a PUT with a stale resourceVersion with Conflict, and one without any', async () => {
    const a = (await req('POST', POOLS, ippool('p1'))).body;
    const fresh = await req('PUT', `${POOLS}/p1`, { ...a, spec: { cidr: '10.0.0.0/16', disabled: true } });
    expect(fresh.status).toBe(200);
    const stale = await req('PUT', `${POOLS}/p1`, { ...a, spec: { cidr: '10.0.0.0/16', natOutgoing: true } });
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'Operation cannot be fulfilled on ippools.crd.projectcalico.org "p1": the object has been modified; please apply your changes to the latest version and try again',
      reason: 'Conflict', details: { name: 'p1', group: 'crd.projectcalico.org', kind: 'ippools' }, code: 409,
    });
    const noRv = await req('PUT', `${POOLS}/p1`, ippool('p1'));
    expect(noRv.status).toBe(422);
    expect(noRv.body.message).toBe('IPPool.crd.projectcalico.org "p1" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update');
  });

  it('treats a different metadata.uid on update as a failed precondition', async () => {
    const a = (await req('POST', POOLS, ippool('p1'))).body;
    const r = await req('PUT', `${POOLS}/p1`, { ...a, metadata: { ...a.metadata, uid: '22222222-2222-4222-8222-222222222222' } });
    expect(r.status).toBe(409);
    expect(r.body.message).toBe(`Operation cannot be fulfilled on ippools.crd.projectcalico.org "p1": Precondition failed: UID in precondition: 22222222-2222-4222-8222-222222222222, UID in object meta: ${a.metadata.uid}`);
  });

  it('generates a name from generateName', async () => {
    const r = await req('POST', POOLS, { ...ippool(''), metadata: { generateName: 'pool-' } });
    expect(r.status).toBe(201);
    expect(r.body.metadata.name).toMatch(/^pool-[a-z0-9]{5}$/);
  });

  it('deletes with a UID precondition, and reports a mismatch as Conflict', async () => {
    const a = (await req('POST', POOLS, ippool('p1'))).body;
    const wrong = await req('DELETE', `${POOLS}/p1`, { preconditions: { uid: '11111111-1111-4111-8111-111111111111' } });
    expect(wrong.status).toBe(409);
    expect(wrong.body.message).toBe(`Operation cannot be fulfilled on ippools.crd.projectcalico.org "p1": Precondition failed: UID in precondition: 11111111-1111-4111-8111-111111111111, UID in object meta: ${a.metadata.uid}`);
    const ok = await req('DELETE', `${POOLS}/p1`, { preconditions: { uid: a.metadata.uid } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'p1', kind: 'ippools', uid: a.metadata.uid } });
    expect((await req('GET', `${POOLS}/p1`)).status).toBe(404);
  });

  it('keeps an object with finalizers until the last finalizer is removed', async () => {
    await req('POST', POOLS, ippool('p1', { cidr: '10.0.0.0/16' }, { finalizers: ['example.com/hold'] }));
    const del = await req('DELETE', `${POOLS}/p1`);
    expect(del.status).toBe(200);
    expect(del.body.metadata.deletionTimestamp).toBeTruthy();
    const held = (await req('GET', `${POOLS}/p1`)).body;
    expect(held.metadata.deletionTimestamp).toBeTruthy();
    await req('PUT', `${POOLS}/p1`, { ...held, metadata: { ...held.metadata, finalizers: [] } });
    expect((await req('GET', `${POOLS}/p1`)).status).toBe(404);
  });
});

describe('status subresource of a custom resource', () => {
  it('drops status on create and update, and writes only status through /status', async () => {
    const cond = { type: 'Ready', status: 'True', reason: 'Ok', message: '', lastTransitionTime: '2026-01-01T00:00:00Z' };
    const body = { ...ippool('p1'), status: { conditions: [cond] } };
    const c = await req('POST', POOLS, body);
    expect(c.body.status).toBeUndefined();
    const bad = await req('PUT', `${POOLS}/p1/status`, { ...c.body, status: { conditions: [{ type: 'Ready' }] } });
    expect(bad.status).toBe(422);
    expect(bad.body.details.causes).toContainEqual({ reason: 'FieldValueRequired', message: 'Required value', field: 'status.conditions[0].reason' });
    const s = await req('PUT', `${POOLS}/p1/status`, { ...c.body, spec: { cidr: '10.9.0.0/16' }, status: { conditions: [cond] } });
    expect(s.status).toBe(200);
    expect(s.body.status).toEqual({ conditions: [cond] });
    expect(s.body.spec.cidr).toBe('10.0.0.0/16');
    expect(s.body.metadata.generation).toBe(1);
    const u = await req('PUT', `${POOLS}/p1`, { ...s.body, status: {} });
    expect(u.body.status).toEqual({ conditions: [cond] });
  });
});

describe('namespaces and scope', () => {
  it('requires the namespace of a namespaced object to exist', async () => {
    const body = { apiVersion: 'crd.projectcalico.org/v1', kind: 'NetworkSet', metadata: { name: 'ns1' }, spec: { nets: ['10.0.0.0/8'] } };
    const r = await req('POST', NETSETS('missing'), body);
    expect(r.status).toBe(404);
    expect(r.body).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'namespaces "missing" not found',
      reason: 'NotFound', details: { name: 'missing', kind: 'namespaces' }, code: 404,
    });
    expect((await req('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'missing' } })).status).toBe(201);
    const ok = await req('POST', NETSETS('missing'), body);
    expect(ok.status).toBe(201);
    expect(ok.body.metadata.namespace).toBe('missing');
  });

  it('lists namespaced objects per namespace and across namespaces; deleting a namespace deletes its objects', async () => {
    await req('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
    const ns = (n: string, name: string) => req('POST', NETSETS(n), { apiVersion: 'crd.projectcalico.org/v1', kind: 'NetworkSet', metadata: { name } });
    await ns('default', 'a');
    await ns('other', 'b');
    expect((await req('GET', NETSETS('default'))).body.items.map((i: any) => i.metadata.name)).toEqual(['a']);
    const all = (await req('GET', '/apis/crd.projectcalico.org/v1/networksets')).body.items;
    expect(all.map((i: any) => `${i.metadata.namespace}/${i.metadata.name}`)).toEqual(['default/a', 'other/b']);
    const del = await req('DELETE', '/api/v1/namespaces/other');
    expect(del.body.status.phase).toBe('Terminating');
    expect((await req('GET', `${NETSETS('other')}/b`)).status).toBe(404);
  });

  it('serves cluster-scoped kinds only without a namespace in the path', async () => {
    expect((await req('GET', '/apis/crd.projectcalico.org/v1/namespaces/default/ippools')).status).toBe(404);
    expect((await req('GET', '/apis/crd.projectcalico.org/v1/nosuchthings')).status).toBe(404);
  });
});

describe('core kinds', () => {
  it('stores Nodes and lets the status subresource change status and annotations but not spec', async () => {
    const n = await req('POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node1' }, spec: { podCIDR: '10.9.0.0/24' } });
    expect(n.status).toBe(201);
    expect(n.body.metadata.generation).toBeUndefined();
    const upd = {
      ...n.body, metadata: { ...n.body.metadata, annotations: { 'projectcalico.org/IPv4Address': '10.0.0.1/24' } },
      spec: { podCIDR: '10.8.0.0/24' }, status: { addresses: [{ type: 'InternalIP', address: '10.0.0.1' }] },
    };
    const r = await req('PUT', '/api/v1/nodes/node1/status', upd);
    expect(r.status).toBe(200);
    expect(r.body.spec.podCIDR).toBe('10.9.0.0/24');
    expect(r.body.status.addresses[0].address).toBe('10.0.0.1');
    expect(r.body.metadata.annotations['projectcalico.org/IPv4Address']).toBe('10.0.0.1/24');
    const list = (await req('GET', '/api/v1/nodes')).body;
    expect(list.kind).toBe('NodeList');
    expect(list.items[0].kind).toBeUndefined();
  });

  it('allows an unconditional PUT for core kinds and encodes Secret stringData', async () => {
    const s = await req('POST', '/api/v1/namespaces/default/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { k: 'v' } });
    expect(s.body).toMatchObject({ type: 'Opaque', data: { k: Buffer.from('v').toString('base64') } });
    expect(s.body.stringData).toBeUndefined();
    const put = await req('PUT', '/api/v1/namespaces/default/secrets/s', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: 'eA==' } });
    expect(put.status).toBe(200);
    expect(put.body.data.k).toBe('eA==');
  });
});

describe('patch', () => {
  it('applies merge patches and JSON patches; a resourceVersion in the patch is a precondition', async () => {
    const a = (await req('POST', POOLS, ippool('p1'))).body;
    const mp = await req('PATCH', `${POOLS}/p1`, { spec: { natOutgoing: true }, metadata: { labels: { a: 'b' } } }, { 'content-type': 'application/merge-patch+json' });
    expect(mp.status).toBe(200);
    expect(mp.body.spec).toMatchObject({ cidr: '10.0.0.0/16', natOutgoing: true });
    const jp = await req('PATCH', `${POOLS}/p1`, [{ op: 'replace', path: '/spec/natOutgoing', value: false }, { op: 'remove', path: '/metadata/labels/a' }],
      { 'content-type': 'application/json-patch+json' });
    expect(jp.body.spec.natOutgoing).toBe(false);
    expect(jp.body.metadata.labels).toEqual({});
    const stale = await req('PATCH', `${POOLS}/p1`, { metadata: { resourceVersion: a.metadata.resourceVersion }, spec: { disabled: true } },
      { 'content-type': 'application/merge-patch+json' });
    expect(stale.status).toBe(409);
    expect(stale.body.reason).toBe('Conflict');
  });

  it('refuses strategic merge patches on custom resources, as the real server does', async () => {
    await req('POST', POOLS, ippool('p1'));
    const r = await req('PATCH', `${POOLS}/p1`, { spec: { disabled: true } }, { 'content-type': 'application/strategic-merge-patch+json' });
    expect(r.status).toBe(415);
    expect(r.body.reason).toBe('UnsupportedMediaType');
  });
});

describe('discovery', () => {
  it('serves the group, its resources with scope and verbs, the CRDs and /version', async () => {
    const apis = (await req('GET', '/apis')).body;
    expect(apis.groups.map((g: any) => g.name)).toContain('crd.projectcalico.org');
    const rl = (await req('GET', '/apis/crd.projectcalico.org/v1')).body;
    const byName = new Map(rl.resources.map((r: any) => [r.name, r]));
    expect(byName.get('ippools')).toMatchObject({ kind: 'IPPool', namespaced: false, verbs: expect.arrayContaining(['watch', 'create', 'update']) });
    expect(byName.get('networkpolicies')).toMatchObject({ kind: 'NetworkPolicy', namespaced: true });
    expect(byName.get('ipamconfigs')).toMatchObject({ kind: 'IPAMConfig' });
    const core = (await req('GET', '/api/v1')).body.resources.map((r: any) => r.name);
    expect(core).toEqual(expect.arrayContaining(['nodes', 'namespaces', 'secrets', 'nodes/status']));
    const crds = (await req('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions')).body.items;
    expect(crds.map((c: any) => c.metadata.name)).toContain('ippools.crd.projectcalico.org');
    expect(crds.length).toBe(byName.size - rl.resources.filter((r: any) => r.name.includes('/')).length);
    expect((await req('GET', '/version')).body.major).toBe('1');
  });
});
