import type { KindDefinition } from '../types.js';
import { checkGlobalPolicyName } from '../validation/names.js';
import { checkPolicyTier } from './datastore-rules.js';
import { policyColumns, policyDefaults, validatePolicy } from './policy-common.js';

export const stagedGlobalNetworkPolicy: KindDefinition = {
  kind: 'StagedGlobalNetworkPolicy',
  plural: 'stagedglobalnetworkpolicies',
  aliases: ['stagedglobalnetworkpolicy', 'stagedglobalnetworkpolicies', 'sgnp', 'sgnps'],
  scope: 'Cluster',
  listedInHelp: true,
  schemaName: 'stagedglobalnetworkpolicies',
  goSpecType: 'StagedGlobalNetworkPolicySpec',
  isPolicy: true,
  columns: policyColumns(false),
  defaults: (r) => policyDefaults(r, true),
  validate: (r) => validatePolicy(r, { global: true, staged: true, nameRule: checkGlobalPolicyName }),
  checkWithDatastore: checkPolicyTier,
};
