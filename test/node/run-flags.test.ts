// node run: flag validation with calicoctl's messages, and --dryrun on etcdv3 and Kubernetes.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, hostname } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { parseASNumber, validateRunFlags } from '../../src/node/run/flags.js';

const env = { DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: 'http://127.0.0.1:2379' };
const base = { 'ip-autodetection-method': 'first-found', 'ip6-autodetection-method': 'first-found', backend: 'bird' };

describe('node run flag validation', () => {
  it('converts dotted AS numbers and rejects invalid ones', () => {
    expect(parseASNumber('64512')).toBe('64512');
    expect(parseASNumber('1.10')).toBe('65546');
    expect(parseASNumber('4294967296')).toBeUndefined();
    expect(parseASNumber('65536.1')).toBeUndefined();
    expect(parseASNumber('abc')).toBeUndefined();
  });

  it('defaults the node name to the lower-cased hostname and keeps explicit values', async () => {
    const v = await validateRunFlags({ ...base, ip: '10.0.0.1', as: '0.64512' });
    expect(v).toMatchObject({ name: hostname().trim().toLowerCase(), ip: '10.0.0.1', as: '64512', backend: 'bird' });
  });

  it.each([
    [['--as', 'x1'], 'stdout', 'Error executing command: invalid AS Number specified: x1\n'],
    [['--ip', '10.0.0.300'], 'stdout', 'Error executing command: invalid IP address specified: 10.0.0.300\n'],
    [['--ip', 'fd00::1'], 'stderr', 'error executing command: --ip is wrong IP version\n'],
    [['--ip6', '10.0.0.1'], 'stderr', 'error executing command: --ip6 is wrong IP version\n'],
    [['--backend', 'vxlan'], 'stderr', "error executing command: unknown backend 'vxlan'\n"],
    [['--ip-autodetection-method', 'kubernetes-internal-ip'], 'stderr', 'error executing command: invalid IP autodetection method: kubernetes-internal-ip\n'],
    [['--ip-autodetection-method', 'interface=eth(0'], 'stderr', 'error executing command: invalid interface regex specified for IP autodetection: eth(0\n'],
    [['--ip-autodetection-method', 'can-reach=fd00::1'], 'stderr', 'error executing command: address specified for IP autodetection does not resolve to an IPv4 address: fd00::1\n'],
    [['--ip6-autodetection-method', 'cidr=10.0.0.0/99'], 'stderr', 'error executing command: invalid IP autodetection method: cidr=10.0.0.0/99\n'],
  ])('%j → %s %j, exit 1', async (args, stream, message) => {
    const r = await runCli(['node', 'run', '--dryrun', ...args], { env });
    expect(r.code).toBe(1);
    expect(stream === 'stdout' ? r.stdout : r.stderr).toBe(message);
  });


  it('reports a missing explicit config file', async () => {
    const r = await runCli(['node', 'run', '--dryrun', '-c', '/nonexistent/calicoctl.cfg'], { env });
    expect(r).toMatchObject({ code: 1, stdout: 'Error reading config file: /nonexistent/calicoctl.cfg\n' });
  });
});

describe('node run --dryrun', () => {
  it('prints the supervisor command line with its environment, sorted, and the init-system hint', async () => {
    const r = await runCli(['node', 'run', '--dryrun', '--name', 'node1', '--ip', '10.0.0.1', '--as', '64512', '--no-default-ippools',
      '--ip-autodetection-method', 'can-reach=10.0.0.254', '--run-dir', '/tmp/r1', '--log-dir', '/tmp/l1'], { env });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Use the following command to start the calico/node processes:');
    expect(lines[1]).toBe('');
    expect(lines[2]).toMatch(
      /^env AS=64512 CALICO_MANAGE_CNI=false CALICO_NETWORKING_BACKEND=bird DATASTORE_TYPE=etcdv3 ETCD_DISCOVERY_SRV='' ETCD_ENDPOINTS=http:\/\/127\.0\.0\.1:2379 IP=10\.0\.0\.1 IP_AUTODETECTION_METHOD=can-reach=10\.0\.0\.254 NODENAME=node1 NO_DEFAULT_POOLS=true \S+node \S+\/dist\/node\/supervisor\/main\.js --run-dir \/tmp\/r1 --log-dir \/tmp\/l1 --name node1 --backend bird --health-port 9099 --startup$/,
    );
    expect(lines.slice(3).join('\n')).toBe('\nIf you are running calico/node in an init system, use the --init-system flag\nto display the appropriate start and stop commands.\n');
  });

  const dir = mkdtempSync(join(tmpdir(), 'ctsrun-cfg-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('with --init-system prints the stop command instead', async () => {
    const cfg = join(dir, 'calicoctl.cfg');
    writeFileSync(cfg, 'apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nspec:\n  datastoreType: etcdv3\n  etcdEndpoints: http://10.1.2.3:2379\n');
    const r = await runCli(['node', 'run', '--dryrun', '--init-system', '--name', 'n2', '-c', cfg, '--backend', 'none', '--run-dir', '/tmp/r2'], { env: {} });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ETCD_ENDPOINTS=http://10.1.2.3:2379');
    expect(r.stdout).toContain('CALICO_NETWORKING_BACKEND=none');
    expect(r.stdout.endsWith('Use the following command to stop the calico/node processes:\n\ncalicoctl node stop --run-dir /tmp/r2\n\n')).toBe(true);
  });

  it('on the Kubernetes datastore passes its settings (absolute paths, the token redacted) and no etcd ones', async () => {
    const r = await runCli(['node', 'run', '--dryrun', '--name', 'n3', '--run-dir', '/tmp/r3'], {
      cwd: dir,
      env: { DATASTORE_TYPE: 'kubernetes', KUBECONFIG: 'kube/config', K8S_API_ENDPOINT: 'https://10.0.0.1:6443', K8S_CA_FILE: 'ca.pem', CALICO_K8SAPITOKEN: 's3cret-token', K8S_INSECURE_SKIP_TLS_VERIFY: 'true' },
    });
    expect(r.code).toBe(0);
    const cmd = r.stdout.split('\n')[2]!;
    expect(cmd).toMatch(
      new RegExp(`^env CALICO_K8SAPITOKEN=<redacted> CALICO_MANAGE_CNI=false CALICO_NETWORKING_BACKEND=bird DATASTORE_TYPE=kubernetes K8S_API_ENDPOINT=https://10\\.0\\.0\\.1:6443 K8S_CA_FILE=${dir}/ca\\.pem K8S_INSECURE_SKIP_TLS_VERIFY=true KUBECONFIG=${dir}/kube/config NODENAME=n3 \\S+node `),
    );
    expect(r.stdout).not.toContain('s3cret-token');
    expect(r.stdout).not.toContain('ETCD_');
  });

  it('on the Kubernetes datastore with an inline kubeconfig points KUBECONFIG at a copy in the run dir', async () => {
    const cfg = join(dir, 'kdd.cfg');
    writeFileSync(cfg, 'apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nspec:\n  datastoreType: kubernetes\n  kubeconfigInline: "apiVersion: v1\\nkind: Config\\n"\n  k8sAPIEndpoint: https://ignored:6443\n');
    const r = await runCli(['node', 'run', '--dryrun', '--name', 'n4', '-c', cfg, '--run-dir', '/tmp/r4'], { env: {} });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(' DATASTORE_TYPE=kubernetes KUBECONFIG=/tmp/r4/kubeconfig NODENAME=n4 ');
    expect(r.stdout).not.toContain('K8S_API_ENDPOINT');
  });
});
