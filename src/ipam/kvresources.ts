/**
 * IpamResources read straight from the v3 resource keys through an IpamKV (no resource
 * registry): the light-weight counterpart of DatastoreIpamResources for short-lived processes.
 * Keys as in datastore-and-validation.md §1.1; values are the stored v3 objects.
 */
import { parseCidr, type Cidr } from './cidr.js';
import type { IpamKV } from './kv.js';
import { poolFromSpec, type IpamPool, type IpamResources } from './resources.js';

const V3 = '/calico/resources/v3/projectcalico.org/';

type Stored = { metadata?: { name?: string; labels?: Record<string, string> }; spec?: Record<string, unknown> };

export class KVIpamResources implements IpamResources {
  constructor(private readonly kv: IpamKV) {}

  private async listObjects(plural: string): Promise<Stored[]> {
    const out: Stored[] = [];
    for (const p of await this.kv.list(`${V3}${plural}/`)) {
      try {
        out.push(JSON.parse(p.value) as Stored);
      } catch {
        /* unreadable entries are skipped, as a list in calicoctl would report them */
      }
    }
    return out;
  }

  async pools(): Promise<IpamPool[]> {
    const out: IpamPool[] = [];
    for (const o of await this.listObjects('ippools')) {
      const p = poolFromSpec(o.metadata?.name ?? '', o.spec ?? {});
      if (p) out.push(p);
    }
    return out;
  }

  async reservations(): Promise<Cidr[]> {
    const out: Cidr[] = [];
    for (const o of await this.listObjects('ipreservations')) {
      for (const s of (o.spec?.reservedCIDRs ?? []) as string[]) {
        const c = parseCidr(s);
        if (c) out.push(c);
      }
    }
    return out;
  }

  async nodeLabels(node: string): Promise<Record<string, string> | undefined> {
    const p = await this.kv.get(`${V3}nodes/${node}`);
    if (!p) return undefined;
    return { ...((JSON.parse(p.value) as Stored).metadata?.labels ?? {}) };
  }
}
