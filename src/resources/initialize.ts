/**
 * What Calico's client does before writes (EnsureInitialized): ClusterInformation `default`
 * and the three built-in tiers. Best effort: a failure here is ignored, as calicoctl does;
 * the write that follows reports any real datastore problem.
 */
import { randomBytes } from 'node:crypto';
import type { Datastore, WriteOp } from '../datastore/types.js';
import { kindNamed } from './kind-catalog.js';
import { nowTimestamp } from './manager.js';
import { randomUUID } from 'node:crypto';
import { API_VERSION, type Resource } from './types.js';

const BUILTIN_TIERS: ReadonlyArray<{ name: string; order: number; defaultAction: 'Deny' | 'Pass' }> = [
  { name: 'default', order: 1_000_000, defaultAction: 'Deny' },
  { name: 'kube-admin', order: 1_000, defaultAction: 'Pass' },
  { name: 'kube-baseline', order: 10_000_000, defaultAction: 'Pass' },
];

function meta(name: string) {
  return { name, uid: randomUUID(), creationTimestamp: nowTimestamp() };
}

export function newClusterInformation(clusterType = ''): Resource {
  const spec: Record<string, unknown> = { clusterGUID: randomBytes(16).toString('hex'), datastoreReady: true };
  if (clusterType) spec.clusterType = clusterType;
  return { apiVersion: API_VERSION, kind: 'ClusterInformation', metadata: meta('default'), spec };
}

export async function ensureInitialized(ds: Datastore): Promise<void> {
  const ci = await kindNamed('ClusterInformation');
  const tier = await kindNamed('Tier');
  if (!ci || !tier) return;
  try {
    const refs = [{ kind: ci, name: 'default' }, ...BUILTIN_TIERS.map((t) => ({ kind: tier, name: t.name }))];
    const found = await ds.getMany(refs);
    const ops: WriteOp[] = [];
    const info = found[0];
    if (!info) ops.push({ op: 'create', kind: ci, object: newClusterInformation() });
    else if (info.spec?.datastoreReady === undefined) {
      ops.push({ op: 'update', kind: ci, object: { ...info, spec: { ...info.spec, datastoreReady: true } } });
    }
    BUILTIN_TIERS.forEach((t, i) => {
      if (found[i + 1]) return;
      ops.push({
        op: 'create',
        kind: tier,
        object: { apiVersion: API_VERSION, kind: 'Tier', metadata: meta(t.name), spec: { order: t.order, defaultAction: t.defaultAction } },
      });
    });
    if (ops.length > 0) await ds.writeMany(ops);
  } catch {
    // Ignored, as calicoctl ignores initialisation failures.
  }
}
