// A CNI runtime stand-in for the contention test: runs `count` calico-ipam operations
// (the plugin's own code path, dist/cni/ops.js, minus Node start-up) one after another and
// prints the addresses it got as JSON.
// usage: node worker.mjs <ADD|DEL> <endpoint> <nodename> <container-prefix> <count>
import { parseNetConf } from '../../dist/cni/netconf.js';
import { runOperation } from '../../dist/cni/ops.js';

const [command, endpoint, nodename, prefix, count] = process.argv.slice(2);
const conf = parseNetConf(
  JSON.stringify({ cniVersion: '1.0.0', name: 'k8s-pod-network', nodename, etcd_endpoints: endpoint, ipam: { type: 'calico-ipam' } }),
  {},
);
const out = [];
for (let i = 0; i < Number(count); i++) {
  const res = await runOperation({ command, containerId: `${prefix}-${i}`, ifName: 'eth0', args: undefined, conf });
  if (command === 'ADD') out.push(JSON.parse(res).ips[0].address);
}
process.stdout.write(JSON.stringify(out));
