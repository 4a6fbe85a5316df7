/**
 * What bin/calico-ipam (and the native client's fallback) runs with Node: the CNI plugin, or
 * `calico-ipam daemon ...` when the first argument is `daemon` and no CNI_COMMAND is set.
 */
import { main } from './main.js';

if (process.argv[2] === 'daemon' && !process.env.CNI_COMMAND) {
  const { daemonMain } = await import('./daemon/cli.js');
  await daemonMain(process.argv.slice(3));
} else {
  await main(process.env);
}
