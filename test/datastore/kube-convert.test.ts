/** v3 ↔ CR mapping, UID translation, Node/Profile views and API-error mapping (pure units). */
import { describe, expect, it } from 'vitest';
import { convertUID } from '../../src/datastore/kube/uid.js';
import { crdPath, fromCustomResource, toCustomResource, METADATA_ANNOTATION } from '../../src/datastore/kube/crd.js';
import { fromKubeError, KubeHttpError } from '../../src/datastore/kube/errors.js';
import { mergeNodeIntoKube, nodeFromKube } from '../../src/datastore/kube/node.js';
import { namespaceProfile, parseProfileName, serviceAccountProfile } from '../../src/datastore/kube/profile.js';
import { AlreadyExistsError, ConflictError, DatastoreUnavailableError, NotFoundError, ValidationError } from '../../src/errors.js';
import { GlobalNetworkPolicy, GlobalNetworkSet, NetworkPolicy } from './kinds.js';
import type { KindDefinition } from '../../src/resources/types.js';

const IPAMConfiguration = { ...GlobalNetworkSet, kind: 'IPAMConfiguration', plural: 'ipamconfigurations' } as KindDefinition;

describe('UID translation', () => {
  it('reverses the bits of every byte except the version and variant bytes, and is its own inverse', () => {
    const uid = '01020304-0506-4708-8a0b-0c0d0e0f1011';
    const cr = convertUID(uid);
    expect(cr).toBe('8040c020-a060-4710-8ad0-30b070f00888');
    expect(cr.slice(14, 15)).toBe('4');
    expect(convertUID(cr)).toBe(uid);
    expect(convertUID('not-a-uuid')).toBe('not-a-uuid');
  });
});

describe('v3 object → CR', () => {
  it('keeps the spec, filters CR labels/annotations, and puts the v3 metadata in the annotation', () => {
    const cr = toCustomResource(GlobalNetworkSet, {
      apiVersion: 'projectcalico.org/v3',
      kind: 'GlobalNetworkSet',
      metadata: {
        name: 'nets',
        uid: '01020304-0506-4708-8a0b-0c0d0e0f1011',
        resourceVersion: '42',
        creationTimestamp: '2024-01-02T03:04:05Z',
        labels: { app: 'x', 'projectcalico.org/tier': 't' },
        annotations: { note: 'n', 'operator.tigera.io/keep': 'y' },
      },
      spec: { nets: ['10.0.0.0/8'] },
    });
    expect(cr.apiVersion).toBe('crd.projectcalico.org/v1');
    expect(cr.kind).toBe('GlobalNetworkSet');
    expect(cr.spec).toEqual({ nets: ['10.0.0.0/8'] });
    expect(cr.metadata.name).toBe('nets');
    expect(cr.metadata.resourceVersion).toBe('42');
    expect(cr.metadata.uid).toBe('8040c020-a060-4710-8ad0-30b070f00888');
    expect(cr.metadata.labels).toEqual({ 'projectcalico.org/tier': 't' });
    const { [METADATA_ANNOTATION]: saved, ...rest } = cr.metadata.annotations!;
    expect(rest).toEqual({ 'operator.tigera.io/keep': 'y' });
    expect(JSON.parse(saved!)).toEqual({
      creationTimestamp: '2024-01-02T03:04:05Z',
      labels: { app: 'x', 'projectcalico.org/tier': 't' },
      annotations: { note: 'n', 'operator.tigera.io/keep': 'y' },
    });
  });

  it('keeps the name in the annotation for policies only', () => {
    const gnp = toCustomResource(GlobalNetworkPolicy, { apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name: 'p' }, spec: {} });
    expect(JSON.parse(gnp.metadata.annotations![METADATA_ANNOTATION]!)).toEqual({ name: 'p', creationTimestamp: null });
  });

  it('stores IPAMConfiguration as IPAMConfig in ipamconfigs', () => {
    const cr = toCustomResource(IPAMConfiguration, { apiVersion: 'projectcalico.org/v3', kind: 'IPAMConfiguration', metadata: { name: 'default' }, spec: { strictAffinity: true } });
    expect(cr.kind).toBe('IPAMConfig');
    expect(crdPath(IPAMConfiguration, undefined, 'default')).toBe('/apis/crd.projectcalico.org/v1/ipamconfigs/default');
    expect(crdPath(NetworkPolicy, 'ns1')).toBe('/apis/crd.projectcalico.org/v1/namespaces/ns1/networkpolicies');
  });
});

describe('CR → v3 object', () => {
  it('merges CR and annotation labels (annotation wins), translates the uid and passes the resourceVersion through', () => {
    const r = fromCustomResource(GlobalNetworkSet, {
      apiVersion: 'crd.projectcalico.org/v1',
      kind: 'GlobalNetworkSet',
      metadata: {
        name: 'nets',
        uid: '8040c020-a060-4710-8ad0-30b070f00888',
        resourceVersion: '7',
        creationTimestamp: '2025-01-01T00:00:00Z',
        labels: { 'projectcalico.org/x': 'cr', extra: 'e' },
        annotations: { [METADATA_ANNOTATION]: JSON.stringify({ creationTimestamp: '2024-01-02T03:04:05Z', labels: { 'projectcalico.org/x': 'ann', a: 'b' } }) },
      },
      spec: { nets: [] },
    });
    expect(r.apiVersion).toBe('projectcalico.org/v3');
    expect(r.metadata).toEqual({
      name: 'nets',
      uid: '01020304-0506-4708-8a0b-0c0d0e0f1011',
      resourceVersion: '7',
      creationTimestamp: '2024-01-02T03:04:05Z',
      labels: { 'projectcalico.org/x': 'ann', extra: 'e', a: 'b' },
    });
  });

  it('takes policy names from the annotation, and strips a legacy default. prefix without one', () => {
    const withAnn = fromCustomResource(GlobalNetworkPolicy, {
      apiVersion: 'crd.projectcalico.org/v1', kind: 'GlobalNetworkPolicy',
      metadata: { name: 'default.p', annotations: { [METADATA_ANNOTATION]: '{"name":"p2"}' } }, spec: { tier: 'default' },
    });
    expect(withAnn.metadata.name).toBe('p2');
    const legacy = fromCustomResource(GlobalNetworkPolicy, { apiVersion: 'crd.projectcalico.org/v1', kind: 'GlobalNetworkPolicy', metadata: { name: 'default.p' }, spec: {} });
    expect(legacy.metadata.name).toBe('p');
    const tiered = fromCustomResource(GlobalNetworkPolicy, { apiVersion: 'crd.projectcalico.org/v1', kind: 'GlobalNetworkPolicy', metadata: { name: 'sec.p' }, spec: { tier: 'sec' } });
    expect(tiered.metadata.name).toBe('sec.p');
  });
});

describe('API errors', () => {
  const key = { kind: 'GlobalNetworkSet', name: 'a' };
  const http = (code: number, body: unknown) => new KubeHttpError(code, body, 'PUT', '/x');
  it('maps statuses to our errors', () => {
    expect(fromKubeError(http(404, { reason: 'NotFound', message: 'gone' }), 'https://k', key)).toBeInstanceOf(NotFoundError);
    expect(fromKubeError(http(409, { reason: 'AlreadyExists', message: 'exists' }), 'https://k', key)).toBeInstanceOf(AlreadyExistsError);
    const c = fromKubeError(http(409, { reason: 'Conflict', message: 'the object has been modified' }), 'https://k', key);
    expect(c).toBeInstanceOf(ConflictError);
    expect(c.message).toBe('update conflict: GlobalNetworkSet(a)');
    const u = fromKubeError(http(401, { message: 'Unauthorized' }), 'https://k:6443', key);
    expect(u).toBeInstanceOf(DatastoreUnavailableError);
    expect(u.message).toBe('datastore https://k:6443 is unavailable: unauthorized (HTTP 401): Unauthorized');
    const down = fromKubeError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), 'https://127.0.0.1:1');
    expect(down.message).toBe('datastore https://127.0.0.1:1 is unavailable: connection refused');
  });

  it('422 causes become validation fields with the server detail', () => {
    const e = fromKubeError(
      http(422, {
        reason: 'Invalid',
        message: 'IPPool.crd.projectcalico.org "p" is invalid: spec.ipipMode: Unsupported value: "Sometimes": supported values: "Always", "CrossSubnet", "Never"',
        details: { causes: [{ reason: 'FieldValueNotSupported', field: 'spec.ipipMode', message: 'Unsupported value: "Sometimes": supported values: "Always", "CrossSubnet", "Never"' }] },
      }),
      'https://k',
      { kind: 'IPPool', name: 'p' },
    );
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.message).toBe('error with field spec.ipipMode (supported values: "Always", "CrossSubnet", "Never")');
  });
});

describe('Node and Profile views', () => {
  const node = {
    metadata: {
      name: 'n1',
      resourceVersion: '9',
      labels: { 'kubernetes.io/hostname': 'n1', shared: 'kube' },
      annotations: {
        'projectcalico.org/IPv4Address': '10.0.0.1/24',
        'projectcalico.org/ASNumber': '64512',
        'projectcalico.org/IPv4IPIPTunnelAddr': 'not-an-ip',
        'projectcalico.org/labels': '{"calico":"yes","shared":"calico"}',
        'projectcalico.org/WireguardPublicKey': 'key=',
      },
    },
    spec: { podCIDRs: ['192.168.0.0/24'] },
    status: { addresses: [{ type: 'InternalIP', address: '10.0.0.1' }, { type: 'Hostname', address: 'n1' }] },
  };

  it('reads Calico fields from the Node annotations, dropping invalid ones', () => {
    const r = nodeFromKube(node);
    expect(r.metadata.labels).toEqual({ calico: 'yes', shared: 'kube', 'kubernetes.io/hostname': 'n1' });
    expect(r.metadata.annotations).toEqual({ 'projectcalico.org/kube-labels': JSON.stringify(node.metadata.labels) });
    expect(r.spec).toEqual({
      bgp: { ipv4Address: '10.0.0.1/24', asNumber: 64512 },
      orchRefs: [{ nodeName: 'n1', orchestrator: 'k8s' }],
      addresses: [{ address: '10.0.0.1/24', type: 'CalicoNodeIP' }, { address: '10.0.0.1', type: 'InternalIP' }],
    });
    expect(r.status).toEqual({ wireguardPublicKey: 'key=', podCIDRs: ['192.168.0.0/24'] });
  });

  it('writes back only Calico annotations, un-merging the Kubernetes labels', () => {
    const v3 = nodeFromKube(node);
    v3.metadata.labels = { ...v3.metadata.labels, added: 'new' };
    v3.spec = { ...v3.spec, bgp: { ipv4Address: '10.0.0.2/24' } };
    const out = mergeNodeIntoKube(node, v3);
    expect(out.metadata.labels).toEqual(node.metadata.labels);
    expect(JSON.parse(out.metadata.annotations!['projectcalico.org/labels']!)).toEqual({ calico: 'yes', added: 'new' });
    expect(out.metadata.annotations!['projectcalico.org/IPv4Address']).toBe('10.0.0.2/24');
    expect(out.metadata.annotations!['projectcalico.org/ASNumber']).toBeUndefined();
  });

  it('profiles come from namespaces and service accounts', () => {
    const p = namespaceProfile({ metadata: { name: 'prod', uid: '01020304-0506-4708-8a0b-0c0d0e0f1011', resourceVersion: '5', labels: { team: 'a' } } });
    expect(p.metadata).toMatchObject({ name: 'kns.prod', resourceVersion: '5/', uid: '8040c020-a060-4710-8ad0-30b070f00888' });
    expect(p.spec).toEqual({ ingress: [{ action: 'Allow' }], egress: [{ action: 'Allow' }], labelsToApply: { 'pcns.team': 'a', 'pcns.projectcalico.org/name': 'prod' } });
    const s = serviceAccountProfile({ metadata: { name: 'default', namespace: 'prod', resourceVersion: '6' } });
    expect(s.metadata).toMatchObject({ name: 'ksa.prod.default', resourceVersion: '/6' });
    expect(s.spec).toEqual({ labelsToApply: { 'pcsa.projectcalico.org/name': 'default' } });
    expect(parseProfileName('ksa.prod.my.sa')).toEqual({ type: 'sa', ns: 'prod', sa: 'my.sa' });
    expect(parseProfileName('other')).toBeUndefined();
  });
});

describe('WorkloadEndpoints from Pods', async () => {
  const { podCandidates, podHasEndpoint, workloadEndpointFromPod } = await import('../../src/datastore/kube/workloadendpoint.js');
  const pod = {
    metadata: { name: 'web-1', namespace: 'prod', uid: 'u', resourceVersion: '3', labels: { app: 'web' }, annotations: { 'cni.projectcalico.org/podIP': '10.9.9.9/32' } },
    spec: { nodeName: 'node-a', serviceAccountName: 'api', containers: [{ ports: [{ name: 'http', containerPort: 8080 }, { containerPort: 9 }] }] },
    status: { phase: 'Running', podIPs: [{ ip: '192.168.1.5' }, { ip: 'fd00::5' }] },
  };

  it('maps a pod to its eth0 endpoint', () => {
    const w = workloadEndpointFromPod(pod);
    expect(w.metadata.name).toBe('node--a-k8s-web--1-eth0');
    expect(w.metadata.namespace).toBe('prod');
    expect(w.metadata.labels).toEqual({
      app: 'web',
      'projectcalico.org/namespace': 'prod',
      'projectcalico.org/orchestrator': 'k8s',
      'projectcalico.org/serviceaccount': 'api',
    });
    expect(w.spec).toMatchObject({
      orchestrator: 'k8s', node: 'node-a', pod: 'web-1', endpoint: 'eth0',
      ipNetworks: ['192.168.1.5/32', 'fd00::5/128'],
      profiles: ['kns.prod', 'ksa.prod.api'],
      ports: [{ name: 'http', protocol: 'TCP', port: 8080, hostPort: 0, hostIP: '' }],
    });
    expect(w.spec!.interfaceName).toMatch(/^cali[0-9a-f]{11}$/);
  });

  it('falls back to the Calico IP annotation, and skips host-network, unscheduled and finished pods', () => {
    const w = workloadEndpointFromPod({ ...pod, status: { phase: 'Running' } });
    expect(w.spec!.ipNetworks).toEqual(['10.9.9.9/32']);
    expect(podHasEndpoint(pod)).toBe(true);
    expect(podHasEndpoint({ ...pod, spec: { ...pod.spec, hostNetwork: true } })).toBe(false);
    expect(podHasEndpoint({ ...pod, spec: { ...pod.spec, nodeName: undefined } })).toBe(false);
    expect(podHasEndpoint({ ...pod, status: { phase: 'Succeeded' } })).toBe(false);
  });

  it('parses endpoint names back to (node, pod)', () => {
    expect(podCandidates('node--a-k8s-web--1-eth0')).toEqual([{ node: 'node-a', pod: 'web-1' }]);
    expect(podCandidates('n-k8s-k8s-eth0')).toEqual([{ node: 'n', pod: 'k8s' }]);
    expect(podCandidates('bad-name')).toEqual([]);
  });
});

describe('API group selection (calicoAPIGroup)', async () => {
  const { groupMapper } = await import('../../src/datastore/kube/group.js');
  it('defaults to crd.projectcalico.org/v1 and maps through the annotation', () => {
    const g = groupMapper(undefined);
    expect(g.path(GlobalNetworkSet, undefined, 'a')).toBe('/apis/crd.projectcalico.org/v1/globalnetworksets/a');
    expect(g.toServer(GlobalNetworkSet, { apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkSet', metadata: { name: 'a' }, spec: {} }).metadata.annotations).toHaveProperty(METADATA_ANNOTATION);
  });
  it('projectcalico.org/v3 sends objects as they are, to the v3 paths', () => {
    const g = groupMapper('projectcalico.org/v3');
    expect(g.path(NetworkPolicy, 'ns1', 'p')).toBe('/apis/projectcalico.org/v3/namespaces/ns1/networkpolicies/p');
    expect(g.path(IPAMConfiguration, undefined, 'default')).toBe('/apis/projectcalico.org/v3/ipamconfigurations/default');
    const obj = { apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkSet', metadata: { name: 'a', uid: 'u-1', labels: { x: 'y' } }, spec: { nets: [] } };
    expect(g.toServer(GlobalNetworkSet, obj)).toEqual(obj);
    expect(g.fromServer(GlobalNetworkSet, { ...obj, metadata: { ...obj.metadata, resourceVersion: '4' } }).metadata).toEqual({ ...obj.metadata, resourceVersion: '4' });
  });
  it('rejects an unknown group', () => {
    expect(() => groupMapper('example.com/v1')).toThrow('unsupported Calico API group: example.com/v1');
  });
});
