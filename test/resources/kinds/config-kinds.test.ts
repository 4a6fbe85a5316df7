import { describe, it, expect } from 'vitest';
import { type Case, cells, check, kind, res } from './util.js';

const CASES: Case[] = [
  { name: 'clusterinfo default', r: res('ClusterInformation', 'default', { clusterGUID: 'abc', datastoreReady: true }), expect: [] },
  { name: 'clusterinfo other name', r: res('ClusterInformation', 'other'), expect: ["Metadata.Name: ClusterInformation name must be 'default'"] },
  { name: 'kcc default', r: res('KubeControllersConfiguration', 'default', { logSeverityScreen: 'Info', healthChecks: 'Enabled' }), expect: [] },
  { name: 'kcc other name', r: res('KubeControllersConfiguration', 'kcc'), expect: ["KubeControllersConfiguration name must be 'default'"] },
  { name: 'kcc severity', r: res('KubeControllersConfiguration', 'default', { logSeverityScreen: 'Trace' }), expect: ['spec.logSeverityScreen: supported values: "None", "Debug", "Info", "Warning", "Error", "Fatal", "Panic"'] },
  { name: 'ipam default', r: res('IPAMConfiguration', 'default', { strictAffinity: true, autoAllocateBlocks: true, maxBlocksPerHost: 4 }), expect: [] },
  { name: 'ipam other name', r: res('IPAMConfiguration', 'ipam'), expect: ["IPAMConfiguration name must be 'default'"] },
  { name: 'ipam negative blocks', r: res('IPAMConfiguration', 'default', { maxBlocksPerHost: -1 }), expect: ['MaxBlocksPerHost: must be greater than or equal to 0', 'spec.maxBlocksPerHost: should be greater than or equal to 0'] },
  { name: 'ipam cooldown', r: res('IPAMConfiguration', 'default', { ipCooldownSeconds: 1201 }), expect: ['spec.ipCooldownSeconds: should be less than or equal to 1200'] },
  { name: 'ipam kubevirt', r: res('IPAMConfiguration', 'default', { kubeVirtVMAddressPersistence: 'On' }), expect: ['spec.kubeVirtVMAddressPersistence: supported values: "Enabled", "Disabled"'] },
  { name: 'felix default', r: res('FelixConfiguration', 'default', { logSeverityScreen: 'warning', natOutgoingAddress: '10.0.0.1', routeTableRange: { min: 1, max: 250 } }), expect: [] },
  { name: 'felix node', r: res('FelixConfiguration', 'node.node-1', {}), expect: [] },
  { name: 'felix selector config', r: res('FelixConfiguration', 'edge-nodes', { nodeSelector: "edge == 'true'" }), expect: [] },
  { name: 'felix bad name', r: res('FelixConfiguration', 'edge-nodes', {}), expect: ["FelixConfiguration name must be 'default' or 'node.<nodename>'"] },
  { name: 'felix selector on default', r: res('FelixConfiguration', 'default', { nodeSelector: 'all()' }), expect: ["FelixConfiguration: nodeSelector must not be set on the 'default' or per-node ('node.*') FelixConfiguration"] },
  { name: 'felix critical', r: res('FelixConfiguration', 'default', { logSeverityFile: 'Critical' }), expect: ['spec.logSeverityFile: should match'] },
  { name: 'felix nat address', r: res('FelixConfiguration', 'default', { natOutgoingAddress: 'fd00::1' }), expect: ['NATOutgoingAddress: is not a valid IPv4 address', 'spec: natOutgoingAddress must be a valid IPv4 address'] },
  { name: 'felix route tables', r: res('FelixConfiguration', 'default', { routeTableRange: { min: 0, max: 10 }, routeTableRanges: [{ min: 5, max: 1 }] }), expect: ['spec: routeTableRange and routeTableRanges cannot both be set', 'spec.routeTableRange: must be a range of route table indices within 1..250', 'spec.routeTableRanges[0]: min must not be greater than max'] },
  { name: 'felix named node ports', r: res('FelixConfiguration', 'default', { kubeNodePortRanges: ['30000:32767', 'http'] }), expect: ['KubeNodePortRanges: node port ranges should not contain named ports'] },
  { name: 'felix external cidrs', r: res('FelixConfiguration', 'default', { externalNodesCIDRList: ['10.0.0.0/8', 'fd00::/64', 'x'] }), expect: ['ExternalNodesCIDRList: has invalid IPv6 CIDR', 'ExternalNodesCIDRList: has invalid CIDR(s)'] },
  { name: 'felix openstack region', r: res('FelixConfiguration', 'default', { openstackRegion: 'Region_1' }), expect: ['OpenstackRegion: must be a valid DNS label'] },
  { name: 'node status', r: res('CalicoNodeStatus', 'status1', { node: 'node1', classes: ['Agent', 'BGP'], updatePeriodSeconds: 10 }), expect: [] },
  { name: 'node status bad class', r: res('CalicoNodeStatus', 'status1', { classes: ['Bird'] }), expect: ['spec.classes[0]: supported values: "Agent", "BGP", "Routes"'] },
];

describe('config kinds validate', () => {
  for (const c of CASES) it(c.name, () => check(c));
});

describe('config kinds columns', () => {
  it('ClusterInformation prints <nil> for an unset ready flag', () => {
    const cols = ['NAME', 'CLUSTERGUID', 'CLUSTERTYPE', 'CALICOVERSION', 'DATASTOREREADY'];
    expect(cells(res('ClusterInformation', 'default', { clusterGUID: 'g', clusterType: 'k8s,bgp', calicoVersion: 'v3.32.1', datastoreReady: true }), cols)).toEqual([
      'default', 'g', 'k8s,bgp', 'v3.32.1', 'true',
    ]);
    expect(cells(res('ClusterInformation', 'default', {}), ['DATASTOREREADY'])).toEqual(['<nil>']);
    expect(cells(res('ClusterInformation', 'default', { datastoreReady: false }), ['DATASTOREREADY'])).toEqual(['false']);
  });

  it('IPAMConfiguration prints Go zero values', () => {
    const cols = ['NAME', 'STRICTAFFINITY', 'AUTOALLOCATEBLOCKS', 'MAXBLOCKSPERHOST'];
    expect(cells(res('IPAMConfiguration', 'default', { strictAffinity: true, autoAllocateBlocks: true, maxBlocksPerHost: 7 }), cols)).toEqual(['default', 'true', 'true', '7']);
    expect(cells(res('IPAMConfiguration', 'default', {}), cols)).toEqual(['default', 'false', 'false', '0']);
  });

  it('CalicoNodeStatus joins the classes', () => {
    expect(cells(res('CalicoNodeStatus', 's', { node: 'n1', classes: ['Agent', 'Routes'] }), ['NAME', 'NODE', 'CLASSES'])).toEqual(['s', 'n1', 'Agent,Routes']);
  });
});

describe('ClusterInformation refusals', () => {
  it('declares the read-only messages calicoctl prints', () => {
    expect(kind('clusterinfo').refuses).toEqual({
      create: 'operation create or apply is not supported on ClusterInformation',
      apply: 'operation apply is not supported on ClusterInformation: resource is readonly',
      replace: 'operation apply or replace is not supported on ClusterInformation',
      delete: 'operation delete is not supported on ClusterInformation',
    });
    expect(kind('ippool').refuses).toBeUndefined();
  });
});
