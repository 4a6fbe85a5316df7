/**
 * Which API group backs Calico resources (datastore-and-validation §2.1): the classic
 * `crd.projectcalico.org/v1` CRDs (default), or `projectcalico.org/v3` CRDs installed directly
 * when calicoAPIGroup / CALICO_API_GROUP says so. No discovery is done: without an explicit
 * choice the v1 group is used. In the v3 group objects travel as they are (no metadata
 * annotation, no uid translation).
 */
import { ConfigError } from '../../errors.js';
import { API_VERSION, type KindDefinition, type Resource } from '../../resources/types.js';
import { crdPath, fromCustomResource, toCustomResource, type CustomResource } from './crd.js';

export interface GroupMapper {
  readonly apiVersion: string;
  path(kind: KindDefinition, namespace?: string, name?: string): string;
  toServer(kind: KindDefinition, obj: Resource): CustomResource;
  fromServer(kind: KindDefinition, cr: CustomResource): Resource;
}

const v1: GroupMapper = {
  apiVersion: 'crd.projectcalico.org/v1',
  path: crdPath,
  toServer: toCustomResource,
  fromServer: fromCustomResource,
};

const v3: GroupMapper = {
  apiVersion: API_VERSION,
  path(kind, namespace, name) {
    const ns = kind.scope === 'Namespaced' && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    return `/apis/${API_VERSION}${ns}/${kind.plural}${name !== undefined ? `/${encodeURIComponent(name)}` : ''}`;
  },
  toServer(kind, obj) {
    const metadata = { ...obj.metadata };
    if (kind.scope !== 'Namespaced') delete metadata.namespace;
    const out: CustomResource = { apiVersion: API_VERSION, kind: kind.kind, metadata, spec: obj.spec ?? {} };
    if (obj.status !== undefined) out.status = obj.status;
    return out;
  },
  fromServer(kind, cr) {
    const metadata = { ...(cr.metadata ?? {}) };
    delete metadata.managedFields;
    const out: Resource = { kind: kind.kind, apiVersion: API_VERSION, metadata, spec: cr.spec ?? {} };
    if (cr.status !== undefined) out.status = cr.status;
    return out;
  },
};

/** The mapper for a calicoAPIGroup setting (`projectcalico.org`, `projectcalico.org/v3`, `crd.projectcalico.org[/v1]`). */
export function groupMapper(setting: string | undefined): GroupMapper {
  const g = (setting ?? '').trim();
  if (g === '' || g === 'crd.projectcalico.org' || g === 'crd.projectcalico.org/v1') return v1;
  if (g === 'projectcalico.org' || g === 'projectcalico.org/v3') return v3;
  throw new ConfigError(`unsupported Calico API group: ${g} (expected crd.projectcalico.org/v1 or projectcalico.org/v3)`);
}
