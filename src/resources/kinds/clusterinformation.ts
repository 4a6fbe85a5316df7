import type { FieldError } from '../../errors.js';
import type { KindDefinition, Resource } from '../types.js';
import { Problems } from '../validation/problems.js';
import { checkMetadata } from '../validation/metadata.js';
import { checkSingletonName } from '../validation/names.js';
import { goPointer, goValue, nameColumn, specAt } from './columns.js';

function validate(r: Resource): FieldError[] {
  const p = new Problems();
  checkMetadata(p, r);
  const name = r.metadata?.name;
  if (typeof name === 'string' && name !== '') checkSingletonName(p, 'ClusterInformation', name, ['default']);
  return p.list;
}

export const clusterInformation: KindDefinition = {
  kind: 'ClusterInformation',
  plural: 'clusterinformations',
  aliases: ['clusterinformation', 'clusterinformations', 'clusterinfo', 'clusterinfos'],
  scope: 'Cluster',
  listedInHelp: true,
  schemaName: 'clusterinformations',
  goSpecType: 'ClusterInformationSpec',
  // Read-only to calicoctl; these are the messages it prints.
  refuses: {
    create: 'operation create or apply is not supported on ClusterInformation',
    apply: 'operation apply is not supported on ClusterInformation: resource is readonly',
    replace: 'operation apply or replace is not supported on ClusterInformation',
    delete: 'operation delete is not supported on ClusterInformation',
  },
  columns: {
    ps: ['NAME', 'CLUSTERGUID', 'CLUSTERTYPE', 'CALICOVERSION', 'DATASTOREREADY'],
    wide: ['NAME', 'CLUSTERGUID', 'CLUSTERTYPE', 'CALICOVERSION', 'DATASTOREREADY'],
    values: {
      NAME: nameColumn,
      CLUSTERGUID: (r) => goValue(specAt(r, 'clusterGUID')),
      CLUSTERTYPE: (r) => goValue(specAt(r, 'clusterType')),
      CALICOVERSION: (r) => goValue(specAt(r, 'calicoVersion')),
      DATASTOREREADY: (r) => goPointer(specAt(r, 'datastoreReady')),
    },
  },
  validate,
};
