import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/actions/ipam/check-analyze.js';
import type { CheckData } from '../../../src/actions/ipam/check-data.js';
import { nodeTunnelIPs } from '../../../src/actions/ipam/check-data.js';
import { assignFromBlock, newBlock } from '../../../src/ipam/block.js';
import { parseCidr } from '../../../src/ipam/cidr.js';
import { poolFromSpec } from '../../../src/ipam/resources.js';

function data(): CheckData {
  const cidr = parseCidr('10.0.0.0/26')!;
  const block = newBlock(cidr, 'host:n1');
  assignFromBlock(block, 1, 'ipip-tunnel-addr-n1', { node: 'n1', type: 'ipipTunnelAddress' }, () => false); // 10.0.0.0
  return {
    cluster: { guid: 'g', type: '', revision: '1', locked: false },
    blocks: [{ key: 'k', rev: '1', block, cidr }],
    activePools: [poolFromSpec('p', { cidr: '10.0.0.0/24' })!],
    nodeIPs: nodeTunnelIPs([
      { apiVersion: 'projectcalico.org/v3', kind: 'Node', metadata: { name: 'n1' }, spec: { bgp: { ipv4IPIPTunnelAddr: '10.0.0.0' } } },
      { apiVersion: 'projectcalico.org/v3', kind: 'Node', metadata: { name: 'n2' }, spec: { ipv4VXLANTunnelAddr: '10.0.0.9' } },
    ]),
    workloadIPs: new Map([
      ['192.168.9.9', ['Workload(default/a)']],
      ['10.0.0.0', ['Workload(default/b)']],
    ]),
    serviceIPs: new Map(),
    handles: [{ key: 'h', id: 'ipip-tunnel-addr-n1', rev: '5', value: { block: { '10.0.0.0/26': 1 }, deleted: false } }],
  };
}

describe('ipam check analysis', () => {
  it('reports in-use addresses outside pools or without allocation, and multiple owners', () => {
    const r = analyze(data(), { showAllIPs: false, showProblemIPs: true });
    expect(r.text).toContain('Found 2 node tunnel IPs.\n');
    expect(r.text).toContain('Found 0 service load balancer(s).\n');
    expect(r.text).toContain('Workloads and nodes are using 3 IPs.\n');
    expect(r.text).toContain('  10.0.0.0 has multiple owners.\n');
    expect(r.text).toContain('  192.168.9.9 in use by Workload(default/a) is not in any active IP pool.\n');
    expect(r.text).toContain('  10.0.0.9 in use by Node(n2) and in active IPAM pool but has no IPAM allocation.\n');
    expect(r.text).toContain('Found 0 IPs that are allocated in IPAM but not actually in use.\n');
    expect(r.text).toContain('Found 1 in-use IPs that are not in active IP pools.\n');
    expect(r.text).toContain('Found 1 in-use IPs that are in active IP pools but have no corresponding IPAM allocation.\n');
    expect(r.text.endsWith('Check complete; found 2 problems.\n')).toBe(true);
    expect(r.allocations[0]).toMatchObject({ ip: '10.0.0.0', inUse: true, borrowed: false, owners: ['Node(n1)', 'Workload(default/b)'] });
  });

  it('prints problem addresses only when asked', () => {
    const r = analyze(data(), { showAllIPs: false, showProblemIPs: false });
    expect(r.text).not.toContain('192.168.9.9');
    expect(r.problems).toBe(2);
  });
});
