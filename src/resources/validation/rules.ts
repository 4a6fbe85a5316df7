/**
 * Policy rule checks shared by the policy kinds and Profile. Go-validator problems use
 * Calico's Go field names (`Source.Ports`, `Protocol`, `Port`, `Methods`); CRD rules (enums,
 * CEL) use CRD paths (`spec.ingress[0].action`) and apply only to kinds with a CRD.
 */
import { type Problems, checkIntRange, supportedValues } from './problems.js';
import { arr, isObj, isSet, obj } from './values.js';
import { parseCIDR } from './net.js';
import { checkProtocol, protocolNumber, protocolSupportsPorts } from './protocol.js';
import { isNamedPort } from './ports.js';
import { checkAnnotations } from './labels.js';
import { checkEntityRule } from './entity-rule.js';
import { type RuleAt, rulePath } from './rule-path.js';

export const RULE_ACTIONS = ['Allow', 'Deny', 'Log', 'Pass'] as const;
const MAX_RULES = 1024;
const SINGLE_OR_RANGE_MSG = 'rules with numeric port or port range must set protocol to TCP or UDP or SCTP';
const PORTS_MSG = 'rules that specify ports must set protocol to TCP or UDP or SCTP';
const ACTION_VALUES = supportedValues(RULE_ACTIONS);
const IP_VERSION_VALUES = supportedValues([4, 6]);

export interface RuleContext {
  direction: 'ingress' | 'egress';
  /** GlobalNetworkPolicy-like rules: services need a namespace; "egress rules" wording. */
  global: boolean;
  /** Whether the CRD (OpenAPI + CEL) rules apply (false for Profile, which has no CRD). */
  crd: boolean;
}

type Obj = Record<string, unknown>;

/** What the checks read for an absent or malformed sub-object (never written to). */
const NONE: Readonly<Obj> = Object.freeze({});
const objOrNone = (v: unknown): Readonly<Obj> => (isObj(v) ? v : NONE);

/** The Go field names the struct-level checks report for an entity part of a rule. */
interface PartFields {
  readonly ports: string;
  readonly notPorts: string;
  readonly nets: string;
  readonly notNets: string;
}

const SOURCE_FIELDS: PartFields = { ports: 'Source.Ports', notPorts: 'Source.NotPorts', nets: 'Source.Nets', notNets: 'Source.NotNets' };
const DESTINATION_FIELDS: PartFields = {
  ports: 'Destination.Ports',
  notPorts: 'Destination.NotPorts',
  nets: 'Destination.Nets',
  notNets: 'Destination.NotNets',
};

const notNamed = (x: unknown): boolean => !isNamedPort(x);

function checkPortList(p: Problems, field: string, ports: unknown, protocol: unknown): void {
  if (!Array.isArray(ports)) return;
  if (protocol === undefined || protocol === null) {
    if (ports.some(notNamed)) p.add(field, SINGLE_OR_RANGE_MSG, ports);
  } else if (ports.length > 0 && !protocolSupportsPorts(protocol)) {
    p.add(field, PORTS_MSG, ports);
  }
}

/** Per-CIDR checks of a nets list; returns the families seen (bit 1: IPv4, bit 2: IPv6). */
function checkNetList(p: Problems, field: string, nets: unknown[], negated: boolean): number {
  let families = 0;
  for (const n of nets) {
    const c = typeof n === 'string' ? parseCIDR(n) : undefined;
    if (!c) {
      p.add(field, 'invalid CIDR', n);
      continue;
    }
    families |= c.family === 4 ? 1 : 2;
    if (negated && c.prefix === 0 && c.bytes.every((b) => b === 0)) {
      p.add(field, 'catch-all CIDR in negation creates logical contradiction (matches no traffic)', n);
    }
  }
  return families;
}

/**
 * The version checks of one nets list; `seen` and the result are the families of the lists
 * checked before (bit 1: IPv4, bit 2: IPv6).
 */
function checkNetsVersions(p: Problems, field: string, nets: unknown, negated: boolean, ipv: unknown, seen: number): number {
  // A missing list (or anything but a list) has no CIDR: nothing below can fire.
  if (!Array.isArray(nets)) return seen;
  const families = checkNetList(p, field, nets, negated);
  const v4 = (families & 1) !== 0;
  const v6 = (families & 2) !== 0;
  if ((ipv === 4 || ipv === 6) && ((v4 && ipv !== 4) || (v6 && ipv !== 6))) {
    p.add(field, "rule IP version doesn't match CIDR version", nets);
  }
  if ((v4 && (seen & 2) !== 0) || (v6 && (seen & 1) !== 0) || (v4 && v6)) p.add(field, 'rule contains both IPv4 and IPv6 CIDRs', nets);
  return seen | families;
}

/** The struct-level checks of one entity part; `seen` as in checkNetsVersions. */
function checkPartPortsAndNets(p: Problems, fields: PartFields, e: Obj, protocol: unknown, ipVersion: unknown, seen: number): number {
  const { ports, notPorts, nets, notNets } = e;
  // Each check below does nothing for an absent list: skipped without a call.
  if (ports !== undefined) checkPortList(p, fields.ports, ports, protocol);
  if (notPorts !== undefined) checkPortList(p, fields.notPorts, notPorts, protocol);
  if (nets !== undefined) seen = checkNetsVersions(p, fields.nets, nets, false, ipVersion, seen);
  if (notNets !== undefined) seen = checkNetsVersions(p, fields.notNets, notNets, true, ipVersion, seen);
  return seen;
}

/** Go struct-level rule checks: ports versus protocol, nets versions (source, then destination). */
function checkPortsAndNets(p: Problems, source: unknown, destination: unknown, protocol: unknown, ipVersion: unknown): void {
  // An entity that is not an object has no lists: nothing to check there.
  const seen = isObj(source) ? checkPartPortsAndNets(p, SOURCE_FIELDS, source, protocol, ipVersion, 0) : 0;
  if (isObj(destination)) checkPartPortsAndNets(p, DESTINATION_FIELDS, destination, protocol, ipVersion, seen);
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

function checkICMP(p: Problems, at: RuleAt, k: 'icmp' | 'notICMP', v: unknown): void {
  const icmp = objOrNone(v);
  checkIntRange(p, `${rulePath(at)}.${k}.type`, icmp.type, 0, 254);
  checkIntRange(p, `${rulePath(at)}.${k}.code`, icmp.code, 0, 255);
  if (icmp.code !== undefined && icmp.type === undefined) p.add(`${rulePath(at)}.${k}`, 'ICMP code specified without an ICMP type');
}

/** The CEL rules tying ICMP protocols to IP versions, for one of protocol/notProtocol. */
function checkICMPVersion(p: Problems, at: RuleAt, n: number | undefined, ipVersion: unknown): void {
  if (n === 1 && ipVersion !== undefined && ipVersion !== 4) p.add(rulePath(at), 'protocol ICMP requires ipVersion 4');
  if (n === 58 && ipVersion !== undefined && ipVersion !== 6) p.add(rulePath(at), 'protocol ICMPv6 requires ipVersion 6');
}

/** A rule's position and the fields of it the checks read, each read once. */
interface RuleFields extends RuleAt {
  readonly protocol: unknown;
  readonly notProtocol: unknown;
  readonly ipVersion: unknown;
  readonly http: unknown;
  readonly source: unknown;
  readonly destination: unknown;
}

/** CRD (OpenAPI + CEL) rules on one rule. */
function checkRuleCRD(p: Problems, v: Obj, r: RuleFields): void {
  const { action, icmp, notICMP } = v;
  const { protocol, ipVersion, http, destination } = r;
  if (action === undefined || action === null || action === '') p.add(`${rulePath(r)}.action`, 'Required value');
  else if (!(RULE_ACTIONS as readonly unknown[]).includes(action)) p.add(`${rulePath(r)}.action`, ACTION_VALUES);
  if (ipVersion !== undefined && ipVersion !== null && ipVersion !== 4 && ipVersion !== 6) p.add(`${rulePath(r)}.ipVersion`, IP_VERSION_VALUES);
  if (icmp !== undefined && icmp !== null) checkICMP(p, r, 'icmp', icmp);
  if (notICMP !== undefined && notICMP !== null) checkICMP(p, r, 'notICMP', notICMP);
  const proto = protocol === undefined ? undefined : protocolNumber(protocol);
  if (http !== undefined && http !== null) {
    if (protocol !== undefined && proto !== 6) p.add(rulePath(r), 'rules with HTTP match must have protocol TCP or unset');
    if (action !== 'Allow') p.add(rulePath(r), 'HTTP match is only valid on Allow rules');
    const h = objOrNone(http);
    if (Array.isArray(h.methods) && h.methods.length > 20) p.add(`${rulePath(r)}.http.methods`, 'must have at most 20 items');
    if (Array.isArray(h.paths) && h.paths.length > 20) p.add(`${rulePath(r)}.http.paths`, 'must have at most 20 items');
  }
  if (isObj(destination) && destination.services !== undefined && (isSet(destination.ports) || isSet(destination.notPorts))) {
    p.add(rulePath(r), 'ports and notPorts cannot be specified with services');
  }
  if ((isSet(icmp) || isSet(notICMP)) && proto !== 1 && proto !== 58) {
    p.add(rulePath(r), 'ICMP fields require protocol to be ICMP or ICMPv6');
  }
  if (proto === 1 || proto === 58) checkICMPVersion(p, r, proto, ipVersion);
  if (r.notProtocol !== undefined) checkICMPVersion(p, r, protocolNumber(r.notProtocol), ipVersion);
}

/** Policy-spec-level checks on one rule (direction rules, GNP service namespaces). */
function checkRuleInPolicy(p: Problems, r: RuleFields, ctx: RuleContext): void {
  const src = objOrNone(r.source);
  const dst = objOrNone(r.destination);
  if (ctx.direction === 'egress') {
    if (src.services !== undefined) p.add('Services', 'not allowed in egress rule source', src.services);
    if (r.http !== undefined && r.http !== null) {
      p.add('HTTP', ctx.global ? 'not allowed in egress rules' : 'not allowed in egress rule', r.http);
    }
  } else if (dst.services !== undefined) {
    p.add('Services', 'not allowed in ingress rule destination', dst.services);
  }
  const peer = ctx.direction === 'egress' ? dst : src;
  if (ctx.global && isObj(peer.services) && !isSet(peer.services.namespace)) {
    p.add('Namespace', 'must specify a namespace', '');
  }
}

function checkOneRule(p: Problems, list: string, index: number, v: unknown, ctx: RuleContext): void {
  if (!isObj(v)) {
    p.add(rulePath({ list, index }), 'must be an object', v);
    return;
  }
  const { protocol, notProtocol, ipVersion, http, source, destination } = v;
  const r: RuleFields = { list, index, protocol, notProtocol, ipVersion, http, source, destination };
  const crd = ctx.crd;
  if (crd) checkRuleCRD(p, v, r);
  if (protocol !== undefined) checkProtocol(p, 'Protocol', protocol);
  if (notProtocol !== undefined) checkProtocol(p, 'Protocol', notProtocol);
  if (http !== undefined && http !== null) checkHTTP(p, http);
  const metadata = v.metadata;
  if (isObj(metadata)) checkAnnotations(p, metadata.annotations);
  if (source !== undefined) checkEntityRule(p, source, r, 'source', crd);
  if (destination !== undefined) checkEntityRule(p, destination, r, 'destination', crd);
  checkPortsAndNets(p, source, destination, protocol, ipVersion);
  checkRuleInPolicy(p, r, ctx);
}

/** Check a rule list such as `spec.ingress`. */
export function checkRules(p: Problems, field: string, rules: unknown, ctx: RuleContext): void {
  if (rules === undefined || rules === null) return;
  if (!Array.isArray(rules)) {
    p.add(field, 'must be a list of rules', rules);
    return;
  }
  if (ctx.crd && rules.length > MAX_RULES) p.add(field, `must have at most ${MAX_RULES} items`);
  // A loop rather than forEach (no closure per call); holes are skipped as forEach would.
  for (let i = 0, n = rules.length; i < n; i++) {
    const rule: unknown = rules[i];
    if (rule === undefined && !(i in rules)) continue;
    checkOneRule(p, field, i, rule, ctx);
  }
}
