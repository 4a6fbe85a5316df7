import type { KindDefinition } from '../types.js';
import { checkNamespacedPolicyName } from '../validation/names.js';
import { checkPolicyTier } from './datastore-rules.js';
import { type PolicyFlavor, policyColumns, policyDefaults, validatePolicy } from './policy-common.js';

/** This kind's policy flavor (one object for every validation). */
const FLAVOR: PolicyFlavor = { global: false, staged: true, nameRule: checkNamespacedPolicyName };

export const stagedNetworkPolicy: KindDefinition = {
  kind: 'StagedNetworkPolicy',
  plural: 'stagednetworkpolicies',
  aliases: ['stagednetworkpolicy', 'stagednetworkpolicies', 'stagedpolicy', 'snp', 'stagedpolicies', 'spol', 'spols'],
  scope: 'Namespaced',
  listedInHelp: true,
  schemaName: 'stagednetworkpolicies',
  goSpecType: 'StagedNetworkPolicySpec',
  isPolicy: true,
  columns: policyColumns(true),
  defaults: (r) => policyDefaults(r, true),
  validate: (r) => validatePolicy(r, FLAVOR),
  checkWithDatastore: checkPolicyTier,
};
