// The seed manifests, applied through the built CLI against a real etcd.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdInstance } from '../helpers/etcd.js';
import { etcdEnv, runCli } from '../helpers/cli.js';

let etcd: EtcdInstance;
let env: Record<string, string>;
const cli = (...args: string[]) => runCli(args, { env });

beforeAll(async () => {
  etcd = await startEtcd();
  env = etcdEnv(etcd.endpoint);
});
afterAll(async () => etcd?.stop());

function stored(key: string): Record<string, any> {
  const out = etcd.etcdctl(['get', key, '--print-value-only']).trim();
  expect(out, `key ${key} should exist`).not.toBe('');
  return JSON.parse(out);
}

describe('seed manifests', () => {
  it('applies the whole seed directory, warning once per crd.projectcalico.org/v1 file', async () => {
    const r = await cli('apply', '-f', 'fixtures/seed/');
    expect(r.stdout).toBe('Successfully applied 7 resource(s)\n');
    expect(r.code).toBe(0);
    const warnings = r.stderr.trim().split('\n');
    expect(warnings).toHaveLength(3);
    for (const w of warnings) expect(w).toMatch(/crd\.projectcalico\.org\/v1/);
  });

  it('stores BGPConfiguration default as Calico does', async () => {
    const v = stored('/calico/resources/v3/projectcalico.org/bgpconfigurations/default');
    expect(Object.keys(v).slice(0, 4)).toEqual(['kind', 'apiVersion', 'metadata', 'spec']);
    expect(v.apiVersion).toBe('projectcalico.org/v3');
    expect(v.spec).toMatchObject({ nodeToNodeMeshEnabled: false, asNumber: 63400, logSeverityScreen: 'Info' });
    expect(v.metadata.resourceVersion).toBeUndefined();
    expect(v.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(v.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('prints bgpconfig default as calicoctl', async () => {
    const r = await cli('get', 'bgpconfig', 'default');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'NAME      LOGSEVERITY   MESHENABLED   ASNUMBER   \n' +
      'default   Info          false         63400      \n\n',
    );
  });

  it('stores both BGPPeers with their selectors', async () => {
    expect(stored('/calico/resources/v3/projectcalico.org/bgppeers/peer1').spec).toMatchObject({
      nodeSelector: "calico == '1'", peerSelector: "calico == '1'",
    });
    expect(stored('/calico/resources/v3/projectcalico.org/bgppeers/peer2').spec).toMatchObject({
      nodeSelector: "calico == '2'", peerSelector: "calico == '2'",
    });
    const r = await cli('get', 'bgppeers');
    expect(r.stdout).toContain("peer1   ");
    expect(r.stdout).toContain("calico == '1'");
  });

  it('stores the IPPoolList items with defaults and prints them wide', async () => {
    const p1 = stored('/calico/resources/v3/projectcalico.org/ippools/ippool1').spec;
    expect(p1).toMatchObject({ cidr: '192.168.0.0/16', blockSize: 26, ipipMode: 'Never', natOutgoing: true, nodeSelector: 'calico == "1"' });
    const p2 = stored('/calico/resources/v3/projectcalico.org/ippools/ippool2').spec;
    expect(p2).toMatchObject({ cidr: '172.10.0.0/16', blockSize: 26, ipipMode: 'Always', vxlanMode: 'Never', nodeSelector: 'calico == "2"' });
    const r = await cli('get', 'ippools', '-o', 'wide');
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n');
    expect(rows[0]).toMatch(/^NAME\s+CIDR\s+NAT\s+IPIPMODE\s+VXLANMODE\s+DISABLED\s+DISABLEBGPEXPORT\s+SELECTOR\s+ASSIGNMENTMODE\s+$/);
    expect(rows[1]).toMatch(/^ippool1\s+192\.168\.0\.0\/16\s+true\s+Never\s+Never\s+false\s+false\s+calico == "1"\s+Automatic\s+$/);
    expect(rows[2]).toMatch(/^ippool2\s+172\.10\.0\.0\/16\s+true\s+Always\s+Never\s+false\s+false\s+calico == "2"\s+Automatic\s+$/);
  });

  it('stores the GlobalNetworkPolicy with the v3.32 name, annotation and tier label', async () => {
    const v = stored('/calico/resources/v3/projectcalico.org/globalnetworkpolicies/allow-nginx');
    expect(JSON.parse(v.metadata.annotations['projectcalico.org/metadata'])).toEqual({ name: 'allow-nginx' });
    expect(v.metadata.labels['projectcalico.org/tier']).toBe('default');
    expect(v.spec.tier).toBe('default');
    const r = await cli('get', 'globalnetworkpolicies');
    expect(r.stdout).toBe('NAME          TIER      \nallow-nginx   default   \n\n');
  });

  it('stores NetworkPolicy deny-all in namespace default with both types and no rules', async () => {
    const v = stored('/calico/resources/v3/projectcalico.org/networkpolicies/default/deny-all');
    expect(v.spec.types).toEqual(['Ingress', 'Egress']);
    expect(v.spec.ingress ?? []).toEqual([]);
    expect(v.spec.egress ?? []).toEqual([]);
    const r = await cli('get', 'networkpolicy', '-n', 'default');
    expect(r.stdout).toBe('NAMESPACE   NAME       TIER      \ndefault     deny-all   default   \n\n');
  });

  it('initialises ClusterInformation and the default tiers', async () => {
    const ci = stored('/calico/resources/v3/projectcalico.org/clusterinformations/default');
    expect(ci.spec.clusterGUID).toMatch(/^[0-9a-f]{32}$/);
    expect(ci.spec.datastoreReady).toBe(true);
    expect(stored('/calico/resources/v3/projectcalico.org/tiers/default').spec).toMatchObject({ order: 1000000, defaultAction: 'Deny' });
    expect(stored('/calico/resources/v3/projectcalico.org/tiers/kube-admin').spec).toMatchObject({ order: 1000, defaultAction: 'Pass' });
    expect(stored('/calico/resources/v3/projectcalico.org/tiers/kube-baseline').spec).toMatchObject({ order: 10000000, defaultAction: 'Pass' });
  });

  it('rejects the Kubernetes extensions/v1beta1 NetworkPolicy clearly and writes nothing', async () => {
    const before = etcd.etcdctl(['get', '--prefix', '/calico', '--keys-only']);
    const r = await cli('apply', '-f', 'fixtures/seed-k8s/k8s-networkpolicy.yaml');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^failed to execute command: fixtures\/seed-k8s\/k8s-networkpolicy\.yaml: document 1: .*Kubernetes NetworkPolicy/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(etcd.etcdctl(['get', '--prefix', '/calico', '--keys-only'])).toBe(before);
  });
});
