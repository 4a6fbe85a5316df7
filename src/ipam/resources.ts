/**
 * What the IPAM library reads from the v3 resources: IP pools, IP reservations and node labels.
 * `DatastoreIpamResources` reads them through the Datastore interface.
 */
import type { Datastore } from '../datastore/types.js';
import type { KindDefinition } from '../resources/types.js';
import { NotFoundError } from '../errors.js';
import { parseCidr, type Cidr } from './cidr.js';

export interface IpamPool {
  name: string;
  cidr: Cidr;
  blockSize: number;
  disabled: boolean;
  nodeSelector: string;
  /** Default ['Workload', 'Tunnel']. */
  allowedUses: string[];
}

export interface IpamResources {
  pools(): Promise<IpamPool[]>;
  /** Every reserved CIDR of every IPReservation. */
  reservations(): Promise<Cidr[]>;
  /** The node's labels; undefined when the Node does not exist. */
  nodeLabels(node: string): Promise<Record<string, string> | undefined>;
}

export function poolFromSpec(name: string, spec: Record<string, unknown>): IpamPool | undefined {
  const cidr = typeof spec.cidr === 'string' ? parseCidr(spec.cidr) : undefined;
  if (!cidr) return undefined;
  const blockSize = typeof spec.blockSize === 'number' ? spec.blockSize : cidr.version === 4 ? 26 : 122;
  return {
    name,
    cidr,
    blockSize,
    disabled: spec.disabled === true,
    nodeSelector: typeof spec.nodeSelector === 'string' ? spec.nodeSelector : 'all()',
    allowedUses: Array.isArray(spec.allowedUses) && spec.allowedUses.length > 0 ? (spec.allowedUses as string[]) : ['Workload', 'Tunnel'],
  };
}

export class DatastoreIpamResources implements IpamResources {
  private kinds?: { pool: KindDefinition; reservation: KindDefinition; node: KindDefinition };

  constructor(private readonly ds: Datastore) {}

  private async k(): Promise<{ pool: KindDefinition; reservation: KindDefinition; node: KindDefinition }> {
    if (!this.kinds) {
      const { lookupKind } = await import('../resources/registry.js');
      this.kinds = { pool: lookupKind('ippool'), reservation: lookupKind('ipreservation'), node: lookupKind('node') };
    }
    return this.kinds;
  }

  async pools(): Promise<IpamPool[]> {
    const { items } = await this.ds.list((await this.k()).pool);
    const out: IpamPool[] = [];
    for (const r of items) {
      const p = poolFromSpec(r.metadata.name ?? '', r.spec ?? {});
      if (p) out.push(p);
    }
    return out;
  }

  async reservations(): Promise<Cidr[]> {
    const { items } = await this.ds.list((await this.k()).reservation);
    const out: Cidr[] = [];
    for (const r of items) {
      for (const s of (r.spec?.reservedCIDRs ?? []) as string[]) {
        const c = parseCidr(s);
        if (c) out.push(c);
      }
    }
    return out;
  }

  async nodeLabels(node: string): Promise<Record<string, string> | undefined> {
    try {
      const r = await this.ds.get((await this.k()).node, node);
      return { ...(r.metadata.labels ?? {}) };
    } catch (e) {
      if (e instanceof NotFoundError) return undefined;
      throw e;
    }
  }
}
