/**
 * The Kubernetes datastore against the API-server stand-in: the shared contract suite
 * (unchanged), then what is specific to KDD: the stored CR shape, Nodes and Profiles backed by
 * core objects, conflicts, auth and an unreachable server.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Datastore } from '../../src/datastore/types.js';
import { ConflictError, DatastoreUnavailableError, NotFoundError, OperationNotSupportedError, ValidationError } from '../../src/errors.js';
import { datastoreContract, gnp, gns } from './contract.js';
import { GlobalNetworkPolicy, GlobalNetworkSet, IPPool, Profile } from './kinds.js';
import { createNamespaces, haveStandIn, openKube, raw, startStandIn, type StandIn } from './kube-helpers.js';
import type { KindDefinition } from '../../src/resources/types.js';

const CONTRACT_NAMESPACES = ['ns1', 'ns2', 'ns10', 'prod', 'empty'];
const Node = { ...GlobalNetworkSet, kind: 'Node', plural: 'nodes' } as KindDefinition;

async function rejects(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe.skipIf(!haveStandIn)('Kubernetes datastore (stand-in API server)', () => {
  let server: StandIn;
  beforeAll(async () => {
    server = await startStandIn();
  });
  afterAll(async () => {
    await server?.stop();
  });

  datastoreContract('kubernetes', async () => ({
    ds: await openKube({ KUBECONFIG: server.kubeconfigPath }),
    wipe: async () => {
      await server.reset();
      await createNamespaces(server, CONTRACT_NAMESPACES);
    },
  }));

  describe('kubernetes specifics', () => {
    let ds: Datastore;
    beforeAll(async () => {
      ds = await openKube({ KUBECONFIG: server.kubeconfigPath });
      expect(ds.type).toBe('kubernetes');
      expect(ds.endpoint).toBe(server.url);
    });
    afterAll(async () => {
      await ds?.close();
    });
    beforeEach(() => server.reset());

    it('stores crd.projectcalico.org/v1 objects with the v3 metadata in the annotation', async () => {
      const created = await ds.create(GlobalNetworkPolicy, gnp('allow', {
        uid: '01020304-0506-4708-8a0b-0c0d0e0f1011',
        creationTimestamp: '2024-01-02T03:04:05Z',
        labels: { app: 'db', 'projectcalico.org/tier': 'default' },
      }));
      const cr = (await raw(server, 'GET', '/apis/crd.projectcalico.org/v1/globalnetworkpolicies/allow')).body;
      expect(cr.apiVersion).toBe('crd.projectcalico.org/v1');
      expect(cr.kind).toBe('GlobalNetworkPolicy');
      expect(cr.spec).toMatchObject({ tier: 'default', order: 10, selector: "role == 'db'" });
      expect(cr.metadata.labels).toEqual({ 'projectcalico.org/tier': 'default' });
      expect(JSON.parse(cr.metadata.annotations['projectcalico.org/metadata'])).toEqual({
        name: 'allow',
        creationTimestamp: '2024-01-02T03:04:05Z',
        labels: { app: 'db', 'projectcalico.org/tier': 'default' },
      });
      // The server assigns the CR uid; the v3 view is its translation; resourceVersion passes through.
      expect(created.metadata.resourceVersion).toBe(cr.metadata.resourceVersion);
      expect(created.metadata.uid).not.toBe(cr.metadata.uid);
      expect(created.metadata.creationTimestamp).toBe('2024-01-02T03:04:05Z');
      const got = await ds.get(GlobalNetworkPolicy, 'allow');
      expect(got.metadata.uid).toBe(created.metadata.uid);
      expect(got.metadata.labels).toEqual({ app: 'db', 'projectcalico.org/tier': 'default' });
    });

    it('reads CRs written by other tools (no annotation, legacy default. policy names)', async () => {
      const r = await raw(server, 'POST', '/apis/crd.projectcalico.org/v1/globalnetworkpolicies', {
        apiVersion: 'crd.projectcalico.org/v1', kind: 'GlobalNetworkPolicy',
        metadata: { name: 'default.legacy', labels: { team: 'x' } }, spec: { tier: 'default', selector: 'all()' },
      });
      expect(r.status).toBe(201);
      const l = await ds.list(GlobalNetworkPolicy);
      expect(l.items.map((i) => i.metadata.name)).toEqual(['legacy']);
      expect(l.items[0]!.metadata.labels).toEqual({ team: 'x' });
    });

    it('a concurrent update surfaces as update conflict, with the server untouched', async () => {
      const v1 = await ds.create(GlobalNetworkSet, gns('c'));
      await ds.update(GlobalNetworkSet, { ...v1, spec: { nets: ['10.1.0.0/16'] } });
      const err = await rejects(ds.update(GlobalNetworkSet, { ...v1, spec: { nets: ['10.2.0.0/16'] } }));
      expect(err).toBeInstanceOf(ConflictError);
      expect(err.message).toBe('update conflict: GlobalNetworkSet(c)');
    });

    it('schema violations come back from the server as validation errors naming the field', async () => {
      const err = await rejects(ds.create(IPPool, {
        apiVersion: 'projectcalico.org/v3', kind: 'IPPool', metadata: { name: 'p' },
        spec: { cidr: '10.0.0.0/16', ipipMode: 'Sometimes' },
      }));
      expect(err).toBeInstanceOf(ValidationError);
      expect(err.message).toBe('error with field spec.ipipMode (supported values: "Never", "Always", "CrossSubnet")');
    });

    it('profiles are namespaces and service accounts plus the default-allow profile, read-only', async () => {
      await createNamespaces(server, ['team-a']);
      const list = await ds.list(Profile);
      const names = list.items.map((p) => p.metadata.name);
      expect(names).toContain('kns.team-a');
      expect(names).toContain('kns.default');
      expect(names[names.length - 1]).toBe('projectcalico-default-allow');
      const p = await ds.get(Profile, 'kns.team-a');
      expect(p.spec).toMatchObject({ labelsToApply: { 'pcns.projectcalico.org/name': 'team-a' }, ingress: [{ action: 'Allow' }] });
      expect(await rejects(ds.get(Profile, 'kns.absent'))).toBeInstanceOf(NotFoundError);
      expect(await rejects(ds.delete(Profile, 'kns.team-a'))).toBeInstanceOf(OperationNotSupportedError);
    });

    it('nodes are core v1 Nodes: Calico fields in projectcalico.org annotations', async () => {
      const created = await raw(server, 'POST', '/api/v1/nodes', {
        apiVersion: 'v1', kind: 'Node',
        metadata: { name: 'node-1', labels: { 'kubernetes.io/hostname': 'node-1' }, annotations: { 'projectcalico.org/IPv4Address': '10.0.0.5/24' } },
        spec: { podCIDRs: ['192.168.1.0/24'] },
      });
      expect(created.status).toBe(201);
      const n = await ds.get(Node, 'node-1');
      expect(n.spec).toMatchObject({ bgp: { ipv4Address: '10.0.0.5/24' }, orchRefs: [{ nodeName: 'node-1', orchestrator: 'k8s' }] });
      expect(n.metadata.labels).toEqual({ 'kubernetes.io/hostname': 'node-1' });
      const updated = await ds.update(Node, {
        ...n,
        metadata: { ...n.metadata, labels: { ...n.metadata.labels, rack: 'r1' } },
        spec: { ...n.spec, bgp: { ipv4Address: '10.0.0.6/24', asNumber: 65001 } },
      });
      expect(updated.spec).toMatchObject({ bgp: { ipv4Address: '10.0.0.6/24', asNumber: 65001 } });
      const core = (await raw(server, 'GET', '/api/v1/nodes/node-1')).body;
      expect(core.metadata.annotations['projectcalico.org/IPv4Address']).toBe('10.0.0.6/24');
      expect(core.metadata.annotations['projectcalico.org/ASNumber']).toBe('65001');
      expect(JSON.parse(core.metadata.annotations['projectcalico.org/labels'])).toEqual({ rack: 'r1' });
      expect(core.metadata.labels).toEqual({ 'kubernetes.io/hostname': 'node-1' });
      expect((await ds.list(Node)).items.map((i) => i.metadata.name)).toEqual(['node-1']);
      expect(await rejects(ds.delete(Node, 'node-1'))).toBeInstanceOf(OperationNotSupportedError);
    });
  });

  describe('authentication', () => {
    let secured: StandIn;
    let dir: string;
    beforeAll(async () => {
      secured = await startStandIn({ tls: true, token: 's3cret' });
      dir = mkdtempSync(join(tmpdir(), 'kube-auth-'));
    });
    afterAll(async () => {
      await secured?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('uses the kubeconfig token and CA over TLS; a wrong token fails in one line naming the server', async () => {
      const ok = await openKube({ KUBECONFIG: secured.kubeconfigPath });
      expect((await ok.list(GlobalNetworkSet)).items).toEqual([]);
      await ok.close();
      const bad = await openKube({ KUBECONFIG: secured.kubeconfigPath, CALICO_K8SAPITOKEN: 'wrong' });
      const err = await rejects(bad.list(GlobalNetworkSet));
      await bad.close();
      expect(err).toBeInstanceOf(DatastoreUnavailableError);
      expect(err.message).toMatch(new RegExp(`^datastore ${secured.url.replace(/\./g, '\\.')} is unavailable: unauthorized \\(HTTP 401\\)`));
      expect(err.message).not.toContain('\n');
    });

    it('runs an exec credential plugin (through client-node) for users that have one', async () => {
      const plugin = join(dir, 'cred.mjs');
      writeFileSync(plugin, `process.stdout.write(JSON.stringify({apiVersion:'client.authentication.k8s.io/v1',kind:'ExecCredential',status:{token:'s3cret'}}));\n`);
      const kc = join(dir, 'exec.yaml');
      writeFileSync(kc, JSON.stringify({
        apiVersion: 'v1', kind: 'Config', 'current-context': 'x',
        clusters: [{ name: 'c', cluster: { server: secured.url, 'certificate-authority': secured.caFile } }],
        users: [{ name: 'u', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [plugin], interactiveMode: 'Never' } } }],
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      }));
      const ds = await openKube({ KUBECONFIG: kc });
      await ds.create(GlobalNetworkSet, gns('via-exec'));
      expect((await ds.get(GlobalNetworkSet, 'via-exec')).metadata.name).toBe('via-exec');
      await ds.close();
    });
  });

  it('an unreachable API server fails fast with one line naming it', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const ds = await openKube({ K8S_API_ENDPOINT: `https://127.0.0.1:${port}` });
    const t0 = Date.now();
    const err = await rejects(ds.list(GlobalNetworkSet));
    await ds.close();
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(err).toBeInstanceOf(DatastoreUnavailableError);
    expect(err.message).toBe(`datastore https://127.0.0.1:${port} is unavailable: connection refused`);
  });
});
