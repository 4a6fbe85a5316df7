/** Pure parts of the etcd adapter: key layout, value conversion, error mapping. */
import { describe, expect, it } from 'vitest';
import { listPrefix, parseResourceKey, prefixRangeEnd, resourceKey } from '../../src/datastore/etcd/keys.js';
import { decodeValue, encodeValue, toStoredObject, writtenObject } from '../../src/datastore/etcd/convert.js';
import { formatDuration, fromEtcdError } from '../../src/datastore/etcd/errors.js';
import { MAX_TXN_OPS, planBatches, planWaves } from '../../src/datastore/etcd/etcd.js';
import { CommandError, DatastoreUnavailableError, NotFoundError } from '../../src/errors.js';
import type { Resource } from '../../src/resources/types.js';
import { BGPFilter, GlobalNetworkPolicy, GlobalNetworkSet, NetworkPolicy, NetworkSet } from './kinds.js';

const ROOT = '/calico/resources/v3/projectcalico.org';

describe('keys', () => {
  it('builds exact keys and list prefixes', () => {
    expect(resourceKey(GlobalNetworkSet, 'a')).toBe(`${ROOT}/globalnetworksets/a`);
    expect(resourceKey(GlobalNetworkSet, 'a', 'ignored')).toBe(`${ROOT}/globalnetworksets/a`);
    expect(resourceKey(NetworkSet, 'a', 'ns1')).toBe(`${ROOT}/networksets/ns1/a`);
    expect(resourceKey({ ...BGPFilter, plural: 'BGPFilters' }, 'f')).toBe(`${ROOT}/bgpfilters/f`);
    expect(listPrefix(GlobalNetworkSet)).toBe(`${ROOT}/globalnetworksets/`);
    expect(listPrefix(NetworkSet)).toBe(`${ROOT}/networksets/`);
    expect(listPrefix(NetworkSet, '')).toBe(`${ROOT}/networksets/`);
    expect(listPrefix(NetworkSet, 'ns1')).toBe(`${ROOT}/networksets/ns1/`);
    expect(listPrefix(GlobalNetworkSet, 'ns1')).toBe(`${ROOT}/globalnetworksets/`);
  });

  it('parses keys strictly and unescapes %2f and %25', () => {
    expect(parseResourceKey(GlobalNetworkSet, `${ROOT}/globalnetworksets/a`)).toEqual({ plural: 'globalnetworksets', name: 'a' });
    expect(parseResourceKey(NetworkSet, `${ROOT}/networksets/ns/a`)).toEqual({ plural: 'networksets', namespace: 'ns', name: 'a' });
    expect(parseResourceKey(GlobalNetworkSet, `${ROOT}/globalnetworksets/a%2fb%25c`)?.name).toBe('a/b%c');
    expect(parseResourceKey(GlobalNetworkSet, `${ROOT}/globalnetworksets/a%252f`)?.name).toBe('a%2f');
    expect(parseResourceKey(NetworkSet, `${ROOT}/networksets/n%2fs/x`)?.namespace).toBe('n/s');
    expect(parseResourceKey(GlobalNetworkSet, `${ROOT}/globalnetworksets/a/b`)).toBeUndefined();
    expect(parseResourceKey(NetworkSet, `${ROOT}/networksets/a`)).toBeUndefined();
    expect(parseResourceKey(GlobalNetworkSet, `${ROOT}/networksets/a`)).toBeUndefined();
    expect(parseResourceKey(GlobalNetworkSet, `${ROOT}/globalnetworksets/`)).toBeUndefined();
    expect(parseResourceKey(GlobalNetworkSet, `calico/resources/v3/projectcalico.org/globalnetworksets/a`)).toBeUndefined();
  });

  it('computes prefix range ends', () => {
    expect(prefixRangeEnd(Buffer.from('/a/')).toString()).toBe('/a0');
    expect([...prefixRangeEnd(Buffer.from([0x61, 0xff]))]).toEqual([0x62]);
    expect([...prefixRangeEnd(Buffer.from([0xff, 0xff]))]).toEqual([0]);
  });
});

describe('stored values', () => {
  it('orders fields like Go and drops resourceVersion/selfLink', () => {
    const obj = {
      spec: { nets: [] },
      metadata: { custom: 1, annotations: { a: 'b' }, resourceVersion: '9', selfLink: '/x', namespace: 'ns', name: 'n' },
      kind: 'Whatever',
      apiVersion: 'crd.projectcalico.org/v1',
      extra: true,
    } as unknown as Resource;
    expect(encodeValue(NetworkSet, obj)).toBe(
      '{"kind":"NetworkSet","apiVersion":"projectcalico.org/v3","metadata":{"name":"n","namespace":"ns","annotations":{"a":"b"},"custom":1},"spec":{"nets":[]}}',
    );
    expect(obj.metadata.resourceVersion).toBe('9');
    expect(encodeValue(GlobalNetworkSet, { apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkSet', metadata: { name: 'x' }, status: { s: 1 } })).toBe(
      '{"kind":"GlobalNetworkSet","apiVersion":"projectcalico.org/v3","metadata":{"name":"x"},"spec":{},"status":{"s":1}}',
    );
  });

  it('decodes with resourceVersion from the mod revision, in ObjectMeta order', () => {
    const r = decodeValue(
      GlobalNetworkSet,
      { name: 'from-key' },
      Buffer.from('{"apiVersion":"x","kind":"y","metadata":{"labels":{"a":"b"},"name":"n","selfLink":"/s","resourceVersion":"1"},"spec":{"nets":[]}}'),
      '42',
    );
    expect(r).toEqual({ kind: 'GlobalNetworkSet', apiVersion: 'projectcalico.org/v3', metadata: { name: 'n', resourceVersion: '42', labels: { a: 'b' } }, spec: { nets: [] } });
    expect(Object.keys(r.metadata)).toEqual(['name', 'resourceVersion', 'labels']);
    // Missing name/namespace come from the key.
    const n = decodeValue(NetworkSet, { name: 'k', namespace: 'ns' }, '{"metadata":{}}', '3');
    expect(n.metadata).toEqual({ name: 'k', namespace: 'ns', resourceVersion: '3' });
    expect(() => decodeValue(GlobalNetworkSet, { name: 'x' }, 'nope', '1')).toThrow();
    expect(() => decodeValue(GlobalNetworkSet, { name: 'x' }, '[1]', '1')).toThrow();
  });

  it('names policies from the annotation, else strips default. for the default tier', () => {
    const v = (meta: object, spec: object = {}) => JSON.stringify({ metadata: meta, spec });
    const ann = (name: string) => ({ 'projectcalico.org/metadata': JSON.stringify({ name }) });
    expect(decodeValue(GlobalNetworkPolicy, { name: 'default.a' }, v({ name: 'default.a' }, { tier: 'default' }), '1').metadata.name).toBe('a');
    expect(decodeValue(GlobalNetworkPolicy, { name: 'default.a' }, v({ name: 'default.a' }), '1').metadata.name).toBe('a');
    expect(decodeValue(GlobalNetworkPolicy, { name: 'default.a' }, v({ name: 'default.a' }, { tier: '' }), '1').metadata.name).toBe('a');
    expect(decodeValue(GlobalNetworkPolicy, { name: 'default.a' }, v({ name: 'default.a' }, { tier: 'other' }), '1').metadata.name).toBe('default.a');
    expect(decodeValue(GlobalNetworkPolicy, { name: 'sec.a' }, v({ name: 'sec.a' }, { tier: 'sec' }), '1').metadata.name).toBe('sec.a');
    const withAnn = decodeValue(NetworkPolicy, { name: 'default.b', namespace: 'ns' }, v({ name: 'default.b', annotations: { ...ann('default.b'), keep: 'me' } }), '1');
    expect(withAnn.metadata).toEqual({ name: 'default.b', namespace: 'ns', resourceVersion: '1', annotations: { keep: 'me' } });
    // Broken annotation JSON falls back to the key rules.
    expect(decodeValue(GlobalNetworkPolicy, { name: 'default.c' }, v({ annotations: { 'projectcalico.org/metadata': '{' } }), '1').metadata)
      .toEqual({ name: 'c', resourceVersion: '1' });
    // Every spelling of the annotation reads as JSON.parse reads it (there is a fast path for the plain one).
    const named = (raw: string) => decodeValue(GlobalNetworkPolicy, { name: 'default.k' }, v({ annotations: { 'projectcalico.org/metadata': raw } }), '1').metadata.name;
    expect(named('{"name":"plain"}')).toBe('plain');
    expect(named('{"name":"esc\\"aped"}')).toBe('esc"aped');
    expect(named('{"name":"\\u0061b"}')).toBe('ab');
    expect(named('{ "name": "spaced" }')).toBe('spaced');
    expect(named('{"name":"first","generation":2}')).toBe('first');
    expect(named('{"name":""}')).toBe('k');
    expect(named('{"name":"ctl\u0001"}')).toBe('k'); // a raw control character is not JSON
    // Non-policy kinds never interpret the annotation.
    expect(decodeValue(GlobalNetworkSet, { name: 'default.d' }, v({ name: 'default.d', annotations: ann('x') }), '1').metadata.name).toBe('default.d');
  });

  it('puts the policy annotation in ObjectMeta position (before ownerReferences)', () => {
    const p: Resource = {
      apiVersion: 'projectcalico.org/v3',
      kind: 'NetworkPolicy',
      metadata: { ownerReferences: [{ kind: 'X' }], namespace: 'ns', name: 'p', creationTimestamp: '2024-01-01T00:00:00Z' },
      spec: {},
    };
    expect(encodeValue(NetworkPolicy, p)).toBe(
      '{"kind":"NetworkPolicy","apiVersion":"projectcalico.org/v3","metadata":{"name":"p","namespace":"ns",' +
        '"creationTimestamp":"2024-01-01T00:00:00Z","annotations":{"projectcalico.org/metadata":"{\\"name\\":\\"p\\"}"},' +
        '"ownerReferences":[{"kind":"X"}]},"spec":{}}',
    );
    const back = decodeValue(NetworkPolicy, { name: 'p', namespace: 'ns' }, encodeValue(NetworkPolicy, p), '8');
    expect(Object.keys(back.metadata)).toEqual(['name', 'namespace', 'resourceVersion', 'creationTimestamp', 'ownerReferences']);
  });

  it('writes the policy annotation and returns written objects without it', () => {
    const p: Resource = { apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name: 'p', labels: { l: '1' } }, spec: { tier: 'default' } };
    const stored = toStoredObject(GlobalNetworkPolicy, p);
    expect(stored.metadata.annotations).toEqual({ 'projectcalico.org/metadata': '{"name":"p"}' });
    expect(p.metadata.annotations).toBeUndefined();
    const w = writtenObject(GlobalNetworkPolicy, stored, '17');
    expect(w).toEqual({ apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name: 'p', resourceVersion: '17', labels: { l: '1' } }, spec: { tier: 'default' } });
    expect(w).toEqual(decodeValue(GlobalNetworkPolicy, { name: 'p' }, JSON.stringify(stored), '17'));
    expect(Object.keys(w)).toEqual(['kind', 'apiVersion', 'metadata', 'spec']);
  });
});

describe('etcd error mapping', () => {
  class GRPCUnavailableError extends Error {}
  class GRPCDeadlineExceededError extends Error {}
  class GRPCInvalidArgumentError extends Error {}
  class EtcdAuthenticationFailedError extends Error {}
  class BrokenCircuitError extends Error {}
  const ep = 'https://10.0.0.1:2379';
  const map = (e: unknown) => fromEtcdError(e, ep, 5000);

  it('turns connectivity problems into one-line DatastoreUnavailableError', () => {
    const cases: Array<[Error, string]> = [
      [new GRPCUnavailableError('14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 10.0.0.1:2379. Resolution note: '), 'connection refused'],
      [new GRPCDeadlineExceededError('4 DEADLINE_EXCEEDED: Deadline exceeded after 5.001s,name resolution: 0.001s'), 'deadline exceeded after 5s'],
      [new GRPCUnavailableError('14 UNAVAILABLE: No connection established. Last error: 80CC:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:../deps/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 42\n (2026)'), 'TLS handshake failed (server rejected the client certificate)'],
      [new GRPCUnavailableError('14 UNAVAILABLE: No connection established. Last error: Error: unable to verify the first certificate.'), 'TLS handshake failed (server certificate not signed by a trusted CA)'],
      [new GRPCUnavailableError('14 UNAVAILABLE: No connection established. Last error: Error: self-signed certificate in certificate chain'), 'TLS handshake failed (self-signed server certificate)'],
      [new GRPCUnavailableError('14 UNAVAILABLE: Name resolution failed for target dns:etcd:2379'), 'name resolution failed'],
      [new GRPCUnavailableError('14 UNAVAILABLE: No connection established. Last error: Failed to connect (2026).'), 'failed to connect'],
      [new GRPCUnavailableError('14 UNAVAILABLE: etcdserver: leader changed'), 'etcdserver: leader changed'],
      [new EtcdAuthenticationFailedError('etcdserver: authentication failed, invalid user ID or password'), 'authentication failed (invalid user ID or password)'],
      [new BrokenCircuitError('Execution prevented because the circuit breaker is open'), 'circuit breaker open after repeated failures'],
    ];
    for (const [err, reason] of cases) {
      const m = map(err);
      expect(m).toBeInstanceOf(DatastoreUnavailableError);
      expect(m.message).toBe(`datastore ${ep} is unavailable: ${reason}`);
      expect((m as DatastoreUnavailableError).cause).toBe(err);
    }
  });

  it('other etcd errors are one-line CommandErrors; our errors pass through', () => {
    const m = map(new GRPCInvalidArgumentError('3 INVALID_ARGUMENT: etcdserver: request is too large\nmore'));
    expect(m).toBeInstanceOf(CommandError);
    expect(m.message).toBe(`etcd error from ${ep}: etcdserver: request is too large`);
    const nf = new NotFoundError({ kind: 'X', name: 'y' });
    expect(map(nf)).toBe(nf);
    expect(map('weird')).toBeInstanceOf(CommandError);
  });

  it('formats durations', () => {
    expect(formatDuration(5000)).toBe('5s');
    expect(formatDuration(1500)).toBe('1.5s');
    expect(formatDuration(800)).toBe('800ms');
  });
});

describe('bulk write planning', () => {
  it('puts repeated keys in later waves, keeping order', () => {
    const ops = ['a', 'b', 'a', 'c', 'a', 'b'].map((k, i) => ({ k, i }));
    const waves = planWaves(ops, (o) => o.k);
    expect(waves.map((w) => w.map((o) => `${o.k}${o.i}`))).toEqual([['a0', 'b1', 'c3'], ['a2', 'b5'], ['a4']]);
    expect(planWaves([], (o: string) => o)).toEqual([]);
  });

  it('caps batches at 128 ops and about 1 MiB', () => {
    const sizes = (n: number, size: number) => Array.from({ length: n }, () => size);
    expect(planBatches(sizes(300, 10), (s) => s).map((b) => b.length)).toEqual([MAX_TXN_OPS, MAX_TXN_OPS, 44]);
    expect(planBatches(sizes(5, 400_000), (s) => s).map((b) => b.length)).toEqual([2, 2, 1]);
    // An oversized single op still gets its own batch.
    expect(planBatches([5_000_000, 1], (s) => s).map((b) => b.length)).toEqual([1, 1]);
  });
});
