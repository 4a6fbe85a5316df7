import type { FieldError } from '../../errors.js';
import type { KindDefinition, Resource } from '../types.js';
import { Problems, checkEnum } from '../validation/problems.js';
import { arr, clone, isObj, isSet, obj } from '../validation/values.js';
import { checkMetadata } from '../validation/metadata.js';
import { goValue, nameColumn, namespaceColumn, specAt } from './columns.js';
import { STAGED_ACTIONS, validatePolicy } from './policy-common.js';
import { checkNamespacedPolicyName } from '../validation/names.js';
import { convertK8sNetworkPolicy } from '../convert/k8s-policy.js';
import { maskedCIDR } from '../convert/masked-cidr.js';

/**
 * Calico validates a staged Kubernetes policy by converting it to the Calico NetworkPolicy it
 * would enforce and validating that (its rules and selectors; the name is checked above).
 */
function checkConverted(p: Problems, r: Resource): void {
  let converted: Resource;
  try {
    converted = convertK8sNetworkPolicy({ metadata: { name: 'x' }, spec: r.spec ?? {} }, maskedCIDR);
  } catch (e) {
    p.add('StagedKubernetesNetworkPolicySpec', (e as Error).message);
    return;
  }
  const problems = validatePolicy(converted, { global: false, staged: false, nameRule: checkNamespacedPolicyName });
  for (const e of problems) if (!e.field.startsWith('Metadata.')) p.add(e.field, e.reason, e.value);
}

/** Go's String() of a metav1.LabelSelector, as `{{.Spec.PodSelector}}` prints it. */
export function labelSelectorString(v: unknown): string {
  const sel = obj(v);
  const labels = obj(sel.matchLabels);
  const labelText = Object.keys(labels)
    .sort()
    .map((k) => `${k}: ${goValue(labels[k])},`)
    .join('');
  const exprText = arr(sel.matchExpressions)
    .map((e) => {
      const x = obj(e);
      const values = `[${arr(x.values).map(goValue).join(' ')}]`;
      return `LabelSelectorRequirement{Key:${goValue(x.key)},Operator:${goValue(x.operator)},Values:${values},},`;
    })
    .join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labelText}},MatchExpressions:[]LabelSelectorRequirement{${exprText}},}`;
}

function defaults(r: Resource): Resource {
  const out = clone(r);
  const spec = (out.spec = isObj(out.spec) ? out.spec : {});
  if (!isSet(spec.stagedAction)) spec.stagedAction = 'Set';
  return out;
}

function validate(r: Resource): FieldError[] {
  const p = new Problems();
  checkMetadata(p, r, { namespaced: true });
  const spec = isObj(r.spec) ? r.spec : {};
  checkEnum(p, 'spec.stagedAction', spec.stagedAction, STAGED_ACTIONS);
  if (spec.stagedAction === 'Delete' && Object.keys(spec).some((k) => k !== 'stagedAction' && isSet(spec[k]))) {
    p.add('StagedKubernetesNetworkPolicySpec', 'Spec fields should all be zero-value if stagedAction is Delete', spec);
  }
  arr(obj(spec.podSelector).matchExpressions).forEach((e, i) => {
    checkEnum(p, `spec.podSelector.matchExpressions[${i}].operator`, obj(e).operator, ['In', 'NotIn', 'Exists', 'DoesNotExist']);
  });
  arr(spec.policyTypes).forEach((t, i) => checkEnum(p, `spec.policyTypes[${i}]`, t, ['Ingress', 'Egress']));
  if (spec.stagedAction !== 'Delete') checkConverted(p, r);
  return p.list;
}

export const stagedKubernetesNetworkPolicy: KindDefinition = {
  kind: 'StagedKubernetesNetworkPolicy',
  plural: 'stagedkubernetesnetworkpolicies',
  aliases: [
    'stagedkubernetesnetworkpolicy',
    'stagedkubernetesnetworkpolicies',
    'stagedkubernetespolicy',
    'sknp',
    'stagedkubernetespolicies',
    'skpol',
    'skpols',
  ],
  scope: 'Namespaced',
  listedInHelp: true,
  schemaName: 'stagedkubernetesnetworkpolicies',
  goSpecType: 'StagedKubernetesNetworkPolicySpec',
  columns: {
    ps: ['NAME'],
    wide: ['NAME', 'PODSELECTOR'],
    values: {
      NAME: nameColumn,
      NAMESPACE: namespaceColumn,
      PODSELECTOR: (r) => labelSelectorString(specAt(r, 'podSelector')),
    },
  },
  defaults,
  validate,
};
