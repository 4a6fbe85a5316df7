/**
 * Watch targets on the Kubernetes datastore: which collections back a kind (see kube.ts for the
 * same mapping on reads) and how a watched object is named in events.
 *
 * - Calico kinds: their CRD collection in the configured API group (v3 names through the group
 *   mapper, so policies keep their v3 names).
 * - Node: core Nodes. Profile: Namespaces (`kns.<ns>`) and ServiceAccounts (`ksa.<ns>.<sa>`).
 * - Block affinities: the BlockAffinity CRD (`blockaffinities`); with a host, only objects
 *   whose spec.node is that host produce events.
 * - WorkloadEndpoint (Pods) cannot be watched here.
 */
import { OperationNotSupportedError } from '../../errors.js';
import type { WatchKind } from '../types.js';
import type { CustomResource } from './crd.js';
import type { GroupMapper } from './group.js';
import { NAMESPACE_PREFIX, SERVICE_ACCOUNT_PREFIX } from './profile.js';
import type { KubeCollection, KubeWatchObject } from './watch.js';

const nameOnly = (o: KubeWatchObject): { name?: string } => ({ name: o.metadata?.name });

export function kubeCollections(kind: WatchKind, group: GroupMapper): KubeCollection[] {
  if ('ipam' in kind) {
    const host = kind.host;
    return [
      {
        path: `/apis/${group.apiVersion}/blockaffinities`,
        kind: 'BlockAffinity',
        describe: (o) => {
          const node = (o.spec as { node?: unknown } | undefined)?.node;
          return host === undefined || node === host ? nameOnly(o) : undefined;
        },
      },
    ];
  }
  switch (kind.kind) {
    case 'Node':
      return [{ path: '/api/v1/nodes', kind: 'Node', describe: nameOnly }];
    case 'Profile':
      return [
        { path: '/api/v1/namespaces', kind: 'Profile', describe: (o) => ({ name: `${NAMESPACE_PREFIX}${o.metadata?.name ?? ''}` }) },
        {
          path: '/api/v1/serviceaccounts',
          kind: 'Profile',
          describe: (o) => ({ name: `${SERVICE_ACCOUNT_PREFIX}${o.metadata?.namespace ?? ''}.${o.metadata?.name ?? ''}` }),
        },
      ];
    case 'WorkloadEndpoint':
      throw new OperationNotSupportedError('Watch', 'WorkloadEndpoint');
    default:
      return [
        {
          path: group.path(kind),
          kind: kind.kind,
          describe: (o) => {
            const m = group.fromServer(kind, o as unknown as CustomResource).metadata;
            return m.namespace ? { name: m.name, namespace: m.namespace } : { name: m.name };
          },
        },
      ];
  }
}
