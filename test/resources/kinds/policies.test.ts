import { describe, it, expect } from 'vitest';
import { type Case, cells, check, kind, problems, res } from './util.js';

const np = (name: string, spec: Record<string, unknown> = {}) => res('NetworkPolicy', name, spec, { namespace: 'default' });
const gnp = (name: string, spec: Record<string, unknown> = {}) => res('GlobalNetworkPolicy', name, spec);
const rule = (r: Record<string, unknown>) => ({ action: 'Allow', ...r });

const CASES: Case[] = [
  { name: 'np simple', r: np('allow-web', { selector: "app == 'web'", ingress: [rule({ protocol: 'TCP', destination: { ports: [80, '8000:8080', 'http'] } })] }), expect: [] },
  { name: 'np dotted name', r: np('th.ing'), expect: [] },
  { name: 'np knp name', r: np('knp.default.thing'), expect: [] },
  { name: 'np two dots', r: np('t.h.i.ng'), expect: ["Metadata.Name: name must consist of lower case alphanumeric characters or '-' (regex: [a-z0-9]([-a-z0-9]*[a-z0-9])?)"] },
  { name: 'np upper case', r: np('tHiNg'), expect: ["name must consist of lower case alphanumeric characters, '-' or '.'", "name must consist of lower case alphanumeric characters or '-'"] },
  { name: 'gnp knp name', r: gnp('knp.default.thing'), expect: ["Metadata.Name: name must consist of lower case alphanumeric characters or '-'"] },
  { name: 'gnp services with namespace', r: gnp('g', { egress: [rule({ destination: { services: { name: 'svc', namespace: 'ns' } } })] }), expect: [] },
  { name: 'gnp services without namespace', r: gnp('g', { egress: [rule({ destination: { services: { name: 'svc' } } })] }), expect: ['Namespace: must specify a namespace'] },
  { name: 'bad action', r: np('p', { ingress: [{ action: 'allow' }] }), expect: ['spec.ingress[0].action: supported values: "Allow", "Deny", "Log", "Pass"'] },
  { name: 'missing action', r: np('p', { egress: [{}] }), expect: ['spec.egress[0].action: Required value'] },
  { name: 'bad type', r: np('p', { types: ['Ingress', 'Sideways'] }), expect: ['spec.types[1]: supported values: "Ingress", "Egress"'] },
  { name: 'duplicate type', r: np('p', { types: ['Egress', 'Egress'] }), expect: ['spec.types[1]: Duplicate value: "Egress"'] },
  { name: 'bad selector', r: np('p', { selector: 'a ==' + " '" }), expect: ['Selector: Reason: failed to validate Field: Selector because of Tag: selector '] },
  { name: 'global() in selector', r: np('p', { selector: 'global()' }), expect: ['spec: global() can only be used in an EntityRule namespaceSelector'] },
  { name: 'global() with others', r: np('p', { ingress: [rule({ source: { namespaceSelector: "global() && a == 'b'" } })] }), expect: ['NamespaceSelector field: global() cannot be combined with other selectors'] },
  { name: 'global() alone', r: np('p', { ingress: [rule({ source: { namespaceSelector: 'global()' } })] }), expect: [] },
  { name: 'numeric ports without protocol', r: np('p', { ingress: [rule({ destination: { ports: [80] } })] }), expect: ['Destination.Ports: rules with numeric port or port range must set protocol to TCP or UDP or SCTP'] },
  { name: 'named ports without protocol', r: np('p', { ingress: [rule({ destination: { ports: ['http'] } })] }), expect: [] },
  { name: 'ports with ICMP', r: np('p', { ingress: [rule({ protocol: 'ICMP', source: { notPorts: ['http'] } })] }), expect: ['Source.NotPorts: rules that specify ports must set protocol to TCP or UDP or SCTP'] },
  { name: 'port zero', r: np('p', { ingress: [rule({ protocol: 'TCP', destination: { ports: [0] } })] }), expect: ['Port: port range invalid, port number must be between 1 and 65535'] },
  { name: 'reversed range', r: np('p', { ingress: [rule({ protocol: 'UDP', destination: { ports: ['90:80'] } })] }), expect: ['Port: port range invalid'] },
  { name: 'lower-case protocol', r: np('p', { ingress: [rule({ protocol: 'tcp' })] }), expect: ['Protocol: protocol name invalid'] },
  { name: 'protocol zero', r: np('p', { ingress: [rule({ protocol: 0 })] }), expect: ['Protocol: protocol number invalid'] },
  { name: 'icmp needs protocol', r: np('p', { ingress: [rule({ icmp: { type: 8 } })] }), expect: ['spec.ingress[0]: ICMP fields require protocol to be ICMP or ICMPv6'] },
  { name: 'icmp code without type', r: np('p', { ingress: [rule({ protocol: 'ICMP', icmp: { code: 1 } })] }), expect: ['spec.ingress[0].icmp: ICMP code specified without an ICMP type'] },
  { name: 'icmp type range', r: np('p', { ingress: [rule({ protocol: 'ICMP', icmp: { type: 255 } })] }), expect: ['spec.ingress[0].icmp.type: should be less than or equal to 254'] },
  { name: 'icmp with ipVersion 6', r: np('p', { ingress: [rule({ protocol: 'ICMP', ipVersion: 6 })] }), expect: ['protocol ICMP requires ipVersion 4'] },
  { name: 'icmpv6 with ipVersion 4', r: np('p', { ingress: [rule({ notProtocol: 'ICMPv6', ipVersion: 4 })] }), expect: ['protocol ICMPv6 requires ipVersion 6'] },
  { name: 'bad ipVersion', r: np('p', { ingress: [rule({ ipVersion: 5 })] }), expect: ['spec.ingress[0].ipVersion: supported values: 4, 6'] },
  { name: 'nets ok', r: np('p', { ingress: [rule({ source: { nets: ['10.0.0.0/8', '192.168.1.0/24'] }, destination: { notNets: ['10.1.0.0/16'] } })] }), expect: [] },
  { name: 'bare IP in nets', r: np('p', { ingress: [rule({ source: { nets: ['10.0.0.1'] } })] }), expect: ['Source.Nets: invalid CIDR'] },
  { name: 'unmasked net', r: np('p', { ingress: [rule({ source: { nets: ['10.0.0.1/8'] } })] }), expect: ['Nets[0]: Reason: failed to validate Field: Nets[0] because of Tag: net '] },
  { name: 'mixed families', r: np('p', { ingress: [rule({ source: { nets: ['10.0.0.0/8'] }, destination: { nets: ['fd00::/64'] } })] }), expect: ['Destination.Nets: rule contains both IPv4 and IPv6 CIDRs'] },
  { name: 'ipVersion mismatch', r: np('p', { ingress: [rule({ ipVersion: 6, source: { nets: ['10.0.0.0/8'] } })] }), expect: ["Source.Nets: rule IP version doesn't match CIDR version"] },
  { name: 'catch-all negation', r: np('p', { ingress: [rule({ source: { notNets: ['0.0.0.0/0'] } })] }), expect: ['catch-all CIDR in negation creates logical contradiction (matches no traffic)'] },
  { name: 'services in ingress destination', r: np('p', { ingress: [rule({ destination: { services: { name: 's' } } })] }), expect: ['Services: not allowed in ingress rule destination'] },
  { name: 'services in egress source', r: np('p', { egress: [rule({ source: { services: { name: 's' } } })] }), expect: ['Services: not allowed in egress rule source'] },
  { name: 'services without name', r: np('p', { egress: [rule({ destination: { services: { namespace: 'x' } } })] }), expect: ['Services field: must specify a service name'] },
  { name: 'services with selector', r: np('p', { egress: [rule({ destination: { services: { name: 's' }, selector: 'a == "b"' } })] }), expect: ['Services field: cannot specify Selector/NotSelector and Services on the same rule'] },
  { name: 'services with ports', r: np('p', { egress: [rule({ protocol: 'TCP', destination: { services: { name: 's' }, ports: [80] } })] }), expect: ['spec.egress[0]: ports and notPorts cannot be specified with services'] },
  { name: 'http on deny', r: np('p', { ingress: [{ action: 'Deny', http: { methods: ['GET'] } }] }), expect: ['spec.ingress[0]: HTTP match is only valid on Allow rules'] },
  { name: 'http in egress (np)', r: np('p', { egress: [rule({ http: { methods: ['GET'] } })] }), expect: ['HTTP: not allowed in egress rule'] },
  { name: 'http in egress (gnp)', r: gnp('p', { egress: [rule({ http: { methods: ['GET'] } })] }), expect: ['HTTP: not allowed in egress rules'] },
  { name: 'http duplicates', r: np('p', { ingress: [rule({ http: { methods: ['GET', 'GET'] } })] }), expect: ['Methods: Invalid methods (duplicates): [GET GET]'] },
  { name: 'http path', r: np('p', { ingress: [rule({ http: { paths: [{ exact: 'foo' }] } })] }), expect: ['Paths: Invalid path foo. (must start with `/` and not contain `?` or `#`'] },
  { name: 'http path both', r: np('p', { ingress: [rule({ http: { paths: [{ exact: '/a', prefix: '/b' }] } })] }), expect: ["Paths: Invalid path match. Both 'exact' and 'prefix' are set"] },
  { name: 'http with udp', r: np('p', { ingress: [rule({ protocol: 'UDP', http: { methods: ['GET'] } })] }), expect: ['rules with HTTP match must have protocol TCP or unset'] },
  { name: 'preDNAT and doNotTrack', r: gnp('g', { preDNAT: true, doNotTrack: true, applyOnForward: true }), expect: ['spec: preDNAT and doNotTrack cannot both be true'] },
  { name: 'preDNAT egress', r: gnp('g', { preDNAT: true, applyOnForward: true, egress: [rule({})] }), expect: ['spec: preDNAT policy cannot have any egress rules'] },
  { name: 'doNotTrack needs applyOnForward', r: gnp('g', { doNotTrack: true }), expect: ['spec: applyOnForward must be true if either preDNAT or doNotTrack is true'] },
  { name: 'bad label', r: res('NetworkPolicy', 'p', {}, { labels: { 'a b': 'c' } }), expect: ['Metadata.Labels (label): name part must consist of alphanumeric characters'] },
  { name: 'bad tier name', r: np('p', { tier: 'Sec' }), expect: ['Tier: Reason: failed to validate Field: Tier because of Tag: name '] },
  { name: 'rule annotations', r: np('p', { ingress: [rule({ metadata: { annotations: { '-bad': 'x' } } })] }), expect: ['Metadata.Annotations (key): name part must consist'] },
];

const STAGED: Case[] = [
  { name: 'staged set', r: res('StagedNetworkPolicy', 's', { stagedAction: 'Set', selector: 'all()' }, { namespace: 'ns' }), expect: [] },
  { name: 'staged bad action', r: res('StagedNetworkPolicy', 's', { stagedAction: 'Remove' }), expect: ['spec.stagedAction: supported values: "Set", "Delete", "Learn", "Ignore"'] },
  { name: 'staged delete clean', r: res('StagedGlobalNetworkPolicy', 's', { stagedAction: 'Delete', tier: 'default' }), expect: [] },
  { name: 'staged delete with fields', r: res('StagedGlobalNetworkPolicy', 's', { stagedAction: 'Delete', selector: 'all()' }), expect: ['StagedGlobalNetworkPolicySpec: Spec fields, except Tier, should all be zero-value if stagedAction is Delete'] },
  { name: 'staged gnp name rule', r: res('StagedGlobalNetworkPolicy', 'a.b.c'), expect: ["name must consist of lower case alphanumeric characters or '-'"] },
];

describe('policy validate', () => {
  for (const c of [...CASES, ...STAGED]) it(c.name, () => check(c));

  it('keeps a valid policy valid through defaults', () => {
    const def = kind('gnp');
    expect(problems(def.defaults!(gnp('g', { ingress: [rule({})] })))).toEqual([]);
  });
});

describe('policy defaults', () => {
  const def = kind('networkpolicy');

  it.each([
    [{}, ['Ingress']],
    [{ ingress: [rule({})] }, ['Ingress']],
    [{ egress: [rule({})] }, ['Egress']],
    [{ ingress: [rule({})], egress: [rule({})] }, ['Ingress', 'Egress']],
    [{ types: ['Egress'], ingress: [rule({})] }, ['Egress']],
  ])('types for %j → %j', (spec, types) => {
    expect(def.defaults!(np('p', spec)).spec?.types).toEqual(types);
  });

  it('sets the tier and the tier label, keeping other labels, without touching the input', () => {
    const input = res('NetworkPolicy', 'p', {}, { labels: { a: 'b' } });
    const out = def.defaults!(input);
    expect(out.spec?.tier).toBe('default');
    expect(out.metadata.labels).toEqual({ a: 'b', 'projectcalico.org/tier': 'default' });
    expect(input.metadata.labels).toEqual({ a: 'b' });
    const t = def.defaults!(np('p', { tier: 'security' }));
    expect(t.metadata.labels?.['projectcalico.org/tier']).toBe('security');
  });

  it('staged kinds default stagedAction and do not infer types for Delete', () => {
    const s = kind('sgnp').defaults!(res('StagedGlobalNetworkPolicy', 's'));
    expect(s.spec).toMatchObject({ stagedAction: 'Set', types: ['Ingress'], tier: 'default' });
    const d = kind('sgnp').defaults!(res('StagedGlobalNetworkPolicy', 's', { stagedAction: 'Delete' }));
    expect(d.spec?.types).toBeUndefined();
    expect(problems(d)).toEqual([]);
  });
});

describe('policy columns', () => {
  it('prints tier, Go-formatted order and selector; <nil> without order', () => {
    const cols = ['NAME', 'TIER', 'ORDER', 'SELECTOR'];
    expect(cells(gnp('g', { tier: 'default', order: 100, selector: "a == 'b'" }), cols)).toEqual(['g', 'default', '100', "a == 'b'"]);
    expect(cells(gnp('g', { order: 1000000 }), ['ORDER'])).toEqual(['1e+06']);
    expect(cells(gnp('g', { order: 2.5 }), ['ORDER'])).toEqual(['2.5']);
    expect(cells(gnp('g', {}), ['ORDER'])).toEqual(['<nil>']);
    expect(cells(np('p'), ['NAMESPACE'])).toEqual(['default']);
    expect(kind('np').columns.values.NAMESPACE).toBeDefined();
    expect(kind('gnp').columns.values.NAMESPACE).toBeUndefined();
  });
});
