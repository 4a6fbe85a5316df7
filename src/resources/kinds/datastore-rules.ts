/**
 * The kinds' checks against what is already stored (clientv3's checks before a write):
 * IPPool CIDR overlap on create and CIDR/blockSize immutability on update, a policy's tier
 * must exist on create, a BGPPeer's filters must exist.
 */
import { NotFoundError, type FieldError } from '../../errors.js';
import type { DatastoreLookup, Resource } from '../types.js';
import { arr, obj, str } from '../validation/values.js';
import { canonicalCIDR, cidrsOverlap, parseCIDR } from '../validation/net.js';

const specOf = (r: Resource): Record<string, unknown> => obj(r.spec);

/** IPPool: no overlap with another pool on create; cidr and blockSize fixed on update. */
export async function checkIPPoolWithDatastore(r: Resource, ds: DatastoreLookup, op: 'create' | 'update', old?: Resource): Promise<FieldError[]> {
  const spec = specOf(r);
  const cidr = str(spec.cidr) ?? '';
  const problems: FieldError[] = [];
  if (op === 'update' && old) {
    const before = specOf(old);
    const oldCidr = str(before.cidr) ?? '';
    const same = parseCIDR(oldCidr) && parseCIDR(cidr) ? canonicalCIDR(oldCidr) === canonicalCIDR(cidr) : oldCidr === cidr;
    if (!same) problems.push({ field: 'IPPool.Spec.CIDR', value: cidr, reason: 'IPPool CIDR cannot be modified' });
    if (before.blockSize !== undefined && before.blockSize !== spec.blockSize) {
      problems.push({ field: 'IPPool.Spec.BlockSize', value: spec.blockSize, reason: 'IPPool BlockSize cannot be modified' });
    }
    return problems;
  }
  const mine = parseCIDR(cidr);
  if (!mine) return problems;
  for (const other of await ds.list('IPPool')) {
    if (other.metadata.name === r.metadata.name) continue;
    const theirs = str(specOf(other).cidr) ?? '';
    const c = parseCIDR(theirs);
    if (c && cidrsOverlap(mine, c)) {
      problems.push({
        field: 'IPPool.Spec.CIDR',
        reason: `IPPool(${r.metadata.name ?? ''}) CIDR overlaps with IPPool(${other.metadata.name ?? ''}) CIDR ${theirs}`,
      });
    }
  }
  return problems;
}

/** Policies: the tier must exist when the policy is created (clientv3 reads it first). */
export async function checkPolicyTier(r: Resource, ds: DatastoreLookup, op: 'create' | 'update'): Promise<FieldError[]> {
  if (op !== 'create') return [];
  const tier = str(specOf(r).tier) || 'default';
  if (!(await ds.get('Tier', tier))) throw new NotFoundError({ kind: 'Tier', name: tier });
  return [];
}

/** BGPPeer: every filter named in spec.filters must exist. */
export async function checkBGPPeerFilters(r: Resource, ds: DatastoreLookup): Promise<FieldError[]> {
  const missing: string[] = [];
  for (const f of arr(specOf(r).filters)) {
    if (typeof f === 'string' && !(await ds.get('BGPFilter', f))) missing.push(f);
  }
  if (missing.length === 0) return [];
  return [{ field: 'BGPPeer.Spec.Filters', value: `[${missing.join(' ')}]`, reason: 'BGPFilter(s) not found' }];
}
