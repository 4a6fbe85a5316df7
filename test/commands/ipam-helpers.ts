// Allocating addresses the way Calico components do: through the IPAM library on the same etcd.
import { loadClientConfig } from '../../src/datastore/config.js';
import { openIpam } from '../../src/ipam/index.js';
import type { IpamClient } from '../../src/ipam/client.js';
import { etcdEnv } from '../helpers/cli.js';

export async function withIpamClient<T>(endpoint: string, fn: (ipam: IpamClient) => Promise<T>): Promise<T> {
  const cfg = loadClientConfig({ env: etcdEnv(endpoint), defaultConfigPath: '/nonexistent/calicoctl.cfg' });
  const { client, close } = await openIpam(cfg);
  try {
    return await fn(client);
  } finally {
    await close();
  }
}

/** `n` addresses for a pod on `node` under `handle`; returns the bare addresses. */
export async function allocate(
  endpoint: string,
  opts: { node: string; handle: string; num4?: number; num6?: number; attrs?: Record<string, string> },
): Promise<{ v4: string[]; v6: string[] }> {
  return withIpamClient(endpoint, async (ipam) => {
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
