/**
 * @kubernetes/client-node (what src/datastore/kube uses) against the stand-in: its kubeconfig
 * loads, CRUD errors surface with their HTTP codes, and its Watch reads the event stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as k8s from '@kubernetes/client-node';
import { startKubeApiServer, type KubeApiServer } from './index.mjs';

const G = { group: 'crd.projectcalico.org', version: 'v1', plural: 'ippools' };
const pool = (name: string) => ({ apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name }, spec: { cidr: '10.0.0.0/16' } });

describe('@kubernetes/client-node', () => {
  let srv: KubeApiServer;
  let kc: k8s.KubeConfig;
  beforeAll(async () => {
    srv = await startKubeApiServer({ token: 'tok' });
    kc = new k8s.KubeConfig();
    kc.loadFromFile(srv.kubeconfigPath);
  });
  afterAll(async () => srv?.stop());

  it('creates, conflicts, lists, watches and deletes custom objects', async () => {
    const co = kc.makeApiClient(k8s.CustomObjectsApi);
    const created: any = await co.createClusterCustomObject({ ...G, body: pool('p') });
    await expect(co.createClusterCustomObject({ ...G, body: pool('p') })).rejects.toMatchObject({ code: 409 });
    const list: any = await co.listClusterCustomObject(G);
    expect(list.items.map((i: any) => i.metadata.name)).toEqual(['p']);

    const events: string[] = [];
    const w = new k8s.Watch(kc);
    const ctl = await w.watch(`/apis/${G.group}/${G.version}/${G.plural}`, { resourceVersion: created.metadata.resourceVersion },
      (type, obj) => events.push(`${type} ${obj.metadata.name} ${obj.spec.disabled ?? ''}`), () => undefined);
    await co.patchClusterCustomObject({ ...G, name: 'p', body: { spec: { disabled: true } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    await co.deleteClusterCustomObject({ ...G, name: 'p' });
    for (let i = 0; i < 50 && events.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    ctl.abort();
    expect(events).toEqual(['MODIFIED p true', 'DELETED p true']);
    await expect(co.getClusterCustomObject({ ...G, name: 'p' })).rejects.toMatchObject({ code: 404 });
  });

  it('reads core namespaces', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const ns = await core.readNamespace({ name: 'default' });
    expect(ns.status?.phase).toBe('Active');
  });
});
