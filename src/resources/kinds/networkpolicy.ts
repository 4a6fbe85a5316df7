import type { KindDefinition } from '../types.js';
import { checkNamespacedPolicyName } from '../validation/names.js';
import { checkPolicyTier } from './datastore-rules.js';
import { policyColumns, policyDefaults, validatePolicy } from './policy-common.js';

export const networkPolicy: KindDefinition = {
  kind: 'NetworkPolicy',
  plural: 'networkpolicies',
  aliases: ['networkpolicy', 'networkpolicies', 'policy', 'np', 'policies', 'pol', 'pols'],
  scope: 'Namespaced',
  listedInHelp: true,
  schemaName: 'networkpolicies',
  goSpecType: 'NetworkPolicySpec',
  isPolicy: true,
  columns: policyColumns(true),
  defaults: (r) => policyDefaults(r, false),
  validate: (r) => validatePolicy(r, { global: false, staged: false, nameRule: checkNamespacedPolicyName }),
  checkWithDatastore: checkPolicyTier,
};
