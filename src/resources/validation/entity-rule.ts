/**
 * EntityRule checks (a policy rule's `source` / `destination`). Go-validator problems use
 * Calico's Go field names (`Selector field`, `Services field`, `Nets[0]`); CRD (CEL) rules
 * use the CRD path and only apply to kinds that have a CRD (`crd`).
 */
import type { Problems } from './problems.js';
import { isObj, isSet } from './values.js';
import { isMasked, parseIPOrCIDR } from './net.js';
import { tagReason } from './addresses.js';
import { portProblem } from './ports.js';
import { checkSelector } from './selector.js';
import { type RuleAt, rulePath } from './rule-path.js';

/** Which entity rule of a rule: its key there. */
export type EntityPart = 'source' | 'destination';

/** The CRD path of the entity rule, e.g. `spec.ingress[0].source` (built only for a problem). */
const pathOf = (rule: RuleAt, part: EntityPart): string => `${rulePath(rule)}.${part}`;

const MAX_NETS = 256;
const MAX_PORTS = 50;
const ONLY_GLOBAL_RE = /^[ \t]*global\([ \t]*\)[ \t]*$/;

function checkNetsTag(p: Problems, goField: string, v: unknown, rule: RuleAt, part: EntityPart, crd: boolean, key: string): void {
  if (!Array.isArray(v)) return;
  if (crd && v.length > MAX_NETS) p.add(`${pathOf(rule, part)}.${key}`, `must have at most ${MAX_NETS} items`);
  v.forEach((n: unknown, i) => {
    const c = typeof n === 'string' ? parseIPOrCIDR(n) : undefined;
    if (!c || !isMasked(c)) p.add(`${goField}[${i}]`, tagReason(`${goField}[${i}]`, 'net'), n);
  });
}

function checkPorts(p: Problems, v: unknown, rule: RuleAt, part: EntityPart, crd: boolean, key: string): void {
  if (!Array.isArray(v)) return;
  if (crd && v.length > MAX_PORTS) p.add(`${pathOf(rule, part)}.${key}`, `must have at most ${MAX_PORTS} items`);
  for (let i = 0; i < v.length; i++) {
    const port: unknown = v[i];
    const reason = portProblem(port);
    if (reason !== undefined) p.add('Port', reason, port);
  }
}

/**
 * Checks the entity rule `v` found at `part` of `rule`; `crd` says whether the CRD (OpenAPI +
 * CEL) rules apply.
 */
export function checkEntityRule(p: Problems, v: unknown, rule: RuleAt, part: EntityPart, crd: boolean): void {
  if (v === undefined || v === null) return;
  if (!isObj(v)) {
    p.add(pathOf(rule, part), 'must be an object', v);
    return;
  }
  const { nets, notNets, selector, notSelector, namespaceSelector, serviceAccounts, ports, notPorts } = v;
  // Each check below does nothing for an absent field: skipped without a call.
  if (nets !== undefined) checkNetsTag(p, 'Nets', nets, rule, part, crd, 'nets');
  if (notNets !== undefined) checkNetsTag(p, 'NotNets', notNets, rule, part, crd, 'notNets');
  if (selector !== undefined) checkSelector(p, 'Selector', selector);
  if (notSelector !== undefined) checkSelector(p, 'NotSelector', notSelector);
  if (namespaceSelector !== undefined) checkSelector(p, 'NamespaceSelector', namespaceSelector);
  if (isObj(serviceAccounts)) checkSelector(p, 'Selector', serviceAccounts.selector);
  if (ports !== undefined) checkPorts(p, ports, rule, part, crd, 'ports');
  if (notPorts !== undefined) checkPorts(p, notPorts, rule, part, crd, 'notPorts');

  if (typeof selector === 'string' && selector.includes('global(')) {
    p.add('Selector field', 'global() can only be used in an EntityRule namespaceSelector', selector);
    if (crd) p.add(pathOf(rule, part), 'global() can only be used in an EntityRule namespaceSelector');
  }
  const ns = namespaceSelector;
  if (typeof ns === 'string' && ns.includes('global(') && !ONLY_GLOBAL_RE.test(ns)) {
    p.add('NamespaceSelector field', 'global() cannot be combined with other selectors', ns);
  }
  if (v.services !== undefined && v.services !== null) {
    const svcName = isObj(v.services) ? v.services.name : undefined;
    if (!isSet(svcName)) p.add('Services field', 'must specify a service name', v.services);
    if (isSet(v.selector) || isSet(v.notSelector)) {
      p.add('Services field', 'cannot specify Selector/NotSelector and Services on the same rule', v.services);
    }
    if (isSet(v.nets) || isSet(v.notNets)) {
      p.add('Services field', 'cannot specify Nets/NotNets and Services on the same rule', v.services);
    }
    if (crd && isSet(v.namespaceSelector)) p.add(pathOf(rule, part), 'cannot specify NamespaceSelector and Services on the same rule');
    if (crd && !isSet(svcName)) p.add(pathOf(rule, part), 'services must specify a service name');
    if (crd && (isSet(v.selector) || isSet(v.notSelector))) p.add(pathOf(rule, part), 'cannot specify Selector/NotSelector and Services on the same rule');
    if (crd && (isSet(v.nets) || isSet(v.notNets))) p.add(pathOf(rule, part), 'cannot specify Nets/NotNets and Services on the same rule');
    if (crd && isSet(v.serviceAccounts)) p.add(pathOf(rule, part), 'cannot specify ServiceAccounts and Services on the same rule');
  }
}
