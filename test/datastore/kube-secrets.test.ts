// Secrets for BGP passwords on the Kubernetes datastore, against the API-server stand-in:
// decoding, a missing Secret/namespace, the namespace choice, and the watch on the namespace's Secrets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeDatastore } from '../../src/datastore/kube/kube.js';
import { DEFAULT_SECRETS_NAMESPACE, KubeSecrets, secretsNamespace } from '../../src/datastore/kube/secrets.js';
import type { WatchEvent } from '../../src/datastore/types.js';
import { createNamespaces, haveStandIn, openKube, raw, startStandIn, type StandIn } from './kube-helpers.js';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

async function until(what: string, fn: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('secretsNamespace', () => {
  it("is $NAMESPACE (calico-node's pod namespace), else kube-system", () => {
    expect(secretsNamespace({})).toBe('kube-system');
    expect(DEFAULT_SECRETS_NAMESPACE).toBe('kube-system');
    expect(secretsNamespace({ NAMESPACE: '' })).toBe('kube-system');
    expect(secretsNamespace({ NAMESPACE: 'calico-system' })).toBe('calico-system');
  });
});

describe.skipIf(!haveStandIn)('KubeSecrets against the API-server stand-in', () => {
  let server: StandIn;
  let ds: KubeDatastore;
  let secrets: KubeSecrets;
  const put = (name: string, data: Record<string, string>, method: 'POST' | 'PUT' = 'POST') =>
    raw(server, method, `/api/v1/namespaces/calico-system/secrets${method === 'PUT' ? `/${name}` : ''}`, {
      apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'calico-system' }, type: 'Opaque', data,
    });

  beforeAll(async () => {
    server = await startStandIn();
    await createNamespaces(server, ['calico-system']);
    ds = (await openKube({ KUBECONFIG: server.kubeconfigPath })) as KubeDatastore;
    secrets = new KubeSecrets(ds.http, ds.endpoint, 'calico-system');
  });
  afterAll(async () => {
    await ds?.close();
    await server?.stop();
  });

  it('reads a Secret with its data base64-decoded (UTF-8)', async () => {
    expect((await put('bgp', { pw: b64('very-secret'), other: b64('pässwort €') })).status).toBe(201);
    expect(await secrets.get('bgp')).toEqual({ pw: 'very-secret', other: 'pässwort €' });
  });

  it('a Secret without data reads as {}; a missing one, or one in a missing namespace, as undefined', async () => {
    expect((await raw(server, 'POST', '/api/v1/namespaces/calico-system/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'empty' } })).status).toBe(201);
    expect(await secrets.get('empty')).toEqual({});
    expect(await secrets.get('nope')).toBeUndefined();
    expect(await new KubeSecrets(ds.http, ds.endpoint, 'no-such-ns').get('bgp')).toBeUndefined();
  });

  it('only reads its own namespace', async () => {
    expect(await new KubeSecrets(ds.http, ds.endpoint, 'kube-system').get('bgp')).toBeUndefined();
  });

  it('watch: events for wanted Secrets only, in its namespace, on create, update and delete', async () => {
    const events: WatchEvent[] = [];
    const wanted = new Set(['bgp']);
    const w = await secrets.watch((n) => wanted.has(n), (ev) => events.push(ev));
    try {
      expect((await put('unrelated', { x: b64('1') })).status).toBe(201);
      expect((await raw(server, 'POST', '/api/v1/namespaces/kube-system/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'bgp' }, data: { pw: b64('x') } })).status).toBe(201);
      expect((await put('bgp', { pw: b64('changed') }, 'PUT')).status).toBe(200);
      await until('the update event', () => events.length >= 1, 2000);
      expect(events).toEqual([{ type: 'put', kind: 'Secret', name: 'bgp', namespace: 'calico-system' }]);
      expect(await secrets.get('bgp')).toEqual({ pw: 'changed' });

      wanted.add('later');
      expect((await put('later', { pw: b64('p') })).status).toBe(201);
      expect((await raw(server, 'DELETE', '/api/v1/namespaces/calico-system/secrets/bgp')).status).toBe(200);
      await until('create + delete events', () => events.length >= 3, 2000);
      expect(events.slice(1)).toEqual([
        { type: 'put', kind: 'Secret', name: 'later', namespace: 'calico-system' },
        { type: 'delete', kind: 'Secret', name: 'bgp', namespace: 'calico-system' },
      ]);
    } finally {
      await w.close();
    }
  });
});
