/**
 * The Datastore contract: behaviour every adapter (etcdv3 now, Kubernetes later) must show.
 * Call datastoreContract() inside a test file; it opens the datastore once, wipes it before
 * each test and closes it at the end.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Datastore, WriteOp } from '../../src/datastore/types.js';
import type { KindDefinition, Resource } from '../../src/resources/types.js';
import {
  AlreadyExistsError,
  ConflictError,
  NotFoundError,
  ValidationError,
} from '../../src/errors.js';
import { GlobalNetworkPolicy, GlobalNetworkSet, NetworkPolicy, NetworkSet } from './kinds.js';

export interface ContractHandle {
  ds: Datastore;
  /** Removes every Calico object (between tests). */
  wipe(): Promise<void> | void;
  /** Stops whatever open() started (after ds.close()). */
  close?(): Promise<void> | void;
}

export function gns(name: string, extra: Partial<Resource['metadata']> = {}, nets = ['10.0.0.0/24']): Resource {
  return {
    apiVersion: 'projectcalico.org/v3',
    kind: 'GlobalNetworkSet',
    metadata: { name, ...extra },
    spec: { nets },
  };
}

export function ns(namespace: string, name: string, nets = ['10.1.0.0/24']): Resource {
  return {
    apiVersion: 'projectcalico.org/v3',
    kind: 'NetworkSet',
    metadata: { name, namespace },
    spec: { nets },
  };
}

export function gnp(name: string, extra: Partial<Resource['metadata']> = {}): Resource {
  return {
    apiVersion: 'projectcalico.org/v3',
    kind: 'GlobalNetworkPolicy',
    metadata: { name, ...extra },
    spec: { tier: 'default', order: 10, selector: "role == 'db'", types: ['Ingress'] },
  };
}

export function np(namespace: string, name: string): Resource {
  return {
    apiVersion: 'projectcalico.org/v3',
    kind: 'NetworkPolicy',
    metadata: { name, namespace },
    spec: { tier: 'default', selector: 'all()', types: ['Ingress'] },
  };
}

async function rejects(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the promise to reject, it resolved');
}

function names(items: Resource[]): string[] {
  return items.map((r) => (r.metadata.namespace ? `${r.metadata.namespace}/${r.metadata.name}` : r.metadata.name!));
}

export function datastoreContract(name: string, open: () => Promise<ContractHandle>): void {
  describe(`Datastore contract: ${name}`, () => {
    let h: ContractHandle;
    let ds: Datastore;

    beforeAll(async () => {
      h = await open();
      ds = h.ds;
    });
    afterAll(async () => {
      await ds?.close();
      await h?.close?.();
    });
    beforeEach(async () => {
      await h.wipe();
    });

    it('create returns the object with a resourceVersion, and get returns the same', async () => {
      const created = await ds.create(GlobalNetworkSet, gns('a', { labels: { x: 'y' } }));
      expect(created.metadata.name).toBe('a');
      expect(created.metadata.resourceVersion).toMatch(/^\d+$/);
      expect(created.spec).toEqual({ nets: ['10.0.0.0/24'] });
      const got = await ds.get(GlobalNetworkSet, 'a');
      expect(got.kind).toBe('GlobalNetworkSet');
      expect(got.apiVersion).toBe('projectcalico.org/v3');
      expect(got.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
      expect(got.metadata.labels).toEqual({ x: 'y' });
      expect(got.spec).toEqual({ nets: ['10.0.0.0/24'] });
    });

    it('a second create gives AlreadyExistsError with the existing object', async () => {
      await ds.create(GlobalNetworkSet, gns('dup', {}, ['10.9.0.0/16']));
      const err = await rejects(ds.create(GlobalNetworkSet, gns('dup', {}, ['10.8.0.0/16'])));
      expect(err).toBeInstanceOf(AlreadyExistsError);
      expect(err.message).toMatch(/^resource already exists: GlobalNetworkSet\(dup\) with error: /);
      const existing = (err as AlreadyExistsError).existing as Resource | undefined;
      if (existing) expect(existing.spec).toEqual({ nets: ['10.9.0.0/16'] });
      expect((await ds.get(GlobalNetworkSet, 'dup')).spec).toEqual({ nets: ['10.9.0.0/16'] });
    });

    it('update is a compare-and-swap on resourceVersion', async () => {
      const v1 = await ds.create(GlobalNetworkSet, gns('u'));
      const v2 = await ds.update(GlobalNetworkSet, { ...v1, spec: { nets: ['10.2.0.0/24'] } });
      expect(v2.metadata.resourceVersion).not.toBe(v1.metadata.resourceVersion);
      expect(BigInt(v2.metadata.resourceVersion!)).toBeGreaterThan(BigInt(v1.metadata.resourceVersion!));
      expect(v2.spec).toEqual({ nets: ['10.2.0.0/24'] });

      const stale = await rejects(ds.update(GlobalNetworkSet, { ...v1, spec: { nets: ['10.3.0.0/24'] } }));
      expect(stale).toBeInstanceOf(ConflictError);
      expect(stale.message).toBe('update conflict: GlobalNetworkSet(u)');
      expect((await ds.get(GlobalNetworkSet, 'u')).spec).toEqual({ nets: ['10.2.0.0/24'] });
    });

    it('update of a missing object gives NotFoundError', async () => {
      const v1 = await ds.create(GlobalNetworkSet, gns('gone'));
      await ds.delete(GlobalNetworkSet, 'gone');
      const err = await rejects(ds.update(GlobalNetworkSet, v1));
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err.message).toMatch(/^resource does not exist: GlobalNetworkSet\(gone\) with error: /);
    });

    it('update without a resourceVersion is refused', async () => {
      await ds.create(GlobalNetworkSet, gns('norv'));
      const err = await rejects(ds.update(GlobalNetworkSet, gns('norv')));
      expect(err).toBeInstanceOf(ValidationError);
      expect(err.message).toContain('Metadata.ResourceVersion');
    });

    it('get and delete of a missing object give NotFoundError', async () => {
      const g = await rejects(ds.get(GlobalNetworkSet, 'nope'));
      expect(g).toBeInstanceOf(NotFoundError);
      expect(g.message).toMatch(/^resource does not exist: GlobalNetworkSet\(nope\) with error: /);
      const d = await rejects(ds.delete(NetworkSet, 'nope', 'ns1'));
      expect(d).toBeInstanceOf(NotFoundError);
      expect(d.message).toMatch(/^resource does not exist: NetworkSet\(ns1\/nope\) with error: /);
    });

    it('delete returns the deleted object; with a stale resourceVersion it is a ConflictError', async () => {
      const v1 = await ds.create(NetworkSet, ns('ns1', 'd'));
      const v2 = await ds.update(NetworkSet, { ...v1, metadata: { ...v1.metadata, labels: { v: '2' } } });
      const stale = await rejects(ds.delete(NetworkSet, 'd', 'ns1', v1.metadata.resourceVersion));
      expect(stale).toBeInstanceOf(ConflictError);
      expect(stale.message).toBe('update conflict: NetworkSet(ns1/d)');
      const deleted = await ds.delete(NetworkSet, 'd', 'ns1', v2.metadata.resourceVersion);
      expect(deleted.metadata.name).toBe('d');
      expect(deleted.metadata.namespace).toBe('ns1');
      expect(deleted.metadata.labels).toEqual({ v: '2' });
      expect(await rejects(ds.get(NetworkSet, 'd', 'ns1'))).toBeInstanceOf(NotFoundError);
      // Without a resourceVersion the delete is unconditional.
      await ds.create(NetworkSet, ns('ns1', 'e'));
      expect((await ds.delete(NetworkSet, 'e', 'ns1')).metadata.name).toBe('e');
    });

    it('lists one namespace or all namespaces, in key order', async () => {
      await ds.create(NetworkSet, ns('ns2', 'a'));
      await ds.create(NetworkSet, ns('ns1', 'b'));
      await ds.create(NetworkSet, ns('ns1', 'a'));
      await ds.create(NetworkSet, ns('ns10', 'z'));
      const one = await ds.list(NetworkSet, { namespace: 'ns1' });
      expect(names(one.items)).toEqual(['ns1/a', 'ns1/b']);
      const all = await ds.list(NetworkSet);
      expect(names(all.items)).toEqual(['ns1/a', 'ns1/b', 'ns10/z', 'ns2/a']);
      for (const r of all.items) {
        expect(r.kind).toBe('NetworkSet');
        expect(r.metadata.resourceVersion).toMatch(/^\d+$/);
      }
      expect((await ds.list(NetworkSet, { namespace: 'empty' })).items).toEqual([]);
      // A namespace is a whole path segment: "ns1" must not match "ns10".
      expect(names((await ds.list(NetworkSet, { namespace: 'ns10' })).items)).toEqual(['ns10/z']);
    });

    it('lists cluster-scoped kinds by name without matching name prefixes of other kinds', async () => {
      await ds.create(GlobalNetworkSet, gns('b'));
      await ds.create(GlobalNetworkSet, gns('a'));
      await ds.create(GlobalNetworkPolicy, gnp('a'));
      const l = await ds.list(GlobalNetworkSet);
      expect(names(l.items)).toEqual(['a', 'b']);
      expect(l.items.every((r) => r.kind === 'GlobalNetworkSet')).toBe(true);
    });

    it('a list carries the datastore revision', async () => {
      const empty = await ds.list(GlobalNetworkSet);
      expect(empty.revision).toMatch(/^\d+$/);
      const c = await ds.create(GlobalNetworkSet, gns('r'));
      const l = await ds.list(GlobalNetworkSet);
      expect(BigInt(l.revision)).toBeGreaterThanOrEqual(BigInt(c.metadata.resourceVersion!));
      expect(BigInt(l.revision)).toBeGreaterThan(BigInt(empty.revision));
    });

    it('round-trips labels, annotations and policy names', async () => {
      const labels = { 'app.kubernetes.io/name': 'db', tier: 'backend' };
      const annotations = { 'example.com/note': 'hello: world', empty: '' };
      await ds.create(GlobalNetworkPolicy, gnp('allow-db', { labels, annotations }));
      const got = await ds.get(GlobalNetworkPolicy, 'allow-db');
      expect(got.metadata.name).toBe('allow-db');
      expect(got.metadata.labels).toEqual(labels);
      expect(got.metadata.annotations).toEqual(annotations);
      expect(got.spec).toMatchObject({ selector: "role == 'db'", order: 10 });

      await ds.create(NetworkPolicy, np('prod', 'p1'));
      const p = await ds.get(NetworkPolicy, 'p1', 'prod');
      expect(p.metadata.name).toBe('p1');
      expect(p.metadata.namespace).toBe('prod');
      expect(p.metadata.annotations ?? {}).toEqual({});
      const listed = await ds.list(NetworkPolicy);
      expect(names(listed.items)).toEqual(['prod/p1']);
    });

    it('writeMany gives one outcome per op, in order', async () => {
      const b = await ds.create(GlobalNetworkSet, gns('b'));
      const c = await ds.create(GlobalNetworkSet, gns('c'));
      await ds.update(GlobalNetworkSet, { ...c, spec: { nets: ['10.7.0.0/24'] } });
      const e = await ds.create(NetworkSet, ns('ns1', 'e'));
      const ops: WriteOp[] = [
        { op: 'create', kind: GlobalNetworkSet, object: gns('a') },
        { op: 'create', kind: GlobalNetworkSet, object: gns('b') },
        { op: 'update', kind: GlobalNetworkSet, object: c },
        { op: 'update', kind: GlobalNetworkSet, object: { ...b, metadata: { ...b.metadata, name: 'missing' } } },
        { op: 'delete', kind: NetworkSet, name: 'e', namespace: 'ns1', resourceVersion: e.metadata.resourceVersion },
        { op: 'delete', kind: NetworkSet, name: 'f', namespace: 'ns1' },
        { op: 'create', kind: GlobalNetworkSet, object: gns('g') },
        { op: 'update', kind: GlobalNetworkSet, object: { ...b, spec: { nets: ['10.6.0.0/24'] } } },
      ];
      const out = await ds.writeMany(ops);
      expect(out).toHaveLength(ops.length);
      const summary = out.map((o) => (o.ok ? 'ok' : o.error.constructor.name));
      expect(summary).toEqual([
        'ok',
        'AlreadyExistsError',
        'ConflictError',
        'NotFoundError',
        'ok',
        'NotFoundError',
        'ok',
        'ok',
      ]);
      const o0 = out[0]!;
      expect(o0.ok && o0.object.metadata.name).toBe('a');
      expect(o0.ok && o0.object.metadata.resourceVersion).toMatch(/^\d+$/);
      const o4 = out[4]!;
      expect(o4.ok && o4.object.metadata.name).toBe('e');
      const o7 = out[7]!;
      expect(o7.ok && o7.object.spec).toEqual({ nets: ['10.6.0.0/24'] });
      expect(!out[1]!.ok && out[1]!.error.message).toMatch(/^resource already exists: GlobalNetworkSet\(b\) with error: /);
      expect(!out[3]!.ok && out[3]!.error.message).toMatch(/^resource does not exist: GlobalNetworkSet\(missing\) with error: /);

      const got = await ds.getMany([
        { kind: GlobalNetworkSet, name: 'a' },
        { kind: GlobalNetworkSet, name: 'missing' },
        { kind: NetworkSet, name: 'e', namespace: 'ns1' },
        { kind: GlobalNetworkSet, name: 'g' },
        { kind: GlobalNetworkSet, name: 'b' },
      ]);
      expect(got.map((r) => r?.metadata.name)).toEqual(['a', undefined, undefined, 'g', 'b']);
      expect(got[4]!.spec).toEqual({ nets: ['10.6.0.0/24'] });
    });

    it('writeMany applies ops on the same object in order, even across batches', async () => {
      const filler = (from: number): WriteOp[] =>
        Array.from({ length: 150 }, (_, i) => ({ op: 'create' as const, kind: GlobalNetworkSet, object: gns(`f-${from + i}`) }));
      const ops: WriteOp[] = [
        { op: 'create', kind: GlobalNetworkSet, object: gns('same') },
        ...filler(0),
        { op: 'delete', kind: GlobalNetworkSet, name: 'same' },
        ...filler(150),
        { op: 'create', kind: GlobalNetworkSet, object: gns('same', { labels: { round: '2' } }) },
        { op: 'create', kind: GlobalNetworkSet, object: gns('same') },
      ];
      const out = await ds.writeMany(ops);
      const same = [0, 151, 302, 303].map((i) => out[i]!);
      expect(same.map((o) => (o.ok ? 'ok' : o.error.constructor.name))).toEqual(['ok', 'ok', 'ok', 'AlreadyExistsError']);
      expect(out.filter((o) => o.ok)).toHaveLength(303);
      expect((await ds.get(GlobalNetworkSet, 'same')).metadata.labels).toEqual({ round: '2' });
    });

    it('writeMany and getMany handle hundreds of objects with failures spread across batches', async () => {
      const N = 600;
      // Pre-create every 7th object so those creates fail.
      const pre = await ds.writeMany(
        Array.from({ length: N }, (_, i) => i)
          .filter((i) => i % 7 === 0)
          .map((i) => ({ op: 'create' as const, kind: GlobalNetworkSet, object: gns(`obj-${String(i).padStart(4, '0')}`) })),
      );
      expect(pre.every((o) => o.ok)).toBe(true);
      const out = await ds.writeMany(
        Array.from({ length: N }, (_, i) => ({
          op: 'create' as const,
          kind: GlobalNetworkSet,
          object: gns(`obj-${String(i).padStart(4, '0')}`, { labels: { i: String(i) } }),
        })),
      );
      out.forEach((o, i) => {
        if (i % 7 === 0) expect(o.ok ? 'ok' : o.error).toBeInstanceOf(AlreadyExistsError);
        else {
          expect(o.ok).toBe(true);
          expect(o.ok && o.object.metadata.labels).toEqual({ i: String(i) });
        }
      });
      const list = await ds.list(GlobalNetworkSet);
      expect(list.items).toHaveLength(N);
      const refs = Array.from({ length: N + 10 }, (_, i) => ({ kind: GlobalNetworkSet, name: `obj-${String(i).padStart(4, '0')}` }));
      const got = await ds.getMany(refs);
      got.forEach((r, i) => {
        if (i >= N) expect(r).toBeUndefined();
        else if (i % 7 === 0) expect(r?.metadata.labels).toBeUndefined();
        else expect(r?.metadata.labels).toEqual({ i: String(i) });
      });
    });
  });
}
