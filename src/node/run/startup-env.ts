/** calico-node's startup driven by its environment (NODENAME, IP, IP6, AS, …): the supervisor's --startup. */
import { loadClientConfig } from '../../datastore/config.js';
import { openDatastore } from '../../datastore/index.js';
import { readHostInterfaces, routeSource } from './interfaces.js';
import { defaultNodeName } from './flags.js';
import { runStartup } from './startup.js';

export async function startupFromEnv(env: NodeJS.ProcessEnv, log: (l: string) => void): Promise<void> {
  const cfg = loadClientConfig({ env, defaultConfigPath: '/nonexistent/calicoctl.cfg' });
  const ds = await openDatastore(cfg);
  try {
    await runStartup(ds, {
      name: (env.NODENAME || env.HOSTNAME || defaultNodeName()).trim().toLowerCase(),
      ip: env.IP || undefined,
      ip6: env.IP6 || undefined,
      as: env.AS || undefined,
      ipMethod: env.IP_AUTODETECTION_METHOD || 'first-found',
      ip6Method: env.IP6_AUTODETECTION_METHOD || 'first-found',
      backend: env.CALICO_NETWORKING_BACKEND === 'none' ? 'none' : 'bird',
      noDefaultPools: /^true$/i.test(env.NO_DEFAULT_POOLS ?? ''),
      env,
      deps: { interfaces: readHostInterfaces(), routeSource },
      log,
    });
  } finally {
    await ds.close();
  }
}
