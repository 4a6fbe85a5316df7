/**
 * EntityRule checks (a policy rule's `source` / `destination`). Go-validator problems use
 * Calico's Go field names (`Selector field`, `Services field`, `Nets[0]`); CRD (CEL) rules
 * use the CRD path and only apply to kinds that have a CRD (`crd`).
 */
import type { Problems } from './problems.js';
import { arr, isObj, isSet, obj, str } from './values.js';
import { isMasked, parseIPOrCIDR } from './net.js';
import { tagReason } from './addresses.js';
import { checkPort } from './ports.js';
import { checkSelector } from './selector.js';

export interface EntityContext {
  /** CRD path of the entity rule, e.g. `spec.ingress[0].source`. */
  path: string;
  /** Whether the CRD (OpenAPI + CEL) rules apply. */
  crd: boolean;
}

const MAX_NETS = 256;
const MAX_PORTS = 50;

function checkNetsTag(p: Problems, goField: string, v: unknown, ctx: EntityContext, key: string): void {
  const list = arr(v);
  if (ctx.crd && list.length > MAX_NETS) p.add(`${ctx.path}.${key}`, `must have at most ${MAX_NETS} items`);
  list.forEach((n, i) => {
    const c = typeof n === 'string' ? parseIPOrCIDR(n) : undefined;
    if (!c || !isMasked(c)) p.add(`${goField}[${i}]`, tagReason(`${goField}[${i}]`, 'net'), n);
  });
}

function checkPorts(p: Problems, v: unknown, ctx: EntityContext, key: string): void {
  const list = arr(v);
  if (ctx.crd && list.length > MAX_PORTS) p.add(`${ctx.path}.${key}`, `must have at most ${MAX_PORTS} items`);
  for (const port of list) checkPort(p, 'Port', port);
}

export function checkEntityRule(p: Problems, v: unknown, ctx: EntityContext): void {
  if (v === undefined || v === null) return;
  if (!isObj(v)) {
    p.add(ctx.path, 'must be an object', v);
    return;
  }
  checkNetsTag(p, 'Nets', v.nets, ctx, 'nets');
  checkNetsTag(p, 'NotNets', v.notNets, ctx, 'notNets');
  checkSelector(p, 'Selector', v.selector);
  checkSelector(p, 'NotSelector', v.notSelector);
  checkSelector(p, 'NamespaceSelector', v.namespaceSelector);
  checkSelector(p, 'Selector', obj(v.serviceAccounts).selector);
  checkPorts(p, v.ports, ctx, 'ports');
  checkPorts(p, v.notPorts, ctx, 'notPorts');

  const sel = str(v.selector);
  if (sel?.includes('global(')) {
    p.add('Selector field', 'global() can only be used in an EntityRule namespaceSelector', sel);
    if (ctx.crd) p.add(ctx.path, 'global() can only be used in an EntityRule namespaceSelector');
  }
  const ns = str(v.namespaceSelector);
  if (ns !== undefined && ns.includes('global(') && !/^[ \t]*global\([ \t]*\)[ \t]*$/.test(ns)) {
    p.add('NamespaceSelector field', 'global() cannot be combined with other selectors', ns);
  }
  if (v.services !== undefined && v.services !== null) {
    const svc = obj(v.services);
    if (!isSet(svc.name)) p.add('Services field', 'must specify a service name', v.services);
    if (isSet(v.selector) || isSet(v.notSelector)) {
      p.add('Services field', 'cannot specify Selector/NotSelector and Services on the same rule', v.services);
    }
    if (isSet(v.nets) || isSet(v.notNets)) {
      p.add('Services field', 'cannot specify Nets/NotNets and Services on the same rule', v.services);
    }
    if (ctx.crd && isSet(v.namespaceSelector)) p.add(ctx.path, 'cannot specify NamespaceSelector and Services on the same rule');
    if (ctx.crd && !isSet(svc.name)) p.add(ctx.path, 'services must specify a service name');
    if (ctx.crd && (isSet(v.selector) || isSet(v.notSelector))) p.add(ctx.path, 'cannot specify Selector/NotSelector and Services on the same rule');
    if (ctx.crd && (isSet(v.nets) || isSet(v.notNets))) p.add(ctx.path, 'cannot specify Nets/NotNets and Services on the same rule');
    if (ctx.crd && isSet(v.serviceAccounts)) p.add(ctx.path, 'cannot specify ServiceAccounts and Services on the same rule');
  }
}
