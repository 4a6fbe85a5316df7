import type { KindDefinition } from '../types.js';
import { networkSetColumns, validateNetworkSet } from './networksets-common.js';

export const networkSet: KindDefinition = {
  kind: 'NetworkSet',
  plural: 'networksets',
  aliases: ['networkset', 'networksets', 'netsets'],
  scope: 'Namespaced',
  listedInHelp: true,
  schemaName: 'networksets',
  goSpecType: 'NetworkSetSpec',
  columns: networkSetColumns(true),
  validate: (r) => validateNetworkSet(r, true),
};
