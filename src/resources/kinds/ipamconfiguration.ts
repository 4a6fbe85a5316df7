import type { FieldError } from '../../errors.js';
import type { KindDefinition, Resource } from '../types.js';
import { Problems, checkEnum, checkIntRange } from '../validation/problems.js';
import { isObj } from '../validation/values.js';
import { checkMetadata } from '../validation/metadata.js';
import { checkSingletonName } from '../validation/names.js';
import { goBool, goValue, nameColumn, specAt } from './columns.js';

function validate(r: Resource): FieldError[] {
  const p = new Problems();
  checkMetadata(p, r);
  const name = r.metadata?.name;
  if (typeof name === 'string' && name !== '') checkSingletonName(p, 'IPAMConfiguration', name, ['default']);
  const spec = isObj(r.spec) ? r.spec : {};
  const max = spec.maxBlocksPerHost;
  if (typeof max === 'number' && max < 0) p.add('MaxBlocksPerHost', 'must be greater than or equal to 0', max);
  checkIntRange(p, 'spec.maxBlocksPerHost', max, 0, 1000000);
  checkIntRange(p, 'spec.ipCooldownSeconds', spec.ipCooldownSeconds, 0, 1200);
  checkEnum(p, 'spec.kubeVirtVMAddressPersistence', spec.kubeVirtVMAddressPersistence, ['Enabled', 'Disabled']);
  return p.list;
}

export const ipamConfiguration: KindDefinition = {
  kind: 'IPAMConfiguration',
  plural: 'ipamconfigurations',
  aliases: ['ipamconfiguration', 'ipamconfigurations', 'ipamconfig', 'ipamconfigs'],
  scope: 'Cluster',
  listedInHelp: false,
  schemaName: 'ipamconfigs',
  goSpecType: 'IPAMConfigurationSpec',
  columns: {
    ps: ['NAME', 'STRICTAFFINITY', 'AUTOALLOCATEBLOCKS'],
    wide: ['NAME', 'STRICTAFFINITY', 'AUTOALLOCATEBLOCKS', 'MAXBLOCKSPERHOST'],
    values: {
      NAME: nameColumn,
      STRICTAFFINITY: (r) => goBool(specAt(r, 'strictAffinity')),
      AUTOALLOCATEBLOCKS: (r) => goBool(specAt(r, 'autoAllocateBlocks')),
      MAXBLOCKSPERHOST: (r) => goValue(specAt(r, 'maxBlocksPerHost') ?? 0),
    },
  },
  validate,
};
