// datastore migrate lock / unlock / export / import through the built CLI against a real etcd.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdInstance } from '../helpers/etcd.js';
import { etcdEnv, runCli } from '../helpers/cli.js';
import { allocate } from './ipam-helpers.js';
import { ipamEntryCount, parseExportFile } from '../../src/actions/datastore/import-file.js';
import { loadSlowReader, parseDocuments } from '../../src/resources/documents.js';

let etcd: EtcdInstance;
let env: Record<string, string>;
const cli = (...args: string[]) => runCli(args, { env });
const cliIn = (stdin: string, ...args: string[]) => runCli(args, { env, stdin });
const stored = (k: string) => etcd.etcdctl(['get', k, '--print-value-only']).trim();
const CI_KEY = '/calico/resources/v3/projectcalico.org/clusterinformations/default';

const SEED = `apiVersion: projectcalico.org/v3
kind: IPPool
metadata: {name: pool4}
spec: {cidr: 10.65.0.0/24}
---
apiVersion: projectcalico.org/v3
kind: Node
metadata: {name: node1}
spec:
  orchRefs: [{nodeName: k8s-node1, orchestrator: k8s}]
---
apiVersion: projectcalico.org/v3
kind: FelixConfiguration
metadata: {name: node.node1}
spec: {defaultEndpointToHostAction: ACCEPT}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: allow-web, namespace: prod}
spec: {selector: app == 'web'}
`;

const ORDER = [
  'IPPool', 'BGPPeer', 'Tier', 'GlobalNetworkPolicy', 'StagedGlobalNetworkPolicy', 'GlobalNetworkSet', 'HostEndpoint',
  'KubeControllersConfiguration', 'NetworkPolicy', 'StagedNetworkPolicy', 'StagedKubernetesNetworkPolicy', 'NetworkSet',
  'Node', 'BGPConfiguration', 'FelixConfiguration', 'IPReservation', 'BGPFilter',
];

beforeAll(loadSlowReader);
beforeAll(async () => {
  etcd = await startEtcd();
  env = etcdEnv(etcd.endpoint);
});
afterAll(async () => etcd?.stop());
beforeEach(() => etcd.wipe());

describe('datastore migrate', () => {
  it('lock and unlock flip ClusterInformation datastoreReady; export needs the lock', async () => {
    expect(await cli('datastore', 'migrate', 'export')).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'datastore is not locked. Run the `calicoctl datastore migrate lock` command in order to begin migration\n',
    });
    expect(await cli('datastore', 'migrate', 'lock')).toEqual({ code: 0, stderr: '', stdout: 'Datastore locked.\n' });
    const info = JSON.parse(stored(CI_KEY));
    expect(info.spec).toMatchObject({ datastoreReady: false, clusterGUID: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(await cli('datastore', 'migrate', 'unlock')).toEqual({ code: 0, stderr: '', stdout: 'Datastore unlocked.\n' });
    expect(JSON.parse(stored(CI_KEY)).spec).toMatchObject({ datastoreReady: true, clusterGUID: info.spec.clusterGUID });
  });

  it('exports resources, ClusterInformation and IPAM in three parts with Kubernetes node names', { timeout: 120_000 }, async () => {
    expect((await cliIn(SEED, 'apply', '-f', '-')).code).toBe(0);
    const ip = (await allocate(etcd.endpoint, { node: 'node1', handle: 'ipip-tunnel-addr-node1', attrs: { node: 'node1', type: 'ipipTunnelAddress' } })).v4[0]!;
    expect(ip).toMatch(/^10\.65\.0\./);
    await cli('datastore', 'migrate', 'lock');

    const r = await cli('datastore', 'migrate', 'export');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const parts = r.stdout.split('===\n');
    expect(parts).toHaveLength(3);

    const [yamlPart, ciPart, ipamPart] = parts as [string, string, string];
    expect(yamlPart.match(/^---$/gm)).toHaveLength(ORDER.length);
    const positions = ORDER.map((k) => yamlPart.indexOf(`kind: ${k}List\n`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(yamlPart).toContain('  metadata:\n    name: k8s-node1\n');
    expect(yamlPart).toContain('    name: node.k8s-node1\n');
    expect(yamlPart).toContain('defaultEndpointToHostAction: Accept');
    expect(yamlPart).not.toMatch(/^ +(uid|creationTimestamp):/m);
    expect(yamlPart).not.toContain('kind: WorkloadEndpointList');

    expect(ciPart.endsWith('}\n')).toBe(true);
    expect(JSON.parse(ciPart)).toMatchObject({ kind: 'ClusterInformation', metadata: { name: 'default' }, spec: { datastoreReady: false } });

    expect(ipamPart.endsWith('}\n')).toBe(true);
    const ipam = JSON.parse(ipamPart);
    expect(Object.keys(ipam)).toEqual(['block_affinities', 'blocks', 'handles', 'config']);
    const blockKey = ipam.blocks[0].Key as string;
    const cidrPart = blockKey.split('/').pop()!;
    expect(ipam.block_affinities).toEqual([
      { Key: `/calico/ipam/v2/host/k8s-node1/ipv4/block/${cidrPart}`, Value: { state: 'confirmed', deleted: false }, TTL: 0 },
    ]);
    expect(ipam.blocks[0]).toMatchObject({ TTL: 0, Value: { affinity: 'host:k8s-node1' } });
    expect(ipam.blocks[0].Value.attributes[0]).toEqual({
      handle_id: 'ipip-tunnel-addr-k8s-node1', secondary: { node: 'k8s-node1', type: 'ipipTunnelAddress' },
    });
    expect(ipam.handles.map((h: { Key: string }) => h.Key)).toEqual(['/calico/ipam/v2/handle/ipip-tunnel-addr-k8s-node1']);
    expect(ipam.config).toBeNull();
    // The uint64 sequence number keeps every digit.
    const seq = /"sequenceNumber":(\d+)/.exec(stored(blockKey))![1]!;
    expect(ipamPart).toContain(`"sequenceNumber":${seq},`);

    // What import reads back from the file.
    const parsed = parseExportFile(r.stdout, 'etcd-data');
    expect(ipamEntryCount(parsed)).toBe(3);
    const names = parseDocuments(parsed.yaml, 'etcd-data').map((l) => `${l.def.kind}/${l.resource.metadata.name}`);
    expect(names).toEqual(expect.arrayContaining(['IPPool/pool4', 'Node/k8s-node1', 'FelixConfiguration/node.k8s-node1', 'NetworkPolicy/allow-web']));
  });

  it('export refuses nodes without a k8s orchestrator reference; import needs a Kubernetes datastore', { timeout: 120_000 }, async () => {
    await cliIn('apiVersion: projectcalico.org/v3\nkind: Node\nmetadata: {name: bare}\nspec: {}\n', 'apply', '-f', '-');
    await cli('datastore', 'migrate', 'lock');
    expect(await cli('datastore', 'migrate', 'export')).toMatchObject({
      code: 1,
      stdout: '',
      stderr: "node bare missing a 'k8s' orchestrator reference. Unable to export data unless every node has a 'k8s' orchestrator reference\n",
    });
    expect(await cli('datastore', 'migrate', 'import', '-f', '-')).toMatchObject({
      code: 1,
      stderr: 'invalid datastore type: etcdv3 to import to for datastore migration. Datastore type must be kubernetes\n',
    });
    // The file is checked before the Kubernetes API is contacted.
    const kube = { DATASTORE_TYPE: 'kubernetes', K8S_API_ENDPOINT: 'http://127.0.0.1:1' };
    expect(await runCli(['datastore', 'migrate', 'import', '-f', '-'], { env: kube, stdin: 'just yaml\n' })).toMatchObject({
      code: 1,
      stderr: "imported file: - is improperly formatted. Try recreating with 'calicoctl export'\n",
    });
  });
});
