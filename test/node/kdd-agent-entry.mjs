// Test entry for the node agent on the Kubernetes datastore: the real agent (dist/) with the
// IpamKV the agent's own factory picks. Until the Kubernetes IpamKV is wired into that factory
// (ipamKVFor throws IpamNotWiredError), a read-only IpamKV holding no affinities stands in for
// it, i.e. the node renders as a node with no IPAM blocks. Arguments as dist/node/agent/main.js.
import { loadClientConfig } from '../../dist/datastore/config.js';
import { openDatastore } from '../../dist/datastore/index.js';
import { parseProcessArgs } from '../../dist/node/supervisor/args.js';
import { log, runAgent } from '../../dist/node/agent/agent.js';
import { IpamNotWiredError, ipamKVFor } from '../../dist/node/agent/ipamkv.js';

const readOnly = () => Promise.reject(new Error('this test IpamKV is read-only'));
const noBlocks = { get: async () => undefined, list: async () => [], put: readOnly, delete: readOnly, commit: readOnly };

try {
  const args = parseProcessArgs(process.argv.slice(2));
  const cfg = loadClientConfig({ env: process.env, defaultConfigPath: '/nonexistent/calicoctl.cfg' });
  const ds = await openDatastore(cfg);
  let kv;
  try {
    kv = ipamKVFor(ds);
  } catch (e) {
    if (!(e instanceof IpamNotWiredError)) throw e;
    log('test entry: no Kubernetes IpamKV wired yet; rendering with no IPAM blocks');
    kv = noBlocks;
  }
  await runAgent(args, ds, kv);
} catch (e) {
  log(`fatal: ${e.message}`);
  process.exit(1);
}
