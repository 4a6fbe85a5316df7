/**
 * `ipam split`: replace one IP pool by 2^k smaller ones. The datastore must be locked; the old
 * pool is disabled first, then the new pools are created and the old one deleted. Block
 * affinities are left as they are.
 */
import { CommandError } from '../../errors.js';
import { bitsOf, formatCidr, parseCidr, type Cidr } from '../../ipam/cidr.js';
import { findKind } from '../../resources/registry.js';
import type { Resource } from '../../resources/types.js';
import { openClient, type ClientFlags } from '../client.js';
import { stdout } from '../output.js';
import { isDatastoreLocked } from '../datastore/lock.js';

export interface SplitFlags extends ClientFlags {
  cidr?: string;
  name?: string;
}

/** The `n` equal parts of `cidr`, or why it cannot be split that way. */
export function splitCidr(cidr: Cidr, n: number): Cidr[] | 'not-power' | 'too-small' {
  if (!Number.isInteger(n) || n < 2 || (n & (n - 1)) !== 0) return 'not-power';
  const extra = Math.log2(n);
  const prefix = cidr.prefix + extra;
  if (prefix > bitsOf(cidr.version)) return 'too-small';
  const step = 1n << BigInt(bitsOf(cidr.version) - prefix);
  return Array.from({ length: n }, (_, i) => ({ version: cidr.version, base: cidr.base + BigInt(i) * step, prefix }));
}

export async function runSplit(number: string, flags: SplitFlags): Promise<void> {
  if (!flags.cidr && !flags.name) {
    throw new CommandError('no name or CIDR provided. Provide a name or CIDR to denote the IP pool to split');
  }
  const ds = await openClient(flags);
  try {
    if (!(await isDatastoreLocked(ds))) {
      throw new CommandError('datastore is not locked. Run the `calicoctl datastore migrate lock` command in order split the IP pools');
    }
    const kind = findKind('ippool')!;
    const { items } = await ds.list(kind);
    const old = items.find(
      (p) => (!flags.name || p.metadata.name === flags.name) && (!flags.cidr || p.spec?.cidr === flags.cidr),
    );
    if (!old) throw new CommandError(`unable to find IP pool ${flags.name ?? ''} covering the specified CIDR ${flags.cidr ?? ''}`);
    const oldName = old.metadata.name ?? '';

    const { ResourceManager, prepare, nowTimestamp } = await import('../../resources/manager.js');
    const { randomUUID } = await import('node:crypto');
    const manager = new ResourceManager(ds);
    // Disable the pool first so that nothing new is allocated from it while it is replaced.
    await manager.replace(kind, { ...old, spec: { ...old.spec, disabled: true } });

    const cidr = parseCidr(String(old.spec?.cidr ?? ''));
    if (!cidr) throw new CommandError(`invalid CIDR in IP pool ${oldName}: ${String(old.spec?.cidr)}`);
    const n = /^\d+$/.test(number) ? Number(number) : NaN;
    const parts = splitCidr(cidr, n);
    if (parts === 'not-power') throw new CommandError(`number to split CIDR into is not a valid power of 2: ${number}`);
    const blockSize = typeof old.spec?.blockSize === 'number' ? old.spec.blockSize : cidr.version === 4 ? 26 : 122;
    if (parts === 'too-small' || parts[0]!.prefix > blockSize) {
      throw new CommandError(`the CIDR ${formatCidr(cidr)} is not large enough to be split into ${number} parts`);
    }

    const created: string[] = [];
    for (const [i, part] of parts.entries()) {
      const name = `split-${oldName}-${i}`;
      const spec: Record<string, unknown> = { ...old.spec, cidr: formatCidr(part) };
      delete spec.disabled;
      const pool: Resource = { apiVersion: old.apiVersion, kind: old.kind, metadata: { name }, spec };
      // Created directly: the new pools overlap the (disabled) old pool until it is deleted.
      const ready = prepare(kind, pool, 'create');
      await ds.create(kind, { ...ready, metadata: { ...ready.metadata, uid: randomUUID(), creationTimestamp: nowTimestamp() } });
      created.push(`Created ${name} with CIDR ${formatCidr(part)}.\n`);
    }
    await manager.delete(kind, oldName);
    await stdout(
      `IP Pool ${oldName} was successfully split into ${parts.length} smaller pools.` +
        created.join('') +
        'Please refer to the documentation for final steps.',
    );
  } finally {
    await ds.close();
  }
}
