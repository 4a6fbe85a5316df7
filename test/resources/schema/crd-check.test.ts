import { describe, it, expect } from 'vitest';
import { crdSchemaProblems, withCRDProblems } from '../../../src/resources/schema/crd-check.js';
import { goRegExp } from '../../../src/resources/schema/crd-rules.js';
import { prepare } from '../../../src/resources/manager.js';
import { ValidationError } from '../../../src/errors.js';
import { kind, res } from '../kinds/util.js';

const lines = (kindName: string, spec: Record<string, unknown>, name = 'default') =>
  crdSchemaProblems(kind(kindName), res(kindName, name, spec)).map((e) => `${e.field}: ${e.reason}`);

interface Row { name: string; kind: string; spec: Record<string, unknown>; expect: string[] }

const ROWS: Row[] = [
  { name: 'felix valid', kind: 'FelixConfiguration', spec: { iptablesBackend: 'NFT', bpfLogLevel: 'debug', reportingInterval: '30s', logActionRateLimitBurst: 5 }, expect: [] },
  { name: 'felix enum and pattern', kind: 'FelixConfiguration', spec: { iptablesBackend: 'Fancy' }, expect: ['spec.iptablesBackend: supported values: "Legacy", "NFT", "Auto"', "spec.iptablesBackend: should match '^(?i)(Auto|Legacy|NFT)?$'"] },
  { name: 'felix (?i) pattern alone', kind: 'FelixConfiguration', spec: { bpfLogLevel: 'Verbose' }, expect: ["spec.bpfLogLevel: should match '^(?i)(Off|Info|Debug)?$'"] },
  { name: 'felix duration pattern', kind: 'FelixConfiguration', spec: { reportingInterval: '30 seconds' }, expect: ['spec.reportingInterval: should match'] },
  { name: 'felix enum', kind: 'FelixConfiguration', spec: { awsSrcDstCheck: 'disable' }, expect: ['spec.awsSrcDstCheck: supported values: "DoNothing", "Enable", "Disable"'] },
  { name: 'felix maximum', kind: 'FelixConfiguration', spec: { logActionRateLimitBurst: 10000 }, expect: ['spec.logActionRateLimitBurst: should be less than or equal to 9999'] },
  { name: 'felix minimum', kind: 'FelixConfiguration', spec: { bpfMapSizeConntrackCleanupQueue: 0 }, expect: ['spec.bpfMapSizeConntrackCleanupQueue: should be greater than or equal to 1'] },
  { name: 'felix feature gates', kind: 'FelixConfiguration', spec: { featureGates: 'a=b,c=d' }, expect: [] },
  { name: 'felix bad feature detect override', kind: 'FelixConfiguration', spec: { featureDetectOverride: 'a=yes' }, expect: ["spec.featureDetectOverride: should match"] },
  { name: 'ippool enum + maxLength', kind: 'IPPool', spec: { cidr: '10.0.0.0/16/0000000000000000000000000000000000000000', vxlanMode: 'sometimes' }, expect: ['spec.cidr: may not be longer than 48', 'spec.vxlanMode: supported values: "Never", "Always", "CrossSubnet"'] },
  { name: 'ippool format cidr', kind: 'IPPool', spec: { cidr: '10.0.0.1' }, expect: ['spec.cidr: spec.cidr in body must be of type cidr: "10.0.0.1"'] },
  { name: 'ippool required', kind: 'IPPool', spec: {}, expect: ['spec.cidr: Required value'] },
  { name: 'rule action required + enum', kind: 'GlobalNetworkPolicy', spec: { ingress: [{ protocol: 'TCP' }, { action: 'allow' }] }, expect: ['spec.ingress[0].action: Required value', 'spec.ingress[1].action: supported values: "Allow", "Deny", "Log", "Pass"'] },
  { name: 'icmp range', kind: 'NetworkPolicy', spec: { egress: [{ action: 'Allow', protocol: 'ICMP', icmp: { type: 255, code: 256 } }] }, expect: ['spec.egress[0].icmp.type: should be less than or equal to 254', 'spec.egress[0].icmp.code: should be less than or equal to 255'] },
  { name: 'bgpconfig communities pattern + required', kind: 'BGPConfiguration', spec: { communities: [{ name: 'c', value: 'abc' }, { value: '1:2' }] }, expect: ["spec.communities[0].value: should match '^(\\d+):(\\d+)$|^(\\d+):(\\d+):(\\d+)$'"] },
  { name: 'bgpconfig listenPort', kind: 'BGPConfiguration', spec: { listenPort: 0 }, expect: ['spec.listenPort: should be greater than or equal to 1'] },
  { name: 'ipam config range', kind: 'IPAMConfiguration', spec: { maxBlocksPerHost: -1, ipCooldownSeconds: 1201 }, expect: ['spec.maxBlocksPerHost: should be greater than or equal to 0', 'spec.ipCooldownSeconds: should be less than or equal to 1200'] },
  { name: 'list-type set duplicates', kind: 'IPPool', spec: { cidr: '10.0.0.0/16', allowedUses: ['Workload', 'Tunnel', 'Workload'] }, expect: ['spec.allowedUses[2]: Duplicate value: "Workload"'] },
  { name: 'rule nets set duplicates', kind: 'NetworkPolicy', spec: { ingress: [{ action: 'Allow', source: { nets: ['10.0.0.0/8', '10.0.0.0/8'] } }] }, expect: ['spec.ingress[0].source.nets[1]: Duplicate value: "10.0.0.0/8"'] },
  { name: 'tier action enum', kind: 'Tier', spec: { defaultAction: 'Allow' }, expect: ['spec.defaultAction: supported values: "Pass", "Deny"'] },
  { name: 'kcc log severity', kind: 'KubeControllersConfiguration', spec: { logSeverityScreen: 'Loud', controllers: {} }, expect: ['spec.logSeverityScreen: supported values: "None", "Debug"'] },
];

describe('CRD OpenAPI checks', () => {
  for (const row of ROWS) {
    it(row.name, () => {
      const got = lines(row.kind, row.spec);
      if (row.expect.length === 0) expect(got).toEqual([]);
      for (const e of row.expect) expect(got.some((g) => g.includes(e)), `${e}\n got: ${got.join('\n')}`).toBe(true);
    });
  }

  it('translates a leading (?i) of Go syntax and keeps [a-z-_] literal', () => {
    expect(goRegExp('^(?i)(Auto|NFT)?$').test('nft')).toBe(true);
    expect(goRegExp('^([a-zA-Z0-9-_]+=(true|false|),)*$').test('a-b_c=true,')).toBe(true);
  });

  it('required scalars are never missing (Go always writes them): no report for IPAMConfiguration bools', () => {
    expect(lines('IPAMConfiguration', { maxBlocksPerHost: 5 })).toEqual([]);
    expect(lines('FelixConfiguration', { routeTableRange: { min: 1 } })).toEqual([]);
  });

  it('kinds without a CRD get no schema pass', () => {
    expect(crdSchemaProblems(kind('Profile'), res('Profile', 'p', { ingress: [{ action: 'bogus' }] }))).toEqual([]);
  });

  it('does not repeat a field the kind already reported', () => {
    const def = kind('IPPool');
    const r = res('IPPool', 'p', { cidr: '10.0.0.0/16', ipipMode: 'never' });
    const own = def.validate!(r, {});
    const merged = withCRDProblems(def, r, own);
    expect(merged.filter((e) => e.field === 'spec.ipipMode')).toHaveLength(1);
  });

  it('runs in prepare(): every problem at once, in Calico\'s error format', () => {
    const r = res('FelixConfiguration', 'default', { bpfLogLevel: 'Verbose', logActionRateLimitBurst: -1, iptablesBackend: 'x' });
    let err: unknown;
    try {
      prepare(kind('FelixConfiguration'), r, 'validate');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/^error with the following fields:\n/);
    expect(msg).toContain("-  spec.bpfLogLevel (should match '^(?i)(Off|Info|Debug)?$')\n");
    expect(msg).toContain('-  spec.logActionRateLimitBurst (should be greater than or equal to 0)\n');
    expect(msg).toContain('-  spec.iptablesBackend');
  });
});
