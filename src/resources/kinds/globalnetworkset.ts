import type { KindDefinition } from '../types.js';
import { networkSetColumns, validateNetworkSet } from './networksets-common.js';

export const globalNetworkSet: KindDefinition = {
  kind: 'GlobalNetworkSet',
  plural: 'globalnetworksets',
  aliases: ['globalnetworkset', 'globalnetworksets', 'gnetsets'],
  scope: 'Cluster',
  listedInHelp: true,
  schemaName: 'globalnetworksets',
  goSpecType: 'GlobalNetworkSetSpec',
  columns: networkSetColumns(false),
  validate: (r) => validateNetworkSet(r, false),
};
