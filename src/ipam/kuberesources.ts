/**
 * IpamResources read straight from the API server (no resource registry): IPPool and
 * IPReservation custom resources (crd.projectcalico.org/v1, spec = the v3 spec) and the node's
 * labels from the core Node (the Calico view: Kubernetes labels over those in the
 * `projectcalico.org/labels` annotation). The light-weight counterpart of
 * DatastoreIpamResources on a KubeDatastore, for the CNI plugin.
 */
import type { KubeHttpClient } from '../datastore/kube/http.js';
import { KubeHttpError, fromKubeError } from '../datastore/kube/errors.js';
import { nodeFromKube, type K8sNode } from '../datastore/kube/node.js';
import { parseCidr, type Cidr } from './cidr.js';
import { poolFromSpec, type IpamPool, type IpamResources } from './resources.js';
import { IPAM_CRD_API_VERSION } from './kubekv.js';

type CR = { metadata?: { name?: string }; spec?: Record<string, unknown> };

export class KubeIpamResources implements IpamResources {
  constructor(
    private readonly http: KubeHttpClient,
    private readonly endpoint: string,
  ) {}

  private async listCRs(plural: string): Promise<CR[]> {
    try {
      const l = await this.http.request<{ items?: CR[] }>('GET', `/apis/${IPAM_CRD_API_VERSION}/${plural}`);
      return l.items ?? [];
    } catch (e) {
      throw fromKubeError(e, this.endpoint);
    }
  }

  async pools(): Promise<IpamPool[]> {
    const out: IpamPool[] = [];
    for (const o of await this.listCRs('ippools')) {
      const p = poolFromSpec(o.metadata?.name ?? '', o.spec ?? {});
      if (p) out.push(p);
    }
    return out;
  }

  async reservations(): Promise<Cidr[]> {
    const out: Cidr[] = [];
    for (const o of await this.listCRs('ipreservations')) {
      for (const s of (o.spec?.reservedCIDRs ?? []) as string[]) {
        const c = parseCidr(s);
        if (c) out.push(c);
      }
    }
    return out;
  }

  async nodeLabels(node: string): Promise<Record<string, string> | undefined> {
    let k: K8sNode;
    try {
      k = await this.http.request<K8sNode>('GET', `/api/v1/nodes/${encodeURIComponent(node)}`);
    } catch (e) {
      if (e instanceof KubeHttpError && e.statusCode === 404) return undefined;
      throw fromKubeError(e, this.endpoint, { kind: 'Node', name: node });
    }
    return { ...(nodeFromKube(k).metadata.labels ?? {}) };
  }
}
