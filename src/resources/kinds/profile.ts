import type { FieldError } from '../../errors.js';
import type { KindDefinition, Resource } from '../types.js';
import { Problems } from '../validation/problems.js';
import { isObj } from '../validation/values.js';
import { checkMetadata } from '../validation/metadata.js';
import { labelValueProblems, qualifiedNameProblems } from '../validation/labels.js';
import { tagReason } from '../validation/addresses.js';
import { checkRules } from '../validation/rules.js';
import { RULE_LIST, STRING_MAP, object, resourceSchema } from './inline-schema.js';
import { join, nameColumn, specAt } from './columns.js';

function validate(r: Resource): FieldError[] {
  const p = new Problems();
  checkMetadata(p, r);
  const spec = isObj(r.spec) ? r.spec : {};
  const labels = spec.labelsToApply;
  if (labels !== undefined && labels !== null) {
    const bad =
      !isObj(labels) ||
      Object.entries(labels).some(
        ([k, v]) => qualifiedNameProblems(k).length > 0 || typeof v !== 'string' || labelValueProblems(v).length > 0,
      );
    if (bad) p.add('LabelsToApply', tagReason('LabelsToApply', 'labels'), labels);
  }
  // Profile has no CRD: only the Go validator's rule checks apply.
  checkRules(p, 'spec.ingress', spec.ingress, { direction: 'ingress', global: false, crd: false });
  checkRules(p, 'spec.egress', spec.egress, { direction: 'egress', global: false, crd: false });
  return p.list;
}

export const profile: KindDefinition = {
  kind: 'Profile',
  plural: 'profiles',
  aliases: ['profile', 'profiles', 'pro', 'pros'],
  scope: 'Cluster',
  listedInHelp: true,
  inlineSchema: resourceSchema(object({ ingress: RULE_LIST, egress: RULE_LIST, labelsToApply: STRING_MAP })),
  goSpecType: 'ProfileSpec',
  columns: {
    ps: ['NAME'],
    wide: ['NAME', 'LABELS'],
    values: { NAME: nameColumn, LABELS: (r) => join(specAt(r, 'labelsToApply')) },
  },
  validate,
};
