// apply/get/delete/label/patch through the built CLI against the Kubernetes API-server
// stand-in (DATASTORE_TYPE=kubernetes KUBECONFIG=<stand-in kubeconfig>).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { createNamespaces, haveStandIn, raw, startStandIn, type StandIn } from '../datastore/kube-helpers.js';

const POOL1 = 'fixtures/commands/pool1.yaml';

describe.skipIf(!haveStandIn)('resource commands on the Kubernetes datastore', () => {
  let server: StandIn;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCli(args, { env });
  const cliIn = (stdin: string, ...args: string[]) => runCli(args, { env, stdin });
  const cr = async (plural: string, name: string, ns?: string) =>
    (await raw(server, 'GET', `/apis/crd.projectcalico.org/v1/${ns ? `namespaces/${ns}/` : ''}${plural}/${name}`)).body;

  beforeAll(async () => {
    server = await startStandIn();
    env = { DATASTORE_TYPE: 'kubernetes', KUBECONFIG: server.kubeconfigPath };
  });
  afterAll(async () => server?.stop());
  beforeEach(() => server.reset());

  it('apply creates a CR, a second apply updates it; get shows it', async () => {
    expect(await cli('apply', '-f', POOL1)).toEqual({ stdout: "Successfully applied 1 'IPPool' resource(s)\n", stderr: '', code: 0 });
    const first = await cr('ippools', 'pool1');
    expect(first.apiVersion).toBe('crd.projectcalico.org/v1');
    expect(first.spec.cidr).toBe('10.1.0.0/16');
    const r = await cliIn('apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: pool1}\nspec: {cidr: 10.1.0.0/16, natOutgoing: true}\n', 'apply', '-f', '-');
    expect(r).toMatchObject({ stdout: "Successfully applied 1 'IPPool' resource(s)\n", code: 0 });
    const second = await cr('ippools', 'pool1');
    expect(second.spec.natOutgoing).toBe(true);
    expect(second.metadata.uid).toBe(first.metadata.uid);
    const got = await cli('get', 'ippools', '-o', 'yaml');
    expect(got.code).toBe(0);
    expect(got.stdout).toContain('cidr: 10.1.0.0/16');
    expect(got.stdout).toContain('natOutgoing: true');
    expect(got.stdout).toContain(`resourceVersion: "${second.metadata.resourceVersion}"`);
  });

  it('a stale resourceVersion is an update conflict, exactly as on etcd', async () => {
    await cli('apply', '-f', POOL1);
    const r = await cliIn('apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: pool1, resourceVersion: "1"}\nspec: {cidr: 10.1.0.0/16}\n', 'apply', '-f', '-');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("failed to apply 'IPPool' resource: [update conflict: IPPool(pool1)]\n");
  });

  it('get of a missing resource and delete', async () => {
    const missing = await cli('get', 'globalnetworkset', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('resource does not exist: GlobalNetworkSet(nope)');
    await cliIn('apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata: {name: gs}\nspec: {nets: [10.0.0.0/8]}\n', 'create', '-f', '-');
    expect(await cli('delete', 'globalnetworkset', 'gs')).toMatchObject({ stdout: "Successfully deleted 1 'GlobalNetworkSet' resource(s)\n", code: 0 });
    expect((await raw(server, 'GET', '/apis/crd.projectcalico.org/v1/globalnetworksets/gs')).status).toBe(404);
  });

  it('label and patch edit the stored object', async () => {
    await createNamespaces(server, ['prod']);
    await cliIn(
      'apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: web, namespace: prod}\nspec: {selector: all(), types: [Ingress]}\n',
      'apply', '-f', '-',
    );
    const l = await cli('label', 'networkpolicy', 'web', '-n', 'prod', 'team=blue');
    expect(l).toMatchObject({ code: 0, stderr: '' });
    const p = await cli('patch', 'networkpolicy', 'web', '-n', 'prod', '-p', '{"spec":{"order":50}}');
    expect(p).toMatchObject({ code: 0, stderr: '' });
    const stored = await cr('networkpolicies', 'web', 'prod');
    expect(stored.spec.order).toBe(50);
    const meta = JSON.parse(stored.metadata.annotations['projectcalico.org/metadata']);
    expect(meta.name).toBe('web');
    expect(meta.labels).toMatchObject({ team: 'blue' });
    const out = await cli('get', 'networkpolicy', 'web', '-n', 'prod', '-o', 'json');
    const v3 = JSON.parse(out.stdout);
    expect(v3.metadata.labels).toMatchObject({ team: 'blue' });
    expect(v3.spec.order).toBe(50);
  });

  it('a server-side schema violation is reported for that resource', async () => {
    const r = await cliIn('apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: bad}\nspec: {cidr: 10.0.0.0/16, vxlanMode: Sometimes}\n', 'create', '-f', '-');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/vxlanMode/);
  });

  it('label works on a Node whose Calico addresses carry their prefix, as Calico derives them', async () => {
    // Calico's Kubernetes conversion lists the BGP address with its prefix (10.0.0.7/24) in
    // spec.addresses; a label must not be refused for it (calicoctl label nodes is documented usage).
    const made = await raw(server, 'POST', '/api/v1/nodes', {
      apiVersion: 'v1', kind: 'Node',
      metadata: { name: 'n1', annotations: { 'projectcalico.org/IPv4Address': '10.0.0.7/24' } },
      status: { addresses: [{ type: 'InternalIP', address: '10.0.0.7' }] },
    });
    expect(made.status).toBe(201);
    const got = await cli('get', 'node', 'n1', '-o', 'json');
    expect(JSON.parse(got.stdout).spec.addresses).toEqual([{ address: '10.0.0.7/24', type: 'CalicoNodeIP' }, { address: '10.0.0.7', type: 'InternalIP' }]);
    expect(await cli('label', 'nodes', 'n1', 'rack=r1')).toEqual({ stdout: 'Successfully set label rack on nodes n1\n', stderr: '', code: 0 });
    const stored = (await raw(server, 'GET', '/api/v1/nodes/n1')).body;
    expect(JSON.parse(stored.metadata.annotations['projectcalico.org/labels'])).toEqual({ rack: 'r1' });
    expect(JSON.parse((await cli('get', 'node', 'n1', '-o', 'json')).stdout).metadata.labels).toEqual({ rack: 'r1' });
  });

  it('an unreachable API server fails with one line naming it', async () => {
    const r = await runCli(['get', 'ippools'], { env: { DATASTORE_TYPE: 'kubernetes', K8S_API_ENDPOINT: 'http://127.0.0.1:9' } });
    expect(r.code).toBe(1);
    expect(r.stderr + r.stdout).toContain('datastore http://127.0.0.1:9 is unavailable: connection refused');
  });
});
