import type { KindDefinition } from '../types.js';
import { checkGlobalPolicyName } from '../validation/names.js';
import { checkPolicyTier } from './datastore-rules.js';
import { type PolicyFlavor, policyColumns, policyDefaults, validatePolicy } from './policy-common.js';

/** This kind's policy flavor (one object for every validation). */
const FLAVOR: PolicyFlavor = { global: true, staged: true, nameRule: checkGlobalPolicyName };

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
  validate: (r) => validatePolicy(r, FLAVOR),
  checkWithDatastore: checkPolicyTier,
};
