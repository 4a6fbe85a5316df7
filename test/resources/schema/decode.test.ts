import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { applySchemaDefaults, checkListEnvelope, decodeOwnedResource, decodeResource } from '../../../src/resources/schema/decode.js';
import type { KindDefinition, Resource } from '../../../src/resources/types.js';
import { BGPPEER, GNP, HEP, IPAMBLOCK, IPPOOL, KCC, NODE } from './kinds.js';

const V3 = 'projectcalico.org/v3';
const UNKNOWN = 'field in document is not recognized or is in the wrong location: ';

function reason(def: KindDefinition, doc: Record<string, unknown>): string {
  try {
    decodeResource(def, doc);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('decodeResource accepted the document');
}

const pool = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  apiVersion: V3, kind: 'IPPool', metadata: { name: 'p' }, spec: { cidr: '10.0.0.0/16', ...spec }, ...extra,
});

describe('decodeResource: accepted documents', () => {
  it('decodes a valid IPPool into a new object without touching the input', () => {
    const doc = pool({ disabled: true, blockSize: 26, ipipMode: 'Always', allowedUses: ['Workload'] });
    const snapshot = structuredClone(doc);
    const r = decodeResource(IPPOOL, doc);
    expect(r).toEqual(snapshot);
    expect(r).not.toBe(doc);
    expect(r.spec).not.toBe(doc.spec);
    expect(doc).toEqual(snapshot);
  });

  it('turns numbers and booleans into text where Go expects a string', () => {
    const r = decodeResource(IPPOOL, pool({ nodeSelector: true }, {
      metadata: { name: 1234, labels: { a: 1.1, b: true, c: 12, d: 0.00001, e: 3.14159265 } },
    }));
    expect(r.metadata).toEqual({ name: '1234', labels: { a: '1.1', b: 'true', c: '12', d: '1e-05', e: '3.1415927' } });
    expect(r.spec?.nodeSelector).toBe('true');
  });

  it('accepts both numbers and strings in int-or-string fields', () => {
    const doc = {
      apiVersion: V3, kind: 'GlobalNetworkPolicy', metadata: { name: 'g' },
      spec: { order: 10.5, ingress: [{ action: 'Allow', protocol: 6, destination: { ports: [80, 'http', '1000:2000'] } },
        { action: 'Deny', protocol: 'TCP' }] },
    };
    expect(decodeResource(GNP, doc)).toEqual(doc);
  });

  it('drops null fields, keeps metadata, zero-fills null list elements unless nullable', () => {
    const r = decodeResource(IPPOOL, pool({ disabled: null, allowedUses: [null, 'Tunnel'] }, { metadata: null }));
    expect(r.metadata).toEqual({});
    expect(r.spec).toEqual({ cidr: '10.0.0.0/16', allowedUses: ['', 'Tunnel'] });
    const block = decodeResource(IPAMBLOCK, { apiVersion: V3, kind: 'IPAMBlock', metadata: {}, spec: { allocations: [0, null, 2] } });
    expect(block.spec?.allocations).toEqual([0, null, 2]);
  });

  it('matches field names case-insensitively and writes them as declared', () => {
    const r = decodeResource(IPPOOL, { APIVersion: V3, Kind: 'IPPool', Metadata: { Name: 'p' }, SPEC: { CIDR: '10.0.0.0/8', natoutgoing: true } });
    expect(r).toEqual({ apiVersion: V3, kind: 'IPPool', metadata: { name: 'p' }, spec: { cidr: '10.0.0.0/8', natOutgoing: true } });
  });

  it('knows status only where the kind has one', () => {
    expect(decodeResource(NODE, { apiVersion: V3, kind: 'Node', metadata: {}, status: { podCIDRs: ['10.0.0.0/24'] } }).status)
      .toEqual({ podCIDRs: ['10.0.0.0/24'] });
    expect(reason(GNP, { apiVersion: V3, kind: 'GlobalNetworkPolicy', metadata: {}, status: {} })).toBe(`${UNKNOWN}status`);
  });

  it('decodeOwnedResource gives the same result, reusing the document it owns', () => {
    const doc = () => pool({ disabled: null, nodeSelector: 5 }, { Metadata: { name: 'p', labels: { v: 1.1 } } });
    const owned = doc();
    const r = decodeOwnedResource(IPPOOL, owned);
    expect(r).toEqual(decodeResource(IPPOOL, doc()));
    expect(r).toEqual({ apiVersion: V3, kind: 'IPPool', metadata: { name: 'p', labels: { v: '1.1' } }, spec: { cidr: '10.0.0.0/16', nodeSelector: '5' } });
    expect(r).toBe(owned);
    const bad = { apiVersion: V3, kind: 'IPPool', metadata: {}, spec: { zzz: 1, disabled: 'x' } };
    expect(() => decodeOwnedResource(IPPOOL, bad)).toThrow('cannot unmarshal string into Go struct field IPPoolSpec.spec.disabled of type bool');
  });

  it('accepts every ObjectMeta field', () => {
    const metadata = {
      name: 'n', generateName: 'g', namespace: 'ns', selfLink: '/x', uid: 'u', resourceVersion: '5', generation: 2,
      creationTimestamp: '2024-01-01T00:00:00Z', deletionTimestamp: '2024-01-02T00:00:00Z', deletionGracePeriodSeconds: 30,
      labels: { a: 'b' }, annotations: { c: 'd' }, finalizers: ['f'],
      ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u', controller: true, blockOwnerDeletion: false }],
      managedFields: [{ manager: 'm', operation: 'Apply', apiVersion: 'v1', time: '2024-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:x': {} }, subresource: 's' }],
    };
    expect(decodeResource(IPPOOL, pool({}, { metadata })).metadata).toEqual(metadata);
  });
});

describe('decodeResource: rejected documents (exact messages)', () => {
  it('reports unknown fields by name, at any depth', () => {
    expect(reason(IPPOOL, pool({}, { foo: 1 }))).toBe(`${UNKNOWN}foo`);
    expect(reason(IPPOOL, pool({ cidrs: 'x' }))).toBe(`${UNKNOWN}cidrs`);
    expect(reason(IPPOOL, pool({}, { metadata: { nmae: 'x' } }))).toBe(`${UNKNOWN}nmae`);
    const gnp = { apiVersion: V3, kind: 'GlobalNetworkPolicy', metadata: {}, spec: { ingress: [{ action: 'Allow', source: { nett: [] } }] } };
    expect(reason(GNP, gnp)).toBe(`${UNKNOWN}nett`);
    expect(reason(IPPOOL, pool({}, { metadata: { ownerReferences: [{ bogus: 1 }] } }))).toBe(`${UNKNOWN}bogus`);
  });

  it('reports type mismatches as Go does', () => {
    expect(reason(IPPOOL, pool({ disabled: 'yes' }))).toBe('cannot unmarshal string into Go struct field IPPoolSpec.spec.disabled of type bool');
    expect(reason(IPPOOL, pool({ disabled: 1 }))).toBe('cannot unmarshal number into Go struct field IPPoolSpec.spec.disabled of type bool');
    expect(reason(IPPOOL, pool({ blockSize: '26' }))).toBe('cannot unmarshal string into Go struct field IPPoolSpec.spec.blockSize of type int');
    expect(reason(IPPOOL, pool({ blockSize: 26.5 }))).toBe('cannot unmarshal number 26.5 into Go struct field IPPoolSpec.spec.blockSize of type int');
    expect(reason(IPPOOL, pool({ allowedUses: 'Workload' }))).toBe('cannot unmarshal string into Go struct field IPPoolSpec.spec.allowedUses of type []string');
    expect(reason(IPPOOL, pool({ cidr: ['a'] }))).toBe('cannot unmarshal array into Go struct field IPPoolSpec.spec.cidr of type string');
    expect(reason(IPPOOL, { apiVersion: V3, kind: 'IPPool', metadata: {}, spec: 'x' })).toBe('cannot unmarshal string into Go struct field IPPool.spec of type v3.IPPoolSpec');
    expect(reason(IPPOOL, { apiVersion: V3, kind: 'IPPool', metadata: [] })).toBe('cannot unmarshal array into Go struct field IPPool.metadata of type v1.ObjectMeta');
    expect(reason(IPPOOL, pool({}, { metadata: { labels: 'x' } }))).toBe('cannot unmarshal string into Go struct field ObjectMeta.metadata.labels of type map[string]string');
    expect(reason(IPPOOL, pool({}, { metadata: { labels: { a: { b: 1 } } } }))).toBe('cannot unmarshal object into Go struct field ObjectMeta.metadata.labels of type string');
    expect(reason(IPPOOL, pool({}, { metadata: { generation: 'x' } }))).toBe('cannot unmarshal string into Go struct field ObjectMeta.metadata.generation of type int64');
    expect(reason(IPPOOL, pool({}, { metadata: { ownerReferences: [{ controller: 'x' }] } })))
      .toBe('cannot unmarshal string into Go struct field OwnerReference.metadata.ownerReferences.controller of type bool');
    expect(reason(IPPOOL, pool({}, { metadata: { creationTimestamp: 5 } }))).toBe('cannot unmarshal number into Go value of type string');
  });

  it('names paths without list indexes and reports int-or-string, int32 and nested struct names', () => {
    const gnp = (rule: Record<string, unknown>) => ({ apiVersion: V3, kind: 'GlobalNetworkPolicy', metadata: {}, spec: { ingress: [{ action: 'Allow' }, rule] } });
    expect(reason(GNP, gnp({ action: 'Allow', destination: { ports: [true] } })))
      .toBe('cannot unmarshal bool into Go struct field GlobalNetworkPolicySpec.spec.ingress.destination.ports of type int-or-string');
    expect(reason(GNP, gnp({ action: 'Allow', ipVersion: 'four' })))
      .toBe('cannot unmarshal string into Go struct field GlobalNetworkPolicySpec.spec.ingress.ipVersion of type int');
    expect(reason(GNP, { apiVersion: V3, kind: 'GlobalNetworkPolicy', metadata: {}, spec: { order: 'first' } }))
      .toBe('cannot unmarshal string into Go struct field GlobalNetworkPolicySpec.spec.order of type float64');
    expect(reason(NODE, { apiVersion: V3, kind: 'Node', metadata: {}, spec: { bgp: { asNumber: 2 ** 31 } } }))
      .toBe('cannot unmarshal number 2147483648 into Go struct field NodeBGPSpec.spec.bgp.asNumber of type int32');
    expect(reason(NODE, { apiVersion: V3, kind: 'Node', metadata: {}, spec: { bgp: 5 } }))
      .toBe('cannot unmarshal number into Go struct field NodeSpec.spec.bgp of type v3.NodeBGPSpec');
    expect(reason(IPPOOL, pool({ blockSize: NaN }))).toBe('error converting YAML to JSON: json: unsupported value: NaN');
  });

  it('reports the problem Go meets first (keys in sorted order), whatever the document order', () => {
    const doc = { zzz: 1, apiVersion: V3, kind: 'IPPool', metadata: {}, spec: { disabled: 'no', cidr: '10.0.0.0/8' } };
    expect(reason(IPPOOL, doc)).toBe('cannot unmarshal string into Go struct field IPPoolSpec.spec.disabled of type bool');
    expect(reason(IPPOOL, { spec: { vxlanMode: [], blockSize: 'x' }, apiVersion: V3 }))
      .toBe('cannot unmarshal string into Go struct field IPPoolSpec.spec.blockSize of type int');
  });

  it('checks list envelopes strictly', () => {
    expect(() => checkListEnvelope('IPPoolList', { apiVersion: V3, kind: 'IPPoolList', metadata: { resourceVersion: '1' }, items: [] })).not.toThrow();
    expect(() => checkListEnvelope('IPPoolList', { kind: 'IPPoolList', extra: 1 })).toThrow(`${UNKNOWN}extra`);
    expect(() => checkListEnvelope('IPPoolList', { kind: 'IPPoolList', items: {} }))
      .toThrow('cannot unmarshal object into Go struct field IPPoolList.items of type []interface {}');
  });
});

describe('applySchemaDefaults', () => {
  const base: Resource = { apiVersion: V3, kind: 'IPPool', metadata: { name: 'p' }, spec: { cidr: '10.0.0.0/16' } };

  it('fills CRD defaults without modifying the input', () => {
    const input = structuredClone(base);
    const r = applySchemaDefaults(IPPOOL, input);
    expect(r.spec).toEqual({ cidr: '10.0.0.0/16', assignmentMode: 'Automatic', nodeSelector: 'all()' });
    expect(input).toEqual(base);
    const set = applySchemaDefaults(IPPOOL, { ...base, spec: { cidr: '10.0.0.0/16', nodeSelector: 'a == "b"', assignmentMode: 'Manual' } });
    expect(set.spec).toEqual({ cidr: '10.0.0.0/16', nodeSelector: 'a == "b"', assignmentMode: 'Manual' });
  });

  it('defaults nested fields only inside objects that are present', () => {
    const kcc = (spec: Record<string, unknown>): Resource => ({ apiVersion: V3, kind: 'KubeControllersConfiguration', metadata: { name: 'default' }, spec });
    expect(applySchemaDefaults(KCC, kcc({ controllers: {} })).spec).toEqual({ controllers: {}, healthChecks: 'Enabled' });
    expect(applySchemaDefaults(KCC, kcc({ controllers: { loadBalancer: {}, migration: {} } })).spec).toEqual({
      controllers: { loadBalancer: { assignIPs: 'AllServices' }, migration: { policyNameMigrator: 'Enabled' } }, healthChecks: 'Enabled',
    });
    const peer: Resource = { apiVersion: V3, kind: 'BGPPeer', metadata: { name: 'x' }, spec: { password: { secretKeyRef: { key: 'k' } } } };
    expect(applySchemaDefaults(BGPPEER, peer).spec).toEqual({ password: { secretKeyRef: { key: 'k', name: '' } } });
    expect(applySchemaDefaults(GNP, { apiVersion: V3, kind: 'GlobalNetworkPolicy', metadata: {}, spec: {} }).spec).toEqual({ tier: 'default' });
    expect(applySchemaDefaults(NODE, { apiVersion: V3, kind: 'Node', metadata: {}, spec: {} }).spec).toEqual({ note: 'n/a' });
  });

  it('returns the same object when nothing needs a default', () => {
    const hep: Resource = { apiVersion: V3, kind: 'HostEndpoint', metadata: { name: 'h' }, spec: { node: 'n' } };
    expect(applySchemaDefaults(HEP, hep)).toBe(hep);
    const noSpec: Resource = { apiVersion: V3, kind: 'IPPool', metadata: { name: 'p' } };
    expect(applySchemaDefaults(IPPOOL, noSpec)).toBe(noSpec);
  });
});
