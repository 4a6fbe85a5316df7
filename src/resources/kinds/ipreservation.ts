import type { FieldError } from '../../errors.js';
import type { KindDefinition, Resource } from '../types.js';
import { Problems } from '../validation/problems.js';
import { arr, isObj } from '../validation/values.js';
import { checkMetadata } from '../validation/metadata.js';
import { checkCIDR, checkFormatCIDR } from '../validation/addresses.js';
import { joinAndTruncate, nameColumn, specAt } from './columns.js';

function validate(r: Resource): FieldError[] {
  const p = new Problems();
  checkMetadata(p, r);
  const spec = isObj(r.spec) ? r.spec : {};
  arr(spec.reservedCIDRs).forEach((c, i) => {
    checkCIDR(p, `ReservedCIDRs[${i}]`, c);
    checkFormatCIDR(p, `spec.reservedCIDRs[${i}]`, c);
  });
  return p.list;
}

export const ipReservation: KindDefinition = {
  kind: 'IPReservation',
  plural: 'ipreservations',
  aliases: ['ipreservation', 'ipreservations', 'reservation', 'reservations'],
  scope: 'Cluster',
  listedInHelp: true,
  schemaName: 'ipreservations',
  goSpecType: 'IPReservationSpec',
  columns: {
    ps: ['NAME'],
    wide: ['NAME', 'CIDRS'],
    values: { NAME: nameColumn, CIDRS: (r) => joinAndTruncate(specAt(r, 'reservedCIDRs'), ',', 80) },
  },
  validate,
};
