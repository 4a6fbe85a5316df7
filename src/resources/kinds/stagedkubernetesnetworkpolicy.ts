import type { FieldError } from '../../errors.js';
import type { KindDefinition, Resource } from '../types.js';
import { Problems, checkEnum } from '../validation/problems.js';
import { arr, clone, isObj, isSet, obj } from '../validation/values.js';
import { checkMetadata } from '../validation/metadata.js';
import { goValue, nameColumn, namespaceColumn, specAt } from './columns.js';
import { STAGED_ACTIONS } from './policy-common.js';

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
