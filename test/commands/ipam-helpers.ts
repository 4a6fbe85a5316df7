// Allocating addresses the way Calico components do (through the IPAM library on the same
// datastore), and the datastore a CLI test runs against: a real etcd or the Kubernetes stand-in.
import { loadClientConfig } from '../../src/datastore/config.js';
import { openDatastore } from '../../src/datastore/index.js';
import { NotFoundError } from '../../src/errors.js';
import { openIpam } from '../../src/ipam/index.js';
import type { IpamClient } from '../../src/ipam/client.js';
import { ipamKV } from '../../src/actions/ipam/read.js';
import { lookupKind } from '../../src/resources/registry.js';
import type { Resource } from '../../src/resources/types.js';
import { etcdEnv } from '../helpers/cli.js';
import { startEtcd } from '../helpers/etcd.js';
import { createNamespaces, raw, startStandIn } from '../datastore/kube-helpers.js';

/** An etcd endpoint, or the environment the CLI gets. */
type Target = string | Record<string, string>;

const envOf = (t: Target): Record<string, string> => (typeof t === 'string' ? etcdEnv(t) : t);

export async function withIpamClient<T>(target: Target, fn: (ipam: IpamClient) => Promise<T>): Promise<T> {
  const cfg = loadClientConfig({ env: envOf(target), defaultConfigPath: '/nonexistent/calicoctl.cfg' });
  const { client, close } = await openIpam(cfg);
  try {
    return await fn(client);
  } finally {
    await close();
  }
}

/** `n` addresses for a pod on `node` under `handle`; returns the bare addresses. */
export async function allocate(
  target: Target,
  opts: { node: string; handle: string; num4?: number; num6?: number; attrs?: Record<string, string> },
): Promise<{ v4: string[]; v6: string[] }> {
  return withIpamClient(target, async (ipam) => {
    const r = await ipam.autoAssign({
      num4: opts.num4 ?? 1,
      num6: opts.num6 ?? 0,
      hostname: opts.node,
      handleId: opts.handle,
      attrs: opts.attrs ?? { node: opts.node },
      intendedUse: 'Workload',
    });
    return { v4: r.ipv4.map((a) => a.ip), v6: r.ipv6.map((a) => a.ip) };
  });
}

/** The datastore behind a CLI test, with direct access for set-up and checks. */
export interface CliBackend {
  kind: 'etcd' | 'kube';
  /** Environment for runCli. */
  env: Record<string, string>;
  wipe(): Promise<void>;
  /** The value at an IPAM key (etcd JSON), undefined when absent. */
  ipamValue(key: string): Promise<string | undefined>;
  /** Creates an IPAM key directly. */
  putIpam(key: string, value: string): Promise<void>;
  /** A v3 resource, undefined when absent. */
  resource(kind: string, name: string): Promise<Resource | undefined>;
  /** A running workload with one address on `node` (a WorkloadEndpoint on etcd, a Pod on Kubernetes). */
  workload(namespace: string, pod: string, node: string, ip: string): Promise<void>;
  stop(): Promise<void>;
}

async function withDatastore<T>(env: Record<string, string>, fn: (ds: Awaited<ReturnType<typeof openDatastore>>) => Promise<T>): Promise<T> {
  const ds = await openDatastore(loadClientConfig({ env, defaultConfigPath: '/nonexistent/calicoctl.cfg' }));
  try {
    return await fn(ds);
  } finally {
    await ds.close();
  }
}

function directAccess(env: Record<string, string>) {
  return {
    ipamValue: (key: string) => withDatastore(env, async (ds) => (await ipamKV(ds).get(key))?.value),
    putIpam: (key: string, value: string) =>
      withDatastore(env, async (ds) => {
        if ((await ipamKV(ds).put(key, value, { create: true })) === undefined) throw new Error(`${key} already exists`);
      }),
    resource: (kind: string, name: string) =>
      withDatastore(env, async (ds) => {
        try {
          return await ds.get(lookupKind(kind), name);
        } catch (e) {
          if (e instanceof NotFoundError) return undefined;
          throw e;
        }
      }),
  };
}

export async function cliBackend(kind: 'etcd' | 'kube'): Promise<CliBackend> {
  if (kind === 'etcd') {
    const etcd = await startEtcd();
    const env = etcdEnv(etcd.endpoint);
    return {
      kind,
      env,
      wipe: async () => etcd.wipe(),
      ...directAccess(env),
      workload: async (namespace, pod, node, ip) => {
        const wep = lookupKind('workloadendpoint');
        const name = `${node}-k8s-${pod}-eth0`;
        await withDatastore(env, (ds) =>
          ds.create(wep, {
            apiVersion: 'projectcalico.org/v3',
            kind: 'WorkloadEndpoint',
            metadata: { name, namespace },
            spec: { node, orchestrator: 'k8s', pod, endpoint: 'eth0', interfaceName: 'cali12345', ipNetworks: [`${ip}/32`] },
          }),
        );
      },
      stop: () => etcd.stop(),
    };
  }
  const server = await startStandIn();
  const env = { DATASTORE_TYPE: 'kubernetes', KUBECONFIG: server.kubeconfigPath };
  return {
    kind,
    env,
    wipe: () => server.reset(),
    ...directAccess(env),
    workload: async (namespace, pod, node, ip) => {
      await createNamespaces(server, [namespace]);
      const r = await raw(server, 'POST', `/api/v1/namespaces/${namespace}/pods`, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: pod, namespace },
        spec: { nodeName: node, containers: [{ name: 'c', image: 'x' }] },
        status: { phase: 'Running', podIP: ip, podIPs: [{ ip }] },
      });
      if (r.status !== 201) throw new Error(`creating pod ${namespace}/${pod}: HTTP ${r.status}`);
    },
    stop: () => server.stop(),
  };
}
