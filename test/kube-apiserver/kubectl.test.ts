/**
 * Real kubectl against the stand-in: apply/get/delete Calico CRD objects (crd.projectcalico.org/v1),
 * the validation error kubectl prints, namespaced objects, `kubectl get nodes`, and TLS with a
 * client certificate. Skipped only when no kubectl binary is on PATH (or $KUBECTL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKubeApiServer, type KubeApiServer } from './index.mjs';
import { client } from './client.js';

const KUBECTL = process.env.KUBECTL ?? 'kubectl';
const haveKubectl = (() => {
  try {
    execFileSync(KUBECTL, ['version', '--client'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
})();

interface Run { code: number; stdout: string; stderr: string }
function kubectl(srv: KubeApiServer, args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(KUBECTL, ['--kubeconfig', srv.kubeconfigPath, ...args], { timeout: 30_000, env: { ...process.env, KUBECONFIG: '' } },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as any).code ?? 1) : 0, stdout, stderr }));
    child.stdin?.end(stdin ?? '');
  });
}

const POOL = (mode: string) => `apiVersion: crd.projectcalico.org/v1
kind: IPPool
metadata:
  name: pool-a
spec:
  cidr: 10.1.0.0/16
  ipipMode: ${mode}
  natOutgoing: true
`;

describe.skipIf(!haveKubectl)('kubectl against the stand-in (needs kubectl on PATH)', () => {
  let srv: KubeApiServer;
  let dir: string;
  beforeAll(async () => {
    srv = await startKubeApiServer();
    dir = mkdtempSync(join(tmpdir(), 'kubectl-test-'));
  });
  afterAll(async () => {
    await srv?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('applies, re-applies, reads and deletes an IPPool', async () => {
    const file = join(dir, 'pool.yaml');
    writeFileSync(file, POOL('Always'));
    const created = await kubectl(srv, ['apply', '-f', file]);
    expect(created).toMatchObject({ code: 0, stdout: 'ippool.crd.projectcalico.org/pool-a created\n' });
    expect((await kubectl(srv, ['apply', '-f', file])).stdout).toBe('ippool.crd.projectcalico.org/pool-a unchanged\n');
    writeFileSync(file, POOL('CrossSubnet'));
    expect((await kubectl(srv, ['apply', '-f', file])).stdout).toBe('ippool.crd.projectcalico.org/pool-a configured\n');

    const json = await kubectl(srv, ['get', 'ippools.crd.projectcalico.org', '-o', 'json']);
    expect(json.code).toBe(0);
    const items = JSON.parse(json.stdout).items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name: 'pool-a', generation: 2 },
      spec: { cidr: '10.1.0.0/16', ipipMode: 'CrossSubnet', natOutgoing: true, nodeSelector: 'all()' },
    });

    const table = await kubectl(srv, ['get', 'ippools']);
    expect(table.stdout).toMatch(/^NAME\s+AGE\npool-a\s+\d+s\n$/);

    const del = await kubectl(srv, ['delete', 'ippools.crd.projectcalico.org', 'pool-a']);
    expect(del).toMatchObject({ code: 0, stdout: 'ippool.crd.projectcalico.org "pool-a" deleted\n' });
    const gone = await kubectl(srv, ['get', 'ippool', 'pool-a']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('Error from server (NotFound): ippools.crd.projectcalico.org "pool-a" not found');
  });

  it('shows the server-side validation error', async () => {
    const r = await kubectl(srv, ['apply', '-f', '-'], POOL('Sometimes'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The IPPool "pool-a" is invalid: spec.ipipMode: Unsupported value: "Sometimes": supported values: "Never", "Always", "CrossSubnet"');
  });

  it('creates namespaced Calico objects and lists them across namespaces', async () => {
    const np = `apiVersion: crd.projectcalico.org/v1
kind: NetworkPolicy
metadata:
  name: allow-web
spec:
  selector: app == 'web'
  types: [Ingress]
`;
    expect((await kubectl(srv, ['apply', '-n', 'kube-system', '-f', '-'], np)).stdout).toBe('networkpolicy.crd.projectcalico.org/allow-web created\n');
    const all = await kubectl(srv, ['get', 'networkpolicies.crd.projectcalico.org', '-A', '-o', 'name']);
    expect(all.stdout).toBe('networkpolicy.crd.projectcalico.org/allow-web\n');
    const missing = await kubectl(srv, ['apply', '-n', 'nowhere', '-f', '-'], np);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('namespaces "nowhere" not found');
  });

  it('lists nodes with the server-side table columns', async () => {
    expect((await kubectl(srv, ['get', 'nodes'])).stderr).toContain('No resources found');
    const req = client(srv);
    await req('POST', '/api/v1/nodes', {
      apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1', labels: { 'node-role.kubernetes.io/worker': '' } },
      status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.32.0' } },
    });
    const r = await kubectl(srv, ['get', 'nodes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\nworker-1\s+Ready\s+worker\s+\d+s\s+v1\.32\.0\n$/);
  });
});

describe.skipIf(!haveKubectl)('kubectl over TLS with a client certificate (needs kubectl on PATH)', () => {
  let srv: KubeApiServer;
  beforeAll(async () => {
    srv = await startKubeApiServer({ tls: true });
  });
  afterAll(async () => srv?.stop());

  it('authenticates with the kubeconfig the server wrote', async () => {
    const r = await kubectl(srv, ['get', 'namespaces', '-o', 'name']);
    expect(r).toMatchObject({ code: 0, stdout: 'namespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\n' });
  });
});
