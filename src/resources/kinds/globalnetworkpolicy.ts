import type { KindDefinition } from '../types.js';
import { checkGlobalPolicyName } from '../validation/names.js';
import { checkPolicyTier } from './datastore-rules.js';
import { type PolicyFlavor, policyColumns, policyDefaults, validatePolicy } from './policy-common.js';

/** This kind's policy flavor (one object for every validation). */
const FLAVOR: PolicyFlavor = { global: true, staged: false, nameRule: checkGlobalPolicyName };

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
  validate: (r) => validatePolicy(r, FLAVOR),
  checkWithDatastore: checkPolicyTier,
};
