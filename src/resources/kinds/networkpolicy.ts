import type { KindDefinition } from '../types.js';
import { checkNamespacedPolicyName } from '../validation/names.js';
import { checkPolicyTier } from './datastore-rules.js';
import { type PolicyFlavor, policyColumns, policyDefaults, validatePolicy } from './policy-common.js';

/** This kind's policy flavor (one object for every validation). */
const FLAVOR: PolicyFlavor = { global: false, staged: false, nameRule: checkNamespacedPolicyName };

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
  validate: (r) => validatePolicy(r, FLAVOR),
  checkWithDatastore: checkPolicyTier,
};
