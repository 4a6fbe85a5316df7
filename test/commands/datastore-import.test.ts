// datastore migrate import: an etcd export (real etcd) imported into the Kubernetes API-server stand-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdInstance } from '../helpers/etcd.js';
import { etcdEnv, runCli } from '../helpers/cli.js';
import { createNamespaces, haveStandIn, raw, startStandIn, type StandIn } from '../datastore/kube-helpers.js';

const SEED = `apiVersion: projectcalico.org/v3
kind: IPPool
metadata: {name: pool4}
spec: {cidr: 10.65.0.0/24}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: allow-web, namespace: prod}
spec: {selector: app == 'web'}
---
apiVersion: projectcalico.org/v3
kind: Node
metadata: {name: node1}
spec:
  orchRefs: [{nodeName: k8s-node1, orchestrator: k8s}]
`;

describe.skipIf(!haveStandIn)('datastore migrate import', () => {
  let etcd: EtcdInstance;
  let server: StandIn;
  beforeAll(async () => {
    [etcd, server] = await Promise.all([startEtcd(), startStandIn()]);
  });
  afterAll(async () => Promise.all([etcd?.stop(), server?.stop()]));

  it('imports the resources of an etcd export, keeps the cluster GUID and stays locked', { timeout: 120_000 }, async () => {
    const fromEnv = etcdEnv(etcd.endpoint);
    expect((await runCli(['apply', '-f', '-'], { env: fromEnv, stdin: SEED })).code).toBe(0);
    await runCli(['datastore', 'migrate', 'lock'], { env: fromEnv });
    const exported = await runCli(['datastore', 'migrate', 'export'], { env: fromEnv });
    expect(exported.code).toBe(0);
    const guid = JSON.parse(exported.stdout.split('===\n')[1]!).spec.clusterGUID;

    await createNamespaces(server, ['prod']);
    const toEnv = { DATASTORE_TYPE: 'kubernetes', KUBECONFIG: server.kubeconfigPath };
    const r = await runCli(['datastore', 'migrate', 'import', '-f', '-'], { env: toEnv, stdin: exported.stdout });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^\[WARNING\] Attempted to import node k8s-node1 .*Skipping that node\./m);
    expect(r.stdout).toMatch(/^Successfully applied \d+ resource\(s\)$/m);
    expect(r.stdout.endsWith(
      'Importing IPAM resources\nno IPAM resources specified in file\n' +
        'Datastore information successfully imported. Please refer to the datastore migration documentation for next steps.\n',
    )).toBe(true);

    const crd = (path: string) => raw(server, 'GET', `/apis/crd.projectcalico.org/v1/${path}`);
    expect((await crd('ippools/pool4')).body.spec.cidr).toBe('10.65.0.0/24');
    expect((await crd('namespaces/prod/networkpolicies/allow-web')).status).toBe(200);
    expect((await crd('clusterinformations/default')).body.spec).toMatchObject({ clusterGUID: guid, datastoreReady: false });

    const again = await runCli(['datastore', 'migrate', 'import', '-f', '-'], { env: toEnv, stdin: exported.stdout });
    expect(again).toMatchObject({
      code: 1,
      stderr: 'datastore already has Calico resources: found existing Calico IPPool resource. Clear out all Calico resources by deleting all Calico CRDs\n',
    });
  });
});
