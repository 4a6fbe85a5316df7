import type { FieldError } from '../../errors.js';
import type { KindDefinition, Resource } from '../types.js';
import { Problems, checkEnum } from '../validation/problems.js';
import { isObj } from '../validation/values.js';
import { checkMetadata } from '../validation/metadata.js';
import { checkTierName } from '../validation/names.js';
import { goFloatPointer, nameColumn, specAt } from './columns.js';

export const DEFAULT_TIER_ORDER = 1000000;

/** The built-in tiers: the order and default action each must have. */
const BUILT_IN: Record<string, { order: number; action: string }> = {
  default: { order: 1000000, action: 'Deny' },
  'kube-admin': { order: 1000, action: 'Pass' },
  'kube-baseline': { order: 10000000, action: 'Pass' },
};

function defaults(r: Resource): Resource {
  // Only top-level spec fields change: a shallow copy keeps the input untouched.
  const spec: Record<string, unknown> = { ...(isObj(r.spec) ? r.spec : {}) };
  const out: Resource = { ...r, spec };
  if (spec.order === undefined || spec.order === null) spec.order = DEFAULT_TIER_ORDER;
  if (spec.defaultAction === undefined || spec.defaultAction === null) spec.defaultAction = 'Deny';
  return out;
}

function validate(r: Resource): FieldError[] {
  const p = new Problems();
  checkMetadata(p, r, { name: checkTierName });
  const spec = isObj(r.spec) ? r.spec : {};
  checkEnum(p, 'spec.defaultAction', spec.defaultAction, ['Pass', 'Deny']);
  const builtIn = BUILT_IN[r.metadata?.name ?? ''];
  if (builtIn) {
    const name = r.metadata.name!;
    if (spec.defaultAction !== builtIn.action) {
      p.add('Tier', `The '${name}' tier must have default action '${builtIn.action}'`);
    }
    if (spec.order !== builtIn.order) p.add('Tier', `${name} tier order must be ${builtIn.order}`);
  }
  return p.list;
}

/** Tiers list by order ascending; tiers without an order come last (stable otherwise). */
function sortList(items: Resource[]): Resource[] {
  const order = (r: Resource): number => {
    const o = specAt(r, 'order');
    return typeof o === 'number' ? o : Number.POSITIVE_INFINITY;
  };
  return items
    .map((r, i) => ({ r, i }))
    .sort((a, b) => order(a.r) - order(b.r) || a.i - b.i)
    .map((x) => x.r);
}

export const tier: KindDefinition = {
  kind: 'Tier',
  plural: 'tiers',
  aliases: ['tier', 'tiers'],
  scope: 'Cluster',
  listedInHelp: true,
  schemaName: 'tiers',
  goSpecType: 'TierSpec',
  columns: {
    ps: ['NAME', 'ORDER'],
    wide: ['NAME', 'ORDER'],
    values: { NAME: nameColumn, ORDER: (r) => goFloatPointer(specAt(r, 'order')) },
  },
  defaults,
  validate,
  sortList,
};
