/**
 * Name rules: ObjectMeta names (DNS-1123 subdomain), Tier names (DNS label), the policy
 * name forms and the singleton names of config kinds. Messages quote the unanchored
 * formats, as Calico does.
 */
import type { Problems } from './problems.js';

export const LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
export const SUBDOMAIN_FMT = `${LABEL_FMT}(\\.${LABEL_FMT})*`;

const SUBDOMAIN_RE = new RegExp(`^${SUBDOMAIN_FMT}$`);
const LABEL_RE = new RegExp(`^${LABEL_FMT}$`);
/** `^(LABEL\.)?LABEL$` written as `^LABEL(\.LABEL)?$`: the same names, less backtracking. */
const GNP_RE = new RegExp(`^${LABEL_FMT}(\\.${LABEL_FMT})?$`);
const NP_RE = new RegExp(`^((${LABEL_FMT})(\\.${LABEL_FMT})?|((knp|ossg)\\.default\\.(${SUBDOMAIN_FMT})))$`);

const SUBDOMAIN_REASON = `name must consist of lower case alphanumeric characters, '-' or '.' (regex: ${SUBDOMAIN_FMT})`;
const LABEL_NAME_REASON = `name must consist of lower case alphanumeric characters or '-' (regex: ${LABEL_FMT})`;

export const MAX_NAME_LENGTH = 253;
export const MAX_LABEL_LENGTH = 63;
export const NAME_FIELD = 'Metadata.Name';

export function isSubdomain(s: string): boolean {
  return s.length <= MAX_NAME_LENGTH && SUBDOMAIN_RE.test(s);
}

export function isDNSLabel(s: string): boolean {
  return s.length <= MAX_LABEL_LENGTH && LABEL_RE.test(s);
}

function check(p: Problems, field: string, name: string, max: number, re: RegExp, reason: string): void {
  if (name.length > max) p.add(field, `name is too long by ${name.length - max} bytes`, name);
  if (!re.test(name)) p.add(field, reason, name);
}

/** ObjectMeta names and the `name` tag: a DNS-1123 subdomain of at most 253 characters. */
export function checkSubdomainName(p: Problems, field: string, name: string): void {
  check(p, field, name, MAX_NAME_LENGTH, SUBDOMAIN_RE, SUBDOMAIN_REASON);
}

/** Tier names: a DNS label (no dots) of at most 63 characters. */
export function checkTierName(p: Problems, field: string, name: string): void {
  check(p, field, name, MAX_LABEL_LENGTH, LABEL_RE, LABEL_NAME_REASON);
}

/** GlobalNetworkPolicy / StagedGlobalNetworkPolicy: `label` or `label.label`. */
export function checkGlobalPolicyName(p: Problems, field: string, name: string): void {
  check(p, field, name, MAX_NAME_LENGTH, GNP_RE, LABEL_NAME_REASON);
}

/** NetworkPolicy / StagedNetworkPolicy: `label`, `label.label`, `knp.default.<subdomain>` or `ossg.default.<subdomain>`. */
export function checkNamespacedPolicyName(p: Problems, field: string, name: string): void {
  check(p, field, name, MAX_NAME_LENGTH, NP_RE, LABEL_NAME_REASON);
}

/** Namespace names: a DNS label. */
export function checkNamespaceName(p: Problems, field: string, ns: string): void {
  check(p, field, ns, MAX_LABEL_LENGTH, LABEL_RE, `namespace must consist of lower case alphanumeric characters or '-' (regex: ${LABEL_FMT})`);
}

/** Singletons: the name must be one of `allowed`. */
export function checkSingletonName(p: Problems, kind: string, name: string, allowed: readonly string[]): void {
  if (!allowed.includes(name)) {
    p.add(NAME_FIELD, `${kind} name must be ${allowed.map((a) => `'${a}'`).join(' or ')}`, name);
  }
}

/** FelixConfiguration / BGPConfiguration: `default` or `node.<nodename>`. */
export function checkConfigName(p: Problems, kind: string, name: string): void {
  if (name === 'default') return;
  if (name.startsWith('node.') && isSubdomain(name.slice(5))) return;
  p.add(NAME_FIELD, `${kind} name must be 'default' or 'node.<nodename>'`, name);
}

/** A field with Calico's `name` tag (e.g. `Node`): subdomain regex, tag-failure reason. */
export function checkNameTag(p: Problems, goField: string, v: unknown): void {
  if (v === undefined || v === null || v === '') return;
  if (typeof v !== 'string' || !SUBDOMAIN_RE.test(v)) {
    p.add(goField, `Reason: failed to validate Field: ${goField} because of Tag: name `, v);
  }
}
