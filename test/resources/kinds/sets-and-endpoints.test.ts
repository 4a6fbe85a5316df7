import { describe, it, expect } from 'vitest';
import { type Case, cells, check, kind, problems, res } from './util.js';

const hep = (spec: Record<string, unknown>) => res('HostEndpoint', 'hep1', spec);
const wepSpec = { node: 'node1', orchestrator: 'k8s', pod: 'frontend-5c7d', endpoint: 'eth0', interfaceName: 'cali0ef24ba', ipNetworks: ['10.0.0.5/32'] };
const wep = (spec: Record<string, unknown>, name = 'node1-k8s-frontend--5c7d-eth0') => res('WorkloadEndpoint', name, spec, { namespace: 'ns1' });

const CASES: Case[] = [
  { name: 'gns', r: res('GlobalNetworkSet', 'gns1', { nets: ['10.0.0.1', '10.0.0.0/8', '10.1.2.3/16', 'fd00::/64'] }), expect: [] },
  { name: 'gns bad net', r: res('GlobalNetworkSet', 'gns1', { nets: ['10.0.0.0/33'] }), expect: ['Nets[0]: Reason: failed to validate Field: Nets[0] because of Tag: cidr '] },
  { name: 'gns namespace label', r: res('GlobalNetworkSet', 'gns1', {}, { labels: { 'projectcalico.org/namespace': 'x' } }), expect: ['Metadata.Labels (label): projectcalico.org/namespace is not a valid label name'] },
  { name: 'netset', r: res('NetworkSet', 'ns1', { nets: ['192.168.0.0/16'] }, { namespace: 'default' }), expect: [] },
  { name: 'netset bad namespace', r: res('NetworkSet', 'ns1', {}, { namespace: 'Default' }), expect: ['Metadata.Namespace: namespace must consist of lower case alphanumeric characters'] },
  { name: 'reservation', r: res('IPReservation', 'r1', { reservedCIDRs: ['10.0.0.0/24', 'fd00::/120'] }), expect: [] },
  { name: 'reservation bare ip', r: res('IPReservation', 'r1', { reservedCIDRs: ['10.0.0.1'] }), expect: ['spec.reservedCIDRs[0]: spec.reservedCIDRs[0] in body must be of type cidr: "10.0.0.1"'] },
  { name: 'reservation garbage', r: res('IPReservation', 'r1', { reservedCIDRs: ['x'] }), expect: ['ReservedCIDRs[0]: Reason: failed to validate Field: ReservedCIDRs[0] because of Tag: cidr '] },
  { name: 'hep iface', r: hep({ node: 'node1', interfaceName: 'eth0', profiles: ['web'], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }), expect: [] },
  { name: 'hep ips', r: hep({ node: 'node1', expectedIPs: ['10.0.0.1', 'fd00::1'] }), expect: [] },
  { name: 'hep nothing', r: hep({}), expect: ['spec: at least one of interfaceName or expectedIPs must be specified', 'spec: node must be specified'] },
  { name: 'hep bad ip', r: hep({ node: 'n', expectedIPs: ['10.0.0.0/8'] }), expect: ['ExpectedIPs[0]: Reason: failed to validate Field: ExpectedIPs[0] because of Tag: ip '] },
  { name: 'hep bad iface', r: hep({ node: 'n', interfaceName: 'eth 0' }), expect: ['InterfaceName: Reason: failed to validate Field: InterfaceName because of Tag: interface '] },
  { name: 'hep port proto', r: hep({ node: 'n', interfaceName: '*', ports: [{ name: 'p', port: 1, protocol: 'ICMP' }] }), expect: ['EndpointPort.Protocol: EndpointPort protocol does not support ports.'] },
  { name: 'hep port range', r: hep({ node: 'n', interfaceName: '*', ports: [{ name: 'p', port: 0, protocol: 'UDP' }] }), expect: ['spec.ports[0].port: should be greater than or equal to 1'] },
  { name: 'hep profile name', r: hep({ node: 'n', interfaceName: '*', profiles: ['.bad'] }), expect: ['Profiles[0]: Reason: failed to validate Field: Profiles[0] because of Tag: name '] },
  { name: 'wep k8s', r: wep(wepSpec), expect: [] },
  { name: 'wep libnetwork', r: wep({ node: 'n', orchestrator: 'libnetwork', endpoint: 'ep', interfaceName: 'eth0' }, 'n-libnetwork-libnetwork-ep'), expect: [] },
  { name: 'wep cni', r: wep({ node: 'n', orchestrator: 'cni', containerID: 'abc123', endpoint: 'eth0', interfaceName: 'eth0' }, 'n-cni-abc123-eth0'), expect: [] },
  { name: 'wep wrong name', r: wep(wepSpec, 'node1-k8s-frontend-5c7d-eth0'), expect: ['Metadata.Name: the WorkloadEndpoint name does not match the primary identifiers assigned in the Spec: expected name node1-k8s-frontend--5c7d-eth0'] },
  { name: 'wep missing pod', r: wep({ ...wepSpec, pod: undefined }), expect: ['Spec.pod: field must be set'] },
  { name: 'wep interface required', r: wep({ ...wepSpec, interfaceName: undefined }), expect: ['InterfaceName: Reason: failed to validate Field: InterfaceName because of Tag: interface '] },
  { name: 'wep multi-address network', r: wep({ ...wepSpec, ipNetworks: ['10.0.0.0/24'] }), expect: ['IPNetworks: IP network contains multiple addresses'] },
  { name: 'wep gateway family', r: wep({ ...wepSpec, ipv4Gateway: 'fd00::1' }), expect: ['IPv4Gateway: Reason: failed to validate Field: IPv4Gateway because of Tag: ipv4 '] },
  { name: 'wep nat outside', r: wep({ ...wepSpec, ipNATs: [{ internalIP: '10.0.0.6', externalIP: '172.16.0.1' }] }), expect: ['IPNATs: NAT is not in the endpoint networks'] },
  { name: 'wep nat families', r: wep({ ...wepSpec, ipNATs: [{ internalIP: '10.0.0.5', externalIP: 'fd00::1' }] }), expect: ['ExternalIP: mismatched IP versions'] },
  { name: 'wep nat ok', r: wep({ ...wepSpec, ipNATs: [{ internalIP: '10.0.0.5', externalIP: '172.16.0.1' }] }), expect: [] },
  { name: 'wep mac', r: wep({ ...wepSpec, mac: 'zz:00:00:00:00:00' }), expect: ['MAC: Reason: failed to validate Field: MAC because of Tag: mac '] },
  { name: 'wep port without name', r: wep({ ...wepSpec, ports: [{ port: 80, protocol: 'TCP' }] }), expect: ['WorkloadEndpointPort.Name: WorkloadEndpointPort name must not be empty if no HostPort is specified'] },
  { name: 'wep port proto', r: wep({ ...wepSpec, ports: [{ name: 'p', port: 80, protocol: 'ICMP' }] }), expect: ['WorkloadEndpointPort.Protocol: WorkloadEndpointPort protocol does not support ports.'] },
  { name: 'wep container id', r: wep({ node: 'n', orchestrator: 'cni', containerID: '-abc', endpoint: 'e', interfaceName: 'eth0' }, 'n-cni---abc-e'), expect: ['ContainerID: Reason: failed to validate Field: ContainerID because of Tag: containerID '] },
];

describe('sets and endpoints validate', () => {
  for (const c of CASES) it(c.name, () => check(c));
});

describe('WorkloadEndpoint defaults', () => {
  it('computes an empty name and adds the namespace and orchestrator labels', () => {
    const out = kind('wep').defaults!(res('WorkloadEndpoint', undefined, wepSpec, { namespace: 'ns1', labels: { app: 'fe' } }));
    expect(out.metadata.name).toBe('node1-k8s-frontend--5c7d-eth0');
    expect(out.metadata.labels).toEqual({ app: 'fe', 'projectcalico.org/namespace': 'ns1', 'projectcalico.org/orchestrator': 'k8s' });
    expect(problems(out)).toEqual([]);
  });

  it('keeps a given name', () => {
    expect(kind('wep').defaults!(wep(wepSpec, 'given')).metadata.name).toBe('given');
  });
});

describe('sets and endpoints columns', () => {
  it('truncates long NETS to 80 characters ending in ...', () => {
    const nets = Array.from({ length: 10 }, (_, i) => `10.0.${i}.0/28`);
    const [cell] = cells(res('GlobalNetworkSet', 'g', { nets }), ['NETS']);
    expect(cell).toHaveLength(80);
    expect(cell).toBe(`${nets.join(',').slice(0, 77)}...`);
    expect(cell!.startsWith('10.0.0.0/28,10.0.1.0/28,')).toBe(true);
    expect(cells(res('NetworkSet', 'n', { nets: ['10.0.0.0/8', '10.1.0.0/16'] }, { namespace: 'x' }), ['NAME', 'NETS', 'NAMESPACE'])).toEqual(['n', '10.0.0.0/8,10.1.0.0/16', 'x']);
    expect(cells(res('IPReservation', 'r', { reservedCIDRs: nets }), ['CIDRS'])[0]).toHaveLength(80);
  });

  it('HostEndpoint joins IPs and profiles', () => {
    const r = hep({ node: 'n1', interfaceName: 'eth0', expectedIPs: ['10.0.0.1', '10.0.0.2'], profiles: ['a', 'b'] });
    expect(cells(r, kind('hep').columns.wide)).toEqual(['hep1', 'n1', 'eth0', '10.0.0.1,10.0.0.2', 'a,b']);
  });

  it('WorkloadEndpoint WORKLOAD is the workload, else the pod', () => {
    const r = wep({ ...wepSpec, profiles: ['kns.ns1'], ipNATs: [{ internalIP: '10.0.0.5', externalIP: '172.16.0.1' }] });
    expect(cells(r, kind('wep').columns.wide)).toEqual([
      'node1-k8s-frontend--5c7d-eth0', 'frontend-5c7d', 'node1', '10.0.0.5/32', 'cali0ef24ba', 'kns.ns1', '{10.0.0.5 172.16.0.1}',
    ]);
    expect(cells(wep({ ...wepSpec, workload: 'wl' }), ['WORKLOAD', 'NAMESPACE', 'ORCHESTRATOR'])).toEqual(['wl', 'ns1', 'k8s']);
  });
});
