// calicoctl.cfg handling and the client/cluster version check, through the built CLI.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdInstance } from '../helpers/etcd.js';
import { etcdEnv, runCli } from '../helpers/cli.js';

let etcd: EtcdInstance;
let dir: string;
const CI_KEY = '/calico/resources/v3/projectcalico.org/clusterinformations/default';

function setClusterVersion(v: string): void {
  const info = {
    kind: 'ClusterInformation', apiVersion: 'projectcalico.org/v3',
    metadata: { name: 'default', uid: '2c5d4f0e-0000-4000-8000-000000000001', creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { clusterGUID: 'a'.repeat(32), calicoVersion: v, clusterType: 'typha,kdd,k8s,bgp', datastoreReady: true },
  };
  etcd.etcdctl(['put', CI_KEY, JSON.stringify(info)]);
}

beforeAll(async () => {
  etcd = await startEtcd();
  dir = mkdtempSync(join(tmpdir(), 'calicoctl-cfg-'));
});
afterAll(async () => {
  await etcd?.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => etcd.wipe());

describe('config file', () => {
  it('reads the datastore from -c <file>, ignoring the environment', async () => {
    const cfg = join(dir, 'calicoctl.cfg');
    writeFileSync(cfg, `apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nmetadata:\nspec:\n  datastoreType: etcdv3\n  etcdEndpoints: ${etcd.endpoint}\n`);
    const r = await runCli(['get', 'ippools', '-c', cfg], { env: { ETCD_ENDPOINTS: 'http://127.0.0.1:1', DATASTORE_TYPE: 'etcdv3' } });
    expect(r).toMatchObject({ code: 0, stdout: 'NAME   CIDR   SELECTOR   \n\n' });
  });

  it('a missing explicit file is reported on stdout, exit 1', async () => {
    const missing = join(dir, 'nope.cfg');
    const r = await runCli(['get', 'ippools', '--config', missing]);
    expect(r).toMatchObject({ code: 1, stdout: `Error reading config file: ${missing}\n` });
  });

  it('a bad file fails to create the client, on stdout', async () => {
    const bad = join(dir, 'bad.cfg');
    writeFileSync(bad, 'apiVersion: projectcalico.org/v3\nkind: Something\nspec: {}\n');
    const r = await runCli(['get', 'ippools', '-c', bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`Failed to create Calico API client: syntax error in ${bad}: invalid config file: expected kind 'CalicoAPIConfig', got 'Something'\n`);
  });
});

describe('version check', () => {
  const env = () => etcdEnv(etcd.endpoint);

  it('refuses a cluster of another version unless --allow-version-mismatch', async () => {
    setClusterVersion('v3.31.2');
    const r = await runCli(['get', 'ippools'], { env: env() });
    expect(r).toMatchObject({
      code: 1, stdout: '',
      stderr: 'version mismatch.\nClient Version:   v3.32.1\nCluster Version:  3.31.2\nUse --allow-version-mismatch to override\n',
    });
    expect((await runCli(['get', 'ippools', '--allow-version-mismatch'], { env: env() })).code).toBe(0);
    expect((await runCli(['--allow-version-mismatch', 'get', 'ippools'], { env: env() })).code).toBe(0);
  });

  it('accepts the same version with or without a leading v (calico#6027)', async () => {
    for (const v of ['v3.32.1', '3.32.1', 'v3.32.1-2-gabcdef']) {
      setClusterVersion(v);
      expect((await runCli(['get', 'ippools'], { env: env() })).code, v).toBe(0);
    }
  });

  it('version prints the cluster version and type', async () => {
    setClusterVersion('v3.32.1');
    const r = await runCli(['version'], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Client Version: {4}v3\.32\.1\nGit commit: {8}\S+\nCluster Version: {3}v3\.32\.1\nCluster Type: {6}typha,kdd,k8s,bgp\n$/);
  });

  it('version --client does not contact the datastore', async () => {
    const r = await runCli(['version', '--client'], { env: etcdEnv('http://127.0.0.1:1') });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toHaveLength(3);
  });
});
