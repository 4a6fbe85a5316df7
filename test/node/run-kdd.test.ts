// `calicoctl node run` on the Kubernetes datastore, through the CLI against the API-server
// stand-in: the refusal when the Kubernetes Node is not registered. (A full run is in
// kdd-mesh.test.ts, in network namespaces.) Host preparation is skipped (CALICO_CTL_CONTAINER)
// so the test leaves the machine's sysctls alone.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { haveStandIn, raw, startStandIn, type StandIn } from '../datastore/kube-helpers.js';

const isRoot = process.getuid?.() === 0;
const skip = !haveStandIn ? 'the API-server stand-in is missing' : !isRoot ? 'node run needs root' : undefined;

describe.skipIf(skip !== undefined)(`node run on the Kubernetes datastore${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let server: StandIn;
  let dir: string;
  const env = () => ({ DATASTORE_TYPE: 'kubernetes', KUBECONFIG: server.kubeconfigPath, CALICO_CTL_CONTAINER: '1', FELIX_IPV6SUPPORT: 'false' });
  beforeAll(async () => {
    server = await startStandIn();
  });
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    await server.reset();
    dir = mkdtempSync(join(tmpdir(), 'ctsrun-kddrun-'));
    return () => rmSync(dir, { recursive: true, force: true });
  });

  it('exits 1 with a clear message when the Kubernetes Node is not registered, and stores nothing', async () => {
    const r = await runCli(['node', 'run', '--init-system', '--name', 'ghost', '--ip', '10.0.0.5', '--run-dir', dir, '--log-dir', dir], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'error executing command: calico node startup failed: Unable to set node resource configuration: the Kubernetes Node ghost does not exist (with the Kubernetes datastore the Node must be registered before calico-node starts)\n',
    );
    expect((await raw(server, 'GET', '/apis/crd.projectcalico.org/v1/ippools')).body.items).toEqual([]);
  });
});
