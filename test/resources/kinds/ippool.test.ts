import { describe, it, expect } from 'vitest';
import { type Case, cells, check, kind, problems, res } from './util.js';

const pool = (spec: Record<string, unknown>, name = 'pool1') => res('IPPool', name, spec);

const CASES: Case[] = [
  { name: 'minimal v4', r: pool({ cidr: '10.0.0.0/16' }), expect: [] },
  { name: 'v6 with vxlan', r: pool({ cidr: 'fd00::/64', vxlanMode: 'Always', blockSize: 122 }), expect: [] },
  { name: 'full', r: pool({ cidr: '10.1.0.0/16', blockSize: 24, ipipMode: 'CrossSubnet', natOutgoing: true, nodeSelector: "foo == 'bar'", allowedUses: ['Workload'], assignmentMode: 'Manual' }), expect: [] },
  { name: 'load balancer', r: pool({ cidr: '10.2.0.0/24', allowedUses: ['LoadBalancer'] }), expect: [] },
  { name: 'missing cidr', r: pool({}), expect: ['IPpool.CIDR: IPPool CIDR must be specified', 'IPpool.CIDR: IPPool CIDR must be a valid subnet', 'spec.cidr: Required value'] },
  { name: 'bad cidr', r: pool({ cidr: '10.0.0.0/33' }), expect: ['IPpool.CIDR: IPPool CIDR must be a valid subnet'] },
  { name: 'not masked', r: pool({ cidr: '10.0.0.1/16' }), expect: ['IPpool.CIDR: IP pool CIDR is not strictly masked', 'spec: IPPool CIDR must be strictly masked'] },
  { name: 'link local v4', r: pool({ cidr: '169.254.0.0/24' }), expect: ['IP pool range overlaps with IPv4 Link Local range 169.254.0.0/16'] },
  { name: 'link local v6', r: pool({ cidr: 'fe80::/64', blockSize: 122 }), expect: ['IP pool range overlaps with IPv6 Link Local range fe80::/10'] },
  { name: 'too small for the block', r: pool({ cidr: '10.0.0.0/28' }), expect: ['IP pool size is too small for use with Calico IPAM'] },
  { name: 'blockSize v4 range', r: pool({ cidr: '10.0.0.0/8', blockSize: 19 }), expect: ['spec: blockSize must be between 20 and 32 for IPv4 pools, and between 116 and 128 for IPv6 pools'] },
  { name: 'blockSize v6 range', r: pool({ cidr: 'fd00::/48', blockSize: 64 }), expect: ['spec: blockSize must be between 20 and 32'] },
  { name: 'lower-case mode', r: pool({ cidr: '10.0.0.0/16', ipipMode: 'never' }), expect: ['spec.ipipMode: supported values: "Never", "Always", "CrossSubnet"'] },
  { name: 'both encapsulations', r: pool({ cidr: '10.0.0.0/16', ipipMode: 'Always', vxlanMode: 'CrossSubnet' }), expect: ['spec: ipipMode and vxlanMode cannot both be enabled'] },
  { name: 'ipip on v6', r: pool({ cidr: 'fd00::/64', ipipMode: 'Always' }), expect: ['spec: IPIP is not supported on IPv6 pools'] },
  { name: 'bad use', r: pool({ cidr: '10.0.0.0/16', allowedUses: ['Workload', 'Foo'] }), expect: ['spec.allowedUses[1]: supported values'] },
  { name: 'LB mixed', r: pool({ cidr: '10.0.0.0/16', allowedUses: ['LoadBalancer', 'Tunnel'] }), expect: ['LoadBalancer cannot be combined with Workload or Tunnel allowed uses'] },
  { name: 'LB encapsulated', r: pool({ cidr: '10.0.0.0/16', allowedUses: ['LoadBalancer'], vxlanMode: 'Always' }), expect: ['LoadBalancer IP pool cannot have IPIP or VXLAN enabled'] },
  { name: 'LB selector', r: pool({ cidr: '10.0.0.0/16', allowedUses: ['LoadBalancer'], nodeSelector: "a == 'b'" }), expect: ['must have nodeSelector set to all()'] },
  { name: 'tunnel ns selector', r: pool({ cidr: '10.0.0.0/16', allowedUses: ['Tunnel'], namespaceSelector: "a == 'b'" }), expect: ['IP Pool with AllowedUse Tunnel cannot have namespaceSelector'] },
  { name: 'global selector', r: pool({ cidr: '10.0.0.0/16', nodeSelector: 'global()' }), expect: ['global() selector is not valid for IPPool nodeSelector'] },
  { name: 'bad selector', r: pool({ cidr: '10.0.0.0/16', nodeSelector: "foo == 'bar" }), expect: ['NodeSelector: Reason: failed to validate Field: NodeSelector because of Tag: selector '] },
  { name: 'empty assignment mode', r: pool({ cidr: '10.0.0.0/16', assignmentMode: '' }), expect: ['spec.assignmentMode: supported values: "Automatic", "Manual"'] },
  { name: 'bad name', r: pool({ cidr: '10.0.0.0/16' }, 'Pool_1'), expect: ["Metadata.Name: name must consist of lower case alphanumeric characters, '-' or '.'"] },
];

describe('IPPool validate', () => {
  for (const c of CASES) it(c.name, () => check(c));

  it('reports the value with Go-validator problems', () => {
    const errs = kind('ippool').validate!(pool({ cidr: '10.0.0.1/16' }), {});
    expect(errs).toContainEqual({ field: 'IPpool.CIDR', value: '10.0.0.1/16', reason: 'IP pool CIDR is not strictly masked' });
    expect(errs).toContainEqual({ field: 'spec', reason: 'IPPool CIDR must be strictly masked' });
  });

  it('a disabled pool may be smaller than its block', () => {
    expect(problems(pool({ cidr: '10.0.0.0/28', disabled: true }))).toEqual([]);
  });
});

describe('IPPool defaults', () => {
  const def = kind('ippool');

  it('fills in what clientv3 fills in', () => {
    const out = def.defaults!(pool({ cidr: '10.0.0.0/16' }));
    expect(out.spec).toEqual({
      cidr: '10.0.0.0/16',
      blockSize: 26,
      ipipMode: 'Never',
      vxlanMode: 'Never',
      nodeSelector: 'all()',
      allowedUses: ['Workload', 'Tunnel'],
      assignmentMode: 'Automatic',
    });
  });

  it('uses 122 for IPv6 and canonicalises the CIDR text', () => {
    const out = def.defaults!(pool({ cidr: 'FD00:0:0:0::/64' }));
    expect(out.spec).toMatchObject({ cidr: 'fd00::/64', blockSize: 122 });
  });

  it('keeps set values, is pure, and leaves an explicit empty assignmentMode for validation', () => {
    const input = pool({ cidr: '10.0.0.0/16', blockSize: 24, ipipMode: 'Always', nodeSelector: 'x == "y"', allowedUses: ['Tunnel'], assignmentMode: '' });
    const before = structuredClone(input);
    const out = def.defaults!(input);
    expect(input).toEqual(before);
    expect(out.spec).toMatchObject({ blockSize: 24, ipipMode: 'Always', nodeSelector: 'x == "y"', allowedUses: ['Tunnel'], assignmentMode: '' });
  });
});

describe('IPPool columns', () => {
  it('prints the reference wide row', () => {
    const r = kind('ippool').defaults!(
      pool({ cidr: '10.0.1.0/24', ipipMode: 'Always', natOutgoing: false, nodeSelector: "foo == 'bar'" }, 'ippool-name1'),
    );
    expect(cells(r, kind('ippool').columns.wide)).toEqual([
      'ippool-name1', '10.0.1.0/24', 'false', 'Always', 'Never', 'false', 'false', "foo == 'bar'", 'Automatic',
    ]);
    expect(cells(r, kind('ippool').columns.ps)).toEqual(['ippool-name1', '10.0.1.0/24', "foo == 'bar'"]);
  });

  it('prints Never for unset modes, false for unset booleans, <nil> for an unset assignment mode', () => {
    const r = pool({ cidr: '10.0.0.0/8', natOutgoing: true });
    expect(cells(r, ['NAT', 'IPIPMODE', 'VXLANMODE', 'DISABLED', 'ASSIGNMENTMODE'])).toEqual(['true', 'Never', 'Never', 'false', '<nil>']);
  });
});
