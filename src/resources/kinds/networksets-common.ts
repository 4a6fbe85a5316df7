/** What GlobalNetworkSet and NetworkSet share: the NETS column and the nets/label checks. */
import type { FieldError } from '../../errors.js';
import type { KindColumns, Resource } from '../types.js';
import { Problems } from '../validation/problems.js';
import { arr, isObj, obj } from '../validation/values.js';
import { checkMetadata } from '../validation/metadata.js';
import { checkCIDR } from '../validation/addresses.js';
import { joinAndTruncate, nameColumn, namespaceColumn, specAt } from './columns.js';

export function networkSetColumns(namespaced: boolean): KindColumns {
  return {
    ps: ['NAME'],
    wide: ['NAME', 'NETS'],
    values: {
      NAME: nameColumn,
      NETS: (r) => joinAndTruncate(specAt(r, 'nets'), ',', 80),
      ...(namespaced ? { NAMESPACE: namespaceColumn } : {}),
    },
  };
}

export function validateNetworkSet(r: Resource, namespaced: boolean): FieldError[] {
  const p = new Problems();
  checkMetadata(p, r, { namespaced });
  if (Object.hasOwn(obj(r.metadata?.labels), 'projectcalico.org/namespace')) {
    p.add('Metadata.Labels (label)', 'projectcalico.org/namespace is not a valid label name', 'projectcalico.org/namespace');
  }
  const spec = isObj(r.spec) ? r.spec : {};
  arr(spec.nets).forEach((n, i) => checkCIDR(p, `Nets[${i}]`, n));
  return p.list;
}
