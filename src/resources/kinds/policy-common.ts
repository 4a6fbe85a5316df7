/**
 * What the four Calico policy kinds (NetworkPolicy, GlobalNetworkPolicy and their Staged
 * variants) share: columns, defaulting (types inference, tier and tier label) and validation.
 */
import type { FieldError } from '../../errors.js';
import type { KindColumns, ObjectMeta, Resource } from '../types.js';
import { Problems, checkEnum, checkMaxItems, supportedValues } from '../validation/problems.js';
import { arr, copyObject, isObj, isSet } from '../validation/values.js';
import { checkMetadata, type NameRule } from '../validation/metadata.js';
import { checkNameTag } from '../validation/names.js';
import { GLOBAL_ONLY_IN_NS_SELECTOR, checkNoGlobal, checkSelector } from '../validation/selector.js';
import { type RuleContext, checkRules } from '../validation/rules.js';
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
  // copyObject is a spread copy that stays quick when properties are added (see there):
  // `types`, the tier label and `labels` may be new; `spec` is not when it is an object.
  const spec = isObj(r.spec) ? copyObject(r.spec) : {};
  const out: Resource = isObj(r.spec) ? { ...r } : (copyObject(r) as unknown as Resource);
  out.spec = spec;
  if (typeof spec.tier !== 'string' || spec.tier === '') spec.tier = 'default';
  if (staged && !isSet(spec.stagedAction)) spec.stagedAction = 'Set';
  const deleting = staged && spec.stagedAction === 'Delete';
  if (!deleting && !(Array.isArray(spec.types) && spec.types.length > 0)) spec.types = inferTypes(spec);
  const current = out.metadata?.labels;
  const labels = current === undefined || current === null ? {} : copyObject(current);
  labels[TIER_LABEL] = spec.tier;
  const metadata = copyObject(out.metadata);
  metadata.labels = labels;
  out.metadata = metadata as ObjectMeta;
  return out;
}

const POLICY_TYPES = ['Ingress', 'Egress'];
const POLICY_TYPE_VALUES = supportedValues(POLICY_TYPES);
const PERFORMANCE_HINTS = ['AssumeNeededOnEveryNode'];
const PERFORMANCE_HINT_VALUES = supportedValues(PERFORMANCE_HINTS);

/** Set and not one of `allowed` (checkEnum's test). */
const outside = (v: unknown, allowed: readonly unknown[]): boolean => v !== undefined && v !== null && !allowed.includes(v);

/** Whether an element before index `i` is the same value (SameValueZero, holes skipped, as a Set would). */
function seenBefore(list: readonly unknown[], i: number): boolean {
  const t = list[i];
  for (let j = 0; j < i; j++) {
    if (!(j in list)) continue;
    const u = list[j];
    if (u === t || (u !== u && t !== t)) return true;
  }
  return false;
}

function checkTypes(p: Problems, types: unknown): void {
  if (!Array.isArray(types)) return;
  checkMaxItems(p, 'spec.types', types, 2);
  // A long list (far over the limit of 2) gets a Set instead of the pairwise scan.
  const seen = types.length > 16 ? new Set<unknown>() : undefined;
  // A loop rather than forEach (no closure per call); holes are skipped as forEach would.
  for (let i = 0, n = types.length; i < n; i++) {
    const t: unknown = types[i];
    if (t === undefined && !(i in types)) continue;
    const bad = outside(t, POLICY_TYPES);
    const dup = seen === undefined ? seenBefore(types, i) : seen.has(t);
    if (bad) p.add(`spec.types[${i}]`, POLICY_TYPE_VALUES);
    if (dup) p.add(`spec.types[${i}]`, `Duplicate value: ${JSON.stringify(t)}`);
    seen?.add(t);
  }
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

function checkHints(p: Problems, hints: readonly unknown[]): void {
  hints.forEach((h: unknown, i) => {
    if (outside(h, PERFORMANCE_HINTS)) p.add(`spec.performanceHints[${i}]`, PERFORMANCE_HINT_VALUES);
  });
}

function checkPolicySelector(p: Problems, goName: string, sel: unknown): void {
  checkSelector(p, goName, sel);
  checkNoGlobal(p, 'spec', sel, GLOBAL_ONLY_IN_NS_SELECTOR);
}

/** The rule contexts, by scope and direction (shared, never modified). */
const RULE_CONTEXTS = {
  global: {
    ingress: { global: true, crd: true, direction: 'ingress' },
    egress: { global: true, crd: true, direction: 'egress' },
  },
  namespaced: {
    ingress: { global: false, crd: true, direction: 'ingress' },
    egress: { global: false, crd: true, direction: 'egress' },
  },
} as const satisfies Record<string, Record<string, RuleContext>>;

export function validatePolicy(r: Resource, flavor: PolicyFlavor): FieldError[] {
  const p = new Problems();
  checkMetadata(p, r, { name: flavor.nameRule, namespaced: !flavor.global });
  const spec = isObj(r.spec) ? r.spec : {};
  checkNameTag(p, 'Tier', spec.tier);
  checkTypes(p, spec.types);
  checkPolicySelector(p, 'Selector', spec.selector);
  checkPolicySelector(p, 'ServiceAccountSelector', spec.serviceAccountSelector);
  if (flavor.global) checkPolicySelector(p, 'NamespaceSelector', spec.namespaceSelector);
  const hints = spec.performanceHints;
  if (Array.isArray(hints)) checkHints(p, hints);
  if (flavor.staged) checkEnum(p, 'spec.stagedAction', spec.stagedAction, STAGED_ACTIONS);
  if (flavor.staged && spec.stagedAction === 'Delete') {
    if (stagedDeleteProblem(spec)) {
      const goSpec = flavor.global ? 'StagedGlobalNetworkPolicySpec' : 'StagedNetworkPolicySpec';
      p.add(goSpec, 'Spec fields, except Tier, should all be zero-value if stagedAction is Delete', spec);
    }
    return p.list;
  }
  const contexts = flavor.global ? RULE_CONTEXTS.global : RULE_CONTEXTS.namespaced;
  checkRules(p, 'spec.ingress', spec.ingress, contexts.ingress);
  checkRules(p, 'spec.egress', spec.egress, contexts.egress);
  if (flavor.global) checkGlobalOnly(p, spec);
  return p.list;
}
