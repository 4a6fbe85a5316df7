// datastore migrate import: an etcd export (real etcd) imported into the Kubernetes API-server
// stand-in, resources and IPAM data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdInstance } from '../helpers/etcd.js';
import { etcdEnv, runCli } from '../helpers/cli.js';
import { createNamespaces, haveStandIn, raw, startStandIn, type StandIn } from '../datastore/kube-helpers.js';
import { allocate } from './ipam-helpers.js';

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

  it('imports the IPAM data as Calico IPAM objects that the IPAM commands then use', { timeout: 180_000 }, async () => {
    etcd.wipe();
    await server.reset();
    const fromEnv = etcdEnv(etcd.endpoint);
    expect((await runCli(['apply', '-f', '-'], { env: fromEnv, stdin: SEED })).code).toBe(0);
    expect((await runCli(['ipam', 'configure', '--strictaffinity=true'], { env: fromEnv })).code).toBe(0);
    const { v4 } = await allocate(etcd.endpoint, {
      node: 'node1', handle: 'k8s-pod-network.web', num4: 2, attrs: { node: 'node1', namespace: 'prod', pod: 'web' },
    });
    const tunnel = await allocate(etcd.endpoint, { node: 'node1', handle: 'ipip-tunnel-addr-node1' });
    await runCli(['datastore', 'migrate', 'lock'], { env: fromEnv });
    const exported = await runCli(['datastore', 'migrate', 'export'], { env: fromEnv });
    expect(exported.code).toBe(0);
    const block = /"Key":"\/calico\/ipam\/v2\/assignment\/ipv4\/block\/([^"]+)"/.exec(exported.stdout)![1]!;
    const seq = /"sequenceNumber":(\d+)/.exec(exported.stdout)![1]!;

    await createNamespaces(server, ['prod']);
    const toEnv = { DATASTORE_TYPE: 'kubernetes', KUBECONFIG: server.kubeconfigPath };
    const r = await runCli(['datastore', 'migrate', 'import', '-f', '-'], { env: toEnv, stdin: exported.stdout });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    // 1 affinity, 1 block, 2 handles, the config.
    expect(r.stdout).toContain('Importing IPAM resources\nSuccessfully applied 5 IPAM resource(s)\nDatastore information successfully imported.');

    const crd = (path: string) => raw(server, 'GET', `/apis/crd.projectcalico.org/v1/${path}`);
    const name = block.replace(/\./g, '-');
    const b = await crd(`ipamblocks/${name}`);
    expect(b.body.spec).toMatchObject({ cidr: block.replace(/-(\d+)$/, '/$1'), affinity: 'host:k8s-node1', strictAffinity: false, deleted: false });
    expect(b.body.spec.attributes).toEqual(expect.arrayContaining([
      { handle_id: 'k8s-pod-network.web', secondary: { namespace: 'prod', node: 'k8s-node1', pod: 'web' } },
      { handle_id: 'ipip-tunnel-addr-k8s-node1', secondary: { node: 'k8s-node1' } },
    ]));
    const text = await (await fetch(`${server.url}/apis/crd.projectcalico.org/v1/ipamblocks/${name}`)).text();
    expect(text).toContain(`"sequenceNumber":${seq},`);
    expect((await crd(`blockaffinities/k8s-node1-${name}`)).body.spec).toEqual({
      state: 'confirmed', node: 'k8s-node1', type: 'host', cidr: block.replace(/-(\d+)$/, '/$1'), deleted: 'false',
    });
    expect((await crd('ipamhandles/ipip-tunnel-addr-k8s-node1')).body.spec.handleID).toBe('ipip-tunnel-addr-k8s-node1');
    expect((await crd('ipamhandles/k8s-pod-network.web')).body.spec.block).toEqual({ [block.replace(/-(\d+)$/, '/$1')]: 2 });
    expect((await crd('ipamconfigs/default')).body.spec).toEqual({ strictAffinity: true, autoAllocateBlocks: true });

    // The imported data is what ipam show reports on the Kubernetes datastore.
    const shown = await runCli(['ipam', 'show', `--ip=${v4[1]}`], { env: toEnv });
    expect(shown.stdout).toBe(
      `IP ${v4[1]} is in use\nHandle ID: k8s-pod-network.web\nActive Owner Attributes:\n  namespace: prod\n  node: k8s-node1\n  pod: web\n`,
    );
    expect(tunnel.v4).toHaveLength(1);

    // IPAM data counts as existing Calico data.
    for (const plural of ['ippools', 'networkpolicies']) {
      const l = await raw(server, 'GET', `/apis/crd.projectcalico.org/v1/${plural}`);
      for (const item of l.body.items) {
        const ns = item.metadata.namespace ? `namespaces/${item.metadata.namespace}/` : '';
        await raw(server, 'DELETE', `/apis/crd.projectcalico.org/v1/${ns}${plural}/${item.metadata.name}`);
      }
    }
    const again = await runCli(['datastore', 'migrate', 'import', '-f', '-'], { env: toEnv, stdin: exported.stdout });
    expect(again).toMatchObject({
      code: 1,
      stderr: 'datastore already has Calico resources: found existing Calico IPAMBlock resource. Clear out all Calico resources by deleting all Calico CRDs\n',
    });
  });
});
