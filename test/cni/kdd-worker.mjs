// A CNI runtime stand-in on the Kubernetes datastore: runs `count` calico-ipam operations (the
// plugin's own code path, dist/cni/ops.js) one after another against the API server named by
// the kubeconfig, and prints the addresses it got as JSON.
// usage: node kdd-worker.mjs <ADD|DEL> <kubeconfig> <nodename> <container-prefix> <count>
import { parseNetConf } from '../../dist/cni/netconf.js';
import { runOperation } from '../../dist/cni/ops.js';

const [command, kubeconfig, nodename, prefix, count] = process.argv.slice(2);
const conf = parseNetConf(
  JSON.stringify({
    cniVersion: '1.0.0',
    name: 'k8s-pod-network',
    nodename,
    datastore_type: 'kubernetes',
    kubernetes: { kubeconfig },
    ipam: { type: 'calico-ipam' },
  }),
  {},
);
const out = [];
for (let i = 0; i < Number(count); i++) {
  const args = `K8S_POD_NAMESPACE=default;K8S_POD_NAME=${prefix}-${i}`;
  const res = await runOperation({ command, containerId: `${prefix}-${i}`, ifName: 'eth0', args, conf });
  if (command === 'ADD') out.push(JSON.parse(res).ips[0].address);
}
process.stdout.write(JSON.stringify(out));
