/**
 * Policy rule checks shared by the policy kinds and Profile. Go-validator problems use
 * Calico's Go field names (`Source.Ports`, `Protocol`, `Port`, `Methods`); CRD rules (enums,
 * CEL) use CRD paths (`spec.ingress[0].action`) and apply only to kinds with a CRD.
 */
import { type Problems, checkEnum, checkIntRange } from './problems.js';
import { arr, isObj, isSet, obj } from './values.js';
import { parseCIDR } from './net.js';
import { checkProtocol, protocolNumber, protocolSupportsPorts } from './protocol.js';
import { parsePort } from './ports.js';
import { checkAnnotations } from './labels.js';
import { checkEntityRule } from './entity-rule.js';

export const RULE_ACTIONS = ['Allow', 'Deny', 'Log', 'Pass'] as const;
const MAX_RULES = 1024;
const SINGLE_OR_RANGE_MSG = 'rules with numeric port or port range must set protocol to TCP or UDP or SCTP';
const PORTS_MSG = 'rules that specify ports must set protocol to TCP or UDP or SCTP';

export interface RuleContext {
  direction: 'ingress' | 'egress';
  /** GlobalNetworkPolicy-like rules: services need a namespace; "egress rules" wording. */
  global: boolean;
  /** Whether the CRD (OpenAPI + CEL) rules apply (false for Profile, which has no CRD). */
  crd: boolean;
}

const ENTITY_PARTS = [
  ['source', 'Source'],
  ['destination', 'Destination'],
] as const;

/** Go struct-level rule checks: ports versus protocol, nets versions. */
function checkPortsAndNets(p: Problems, rule: Record<string, unknown>): void {
  let seen4 = false;
  let seen6 = false;
  for (const [key, goKey] of ENTITY_PARTS) {
    const e = obj(rule[key]);
    for (const [pk, goPk] of [['ports', 'Ports'], ['notPorts', 'NotPorts']] as const) {
      const ports = arr(e[pk]);
      if (rule.protocol === undefined || rule.protocol === null) {
        if (ports.some((x) => parsePort(x).kind !== 'named')) p.add(`${goKey}.${goPk}`, SINGLE_OR_RANGE_MSG, ports);
      } else if (!protocolSupportsPorts(rule.protocol) && ports.length > 0) {
        p.add(`${goKey}.${goPk}`, PORTS_MSG, ports);
      }
    }
    for (const [nk, goNk] of [['nets', 'Nets'], ['notNets', 'NotNets']] as const) {
      const field = `${goKey}.${goNk}`;
      const nets = arr(e[nk]);
      let v4 = false;
      let v6 = false;
      for (const n of nets) {
        const c = typeof n === 'string' ? parseCIDR(n) : undefined;
        if (!c) {
          p.add(field, 'invalid CIDR', n);
          continue;
        }
        v4 ||= c.family === 4;
        v6 ||= c.family === 6;
        if (nk === 'notNets' && c.prefix === 0 && c.bytes.every((b) => b === 0)) {
          p.add(field, 'catch-all CIDR in negation creates logical contradiction (matches no traffic)', n);
        }
      }
      const ipv = rule.ipVersion;
      if ((ipv === 4 || ipv === 6) && ((v4 && ipv !== 4) || (v6 && ipv !== 6))) {
        p.add(field, "rule IP version doesn't match CIDR version", nets);
      }
      if ((v4 && seen6) || (v6 && seen4) || (v4 && v6)) p.add(field, 'rule contains both IPv4 and IPv6 CIDRs', nets);
      seen4 ||= v4;
      seen6 ||= v6;
    }
  }
}

function checkHTTP(p: Problems, http: unknown): void {
  const h = obj(http);
  const methods = arr(h.methods);
  if (new Set(methods).size !== methods.length) {
    p.add('Methods', `Invalid methods (duplicates): [${methods.map(String).join(' ')}]`, methods);
  }
  for (const m of arr(h.paths)) {
    const pm = obj(m);
    const exact = typeof pm.exact === 'string' ? pm.exact : '';
    const prefix = typeof pm.prefix === 'string' ? pm.prefix : '';
    let reason: string | undefined;
    if (exact !== '' && prefix !== '') reason = "Invalid path match. Both 'exact' and 'prefix' are set";
    else if (exact === '' && prefix === '') reason = "Invalid path match. Either 'exact' or 'prefix' must be set";
    else {
      const v = exact || prefix;
      if (!v.startsWith('/') || /[? #]/.test(v)) reason = `Invalid path ${v}. (must start with \`/\` and not contain \`?\` or \`#\``;
    }
    if (reason) {
      p.add('Paths', reason, h.paths);
      break;
    }
  }
}

/** CRD (OpenAPI + CEL) rules on one rule. */
function checkRuleCRD(p: Problems, f: string, v: Record<string, unknown>): void {
  if (v.action === undefined || v.action === null || v.action === '') p.add(`${f}.action`, 'Required value');
  else checkEnum(p, `${f}.action`, v.action, RULE_ACTIONS);
  checkEnum(p, `${f}.ipVersion`, v.ipVersion, [4, 6]);
  for (const k of ['icmp', 'notICMP'] as const) {
    if (v[k] === undefined || v[k] === null) continue;
    const icmp = obj(v[k]);
    checkIntRange(p, `${f}.${k}.type`, icmp.type, 0, 254);
    checkIntRange(p, `${f}.${k}.code`, icmp.code, 0, 255);
    if (icmp.code !== undefined && icmp.type === undefined) p.add(`${f}.${k}`, 'ICMP code specified without an ICMP type');
  }
  const proto = protocolNumber(v.protocol);
  if (v.http !== undefined && v.http !== null) {
    if (v.protocol !== undefined && proto !== 6) p.add(f, 'rules with HTTP match must have protocol TCP or unset');
    if (v.action !== 'Allow') p.add(f, 'HTTP match is only valid on Allow rules');
    const h = obj(v.http);
    if (arr(h.methods).length > 20) p.add(`${f}.http.methods`, 'must have at most 20 items');
    if (arr(h.paths).length > 20) p.add(`${f}.http.paths`, 'must have at most 20 items');
  }
  const dst = obj(v.destination);
  if (dst.services !== undefined && (isSet(dst.ports) || isSet(dst.notPorts))) {
    p.add(f, 'ports and notPorts cannot be specified with services');
  }
  if ((isSet(v.icmp) || isSet(v.notICMP)) && proto !== 1 && proto !== 58) {
    p.add(f, 'ICMP fields require protocol to be ICMP or ICMPv6');
  }
  for (const k of ['protocol', 'notProtocol'] as const) {
    const n = protocolNumber(v[k]);
    if (n === 1 && v.ipVersion !== undefined && v.ipVersion !== 4) p.add(f, 'protocol ICMP requires ipVersion 4');
    if (n === 58 && v.ipVersion !== undefined && v.ipVersion !== 6) p.add(f, 'protocol ICMPv6 requires ipVersion 6');
  }
}

/** Policy-spec-level checks on one rule (direction rules, GNP service namespaces). */
function checkRuleInPolicy(p: Problems, v: Record<string, unknown>, ctx: RuleContext): void {
  const src = obj(v.source);
  const dst = obj(v.destination);
  if (ctx.direction === 'egress') {
    if (src.services !== undefined) p.add('Services', 'not allowed in egress rule source', src.services);
    if (v.http !== undefined && v.http !== null) {
      p.add('HTTP', ctx.global ? 'not allowed in egress rules' : 'not allowed in egress rule', v.http);
    }
  } else if (dst.services !== undefined) {
    p.add('Services', 'not allowed in ingress rule destination', dst.services);
  }
  const peer = ctx.direction === 'egress' ? dst : src;
  if (ctx.global && isObj(peer.services) && !isSet(peer.services.namespace)) {
    p.add('Namespace', 'must specify a namespace', '');
  }
}

function checkOneRule(p: Problems, f: string, v: unknown, ctx: RuleContext): void {
  if (!isObj(v)) {
    p.add(f, 'must be an object', v);
    return;
  }
  if (ctx.crd) checkRuleCRD(p, f, v);
  checkProtocol(p, 'Protocol', v.protocol);
  checkProtocol(p, 'Protocol', v.notProtocol);
  if (v.http !== undefined && v.http !== null) checkHTTP(p, v.http);
  if (isObj(v.metadata)) checkAnnotations(p, v.metadata.annotations);
  checkEntityRule(p, v.source, { path: `${f}.source`, crd: ctx.crd });
  checkEntityRule(p, v.destination, { path: `${f}.destination`, crd: ctx.crd });
  checkPortsAndNets(p, v);
  checkRuleInPolicy(p, v, ctx);
}

/** Check a rule list such as `spec.ingress`. */
export function checkRules(p: Problems, field: string, rules: unknown, ctx: RuleContext): void {
  if (rules === undefined || rules === null) return;
  if (!Array.isArray(rules)) {
    p.add(field, 'must be a list of rules', rules);
    return;
  }
  if (ctx.crd && rules.length > MAX_RULES) p.add(field, `must have at most ${MAX_RULES} items`);
  rules.forEach((r, i) => checkOneRule(p, `${field}[${i}]`, r, ctx));
}
