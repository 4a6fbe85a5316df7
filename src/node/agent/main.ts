/** Entry point: `node dist/node/agent/main.js --run-dir D --log-dir L --name N [...]`; datastore from the environment. */
import { loadClientConfig } from '../../datastore/config.js';
import { openDatastore } from '../../datastore/index.js';
import { parseProcessArgs } from '../supervisor/args.js';
import { log, runAgent } from './agent.js';
import { ipamKVFor } from '../../ipam/datastore-kv.js';

try {
  const args = parseProcessArgs(process.argv.slice(2));
  // The datastore comes from the environment node run passes, never from a stray calicoctl.cfg.
  const cfg = loadClientConfig({ env: process.env, configPath: process.env.CALICO_AGENT_CONFIG, defaultConfigPath: '/nonexistent/calicoctl.cfg' });
  const ds = await openDatastore(cfg);
  await runAgent(args, ds, ipamKVFor(ds));
} catch (e) {
  log(`fatal: ${(e as Error).message}`);
  process.exit(1);
}
