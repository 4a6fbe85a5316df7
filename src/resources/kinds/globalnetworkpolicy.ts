import type { KindDefinition } from '../types.js';
import { checkGlobalPolicyName } from '../validation/names.js';
import { checkPolicyTier } from './datastore-rules.js';
import { policyColumns, policyDefaults, validatePolicy } from './policy-common.js';

export const globalNetworkPolicy: KindDefinition = {
  kind: 'GlobalNetworkPolicy',
  plural: 'globalnetworkpolicies',
  aliases: ['globalnetworkpolicy', 'globalnetworkpolicies', 'gnp', 'gnps'],
  scope: 'Cluster',
  listedInHelp: true,
  schemaName: 'globalnetworkpolicies',
  goSpecType: 'GlobalNetworkPolicySpec',
  isPolicy: true,
  columns: policyColumns(false),
  defaults: (r) => policyDefaults(r, false),
  validate: (r) => validatePolicy(r, { global: true, staged: false, nameRule: checkGlobalPolicyName }),
  checkWithDatastore: checkPolicyTier,
};
