import type { FieldError } from '../../errors.js';
import type { KindDefinition, Resource } from '../types.js';
import { Problems, checkEnum, checkIntRange } from '../validation/problems.js';
import { arr, isObj } from '../validation/values.js';
import { checkMetadata } from '../validation/metadata.js';
import { checkNameTag } from '../validation/names.js';
import { goValue, join, nameColumn, specAt } from './columns.js';

function validate(r: Resource): FieldError[] {
  const p = new Problems();
  checkMetadata(p, r);
  const spec = isObj(r.spec) ? r.spec : {};
  checkNameTag(p, 'Node', spec.node);
  arr(spec.classes).forEach((c, i) => checkEnum(p, `spec.classes[${i}]`, c, ['Agent', 'BGP', 'Routes']));
  checkIntRange(p, 'spec.updatePeriodSeconds', spec.updatePeriodSeconds, 0, 2147483647);
  return p.list;
}

export const calicoNodeStatus: KindDefinition = {
  kind: 'CalicoNodeStatus',
  plural: 'caliconodestatuses',
  aliases: ['caliconodestatus', 'caliconodestatuses', 'nodestatus', 'nodestatuses'],
  scope: 'Cluster',
  listedInHelp: false,
  schemaName: 'caliconodestatuses',
  goSpecType: 'CalicoNodeStatusSpec',
  columns: {
    ps: ['NAME', 'NODE'],
    wide: ['NAME', 'NODE', 'CLASSES'],
    values: {
      NAME: nameColumn,
      NODE: (r) => goValue(specAt(r, 'node')),
      CLASSES: (r) => join(specAt(r, 'classes')),
    },
  },
  validate,
};
