/**
 * What the four Calico policy kinds (NetworkPolicy, GlobalNetworkPolicy and their Staged
 * variants) share: columns, defaulting (types inference, tier and tier label) and validation.
 */
import type { FieldError } from '../../errors.js';
import type { KindColumns, Resource } from '../types.js';
import { Problems, checkEnum, checkMaxItems } from '../validation/problems.js';
import { arr, isObj, isSet } from '../validation/values.js';
import { checkMetadata, type NameRule } from '../validation/metadata.js';
import { checkNameTag } from '../validation/names.js';
import { GLOBAL_ONLY_IN_NS_SELECTOR, checkNoGlobal, checkSelector } from '../validation/selector.js';
import { checkRules } from '../validation/rules.js';
import { goFloatPointer, goValue, nameColumn, namespaceColumn, specAt } from './columns.js';

export const TIER_LABEL = 'projectcalico.org/tier';
export const STAGED_ACTIONS = ['Set', 'Delete', 'Learn', 'Ignore'] as const;

export interface PolicyFlavor {
  global: boolean;
  staged: boolean;
  nameRule: NameRule;
}

export function policyColumns(namespaced: boolean): KindColumns {
  return {
    ps: ['NAME', 'TIER'],
    wide: ['NAME', 'TIER', 'ORDER', 'SELECTOR'],
    values: {
      NAME: nameColumn,
      TIER: (r) => goValue(specAt(r, 'tier')),
      ORDER: (r) => goFloatPointer(specAt(r, 'order')),
      SELECTOR: (r) => goValue(specAt(r, 'selector')),
      ...(namespaced ? { NAMESPACE: namespaceColumn } : {}),
    },
  };
}

/** Policy types when unset: Ingress unless there are only egress rules; both when both. */
export function inferTypes(spec: Record<string, unknown>): string[] {
  const hasIngress = arr(spec.ingress).length > 0;
  const hasEgress = arr(spec.egress).length > 0;
  if (!hasEgress) return ['Ingress'];
  return hasIngress ? ['Ingress', 'Egress'] : ['Egress'];
}

export function policyDefaults(r: Resource, staged: boolean): Resource {
  // Only top-level spec fields change: a shallow copy keeps the input untouched.
  const spec: Record<string, unknown> = { ...(isObj(r.spec) ? r.spec : {}) };
  const out: Resource = { ...r, spec };
  if (typeof spec.tier !== 'string' || spec.tier === '') spec.tier = 'default';
  if (staged && !isSet(spec.stagedAction)) spec.stagedAction = 'Set';
  const deleting = staged && spec.stagedAction === 'Delete';
  if (!deleting && arr(spec.types).length === 0) spec.types = inferTypes(spec);
  out.metadata = { ...out.metadata, labels: { ...(out.metadata?.labels ?? {}), [TIER_LABEL]: spec.tier as string } };
  return out;
}

function checkTypes(p: Problems, types: unknown): void {
  if (types === undefined || types === null) return;
  checkMaxItems(p, 'spec.types', types, 2);
  const seen = new Set<unknown>();
  arr(types).forEach((t, i) => {
    checkEnum(p, `spec.types[${i}]`, t, ['Ingress', 'Egress']);
    if (seen.has(t)) p.add(`spec.types[${i}]`, `Duplicate value: ${JSON.stringify(t)}`);
    seen.add(t);
  });
}

/** GNP-only CEL rules. */
function checkGlobalOnly(p: Problems, spec: Record<string, unknown>): void {
  const preDNAT = spec.preDNAT === true;
  const doNotTrack = spec.doNotTrack === true;
  if (preDNAT && doNotTrack) p.add('spec', 'preDNAT and doNotTrack cannot both be true');
  if (preDNAT && arr(spec.egress).length > 0) p.add('spec', 'preDNAT policy cannot have any egress rules');
  if (preDNAT && arr(spec.types).includes('Egress')) p.add('spec', "preDNAT policy cannot have 'Egress' type");
  if ((preDNAT || doNotTrack) && spec.applyOnForward !== true) {
    p.add('spec', 'applyOnForward must be true if either preDNAT or doNotTrack is true');
  }
}

/** Staged Delete: every spec field except tier (and stagedAction) must be zero. */
function stagedDeleteProblem(spec: Record<string, unknown>): boolean {
  return Object.keys(spec).some((k) => k !== 'tier' && k !== 'stagedAction' && isSet(spec[k]));
}

export function validatePolicy(r: Resource, flavor: PolicyFlavor): FieldError[] {
  const p = new Problems();
  checkMetadata(p, r, { name: flavor.nameRule, namespaced: !flavor.global });
  const spec = isObj(r.spec) ? r.spec : {};
  checkNameTag(p, 'Tier', spec.tier);
  checkTypes(p, spec.types);
  const selectors: [string, string][] = [
    ['selector', 'Selector'],
    ['serviceAccountSelector', 'ServiceAccountSelector'],
  ];
  if (flavor.global) selectors.push(['namespaceSelector', 'NamespaceSelector']);
  for (const [key, goName] of selectors) {
    checkSelector(p, goName, spec[key]);
    checkNoGlobal(p, 'spec', spec[key], GLOBAL_ONLY_IN_NS_SELECTOR);
  }
  arr(spec.performanceHints).forEach((h, i) => checkEnum(p, `spec.performanceHints[${i}]`, h, ['AssumeNeededOnEveryNode']));
  if (flavor.staged) checkEnum(p, 'spec.stagedAction', spec.stagedAction, STAGED_ACTIONS);
  if (flavor.staged && spec.stagedAction === 'Delete') {
    if (stagedDeleteProblem(spec)) {
      const goSpec = flavor.global ? 'StagedGlobalNetworkPolicySpec' : 'StagedNetworkPolicySpec';
      p.add(goSpec, 'Spec fields, except Tier, should all be zero-value if stagedAction is Delete', spec);
    }
    return p.list;
  }
  const ctx = { global: flavor.global, crd: true };
  checkRules(p, 'spec.ingress', spec.ingress, { ...ctx, direction: 'ingress' });
  checkRules(p, 'spec.egress', spec.egress, { ...ctx, direction: 'egress' });
  if (flavor.global) checkGlobalOnly(p, spec);
  return p.list;
}
