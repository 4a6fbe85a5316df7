/**
 * The calico-ipam CNI IPAM plugin (CNI spec 1.0): CNI_COMMAND=ADD|DEL|CHECK|VERSION, network
 * config on stdin, result or error JSON on stdout, exit 1 on failure. The IPAM library and the
 * datastore client are imported only when a command needs them. The work itself is run.ts,
 * shared with the resident daemon (daemon/), which serves the same commands over a unix socket.
 *
 * - ADD allocates for `<network name>.<CNI_CONTAINERID>` (Calico's handle ID) on the node
 *   (`nodename`, else /var/lib/calico/nodename, else the host name); a repeated ADD returns the
 *   addresses the handle already has. Pod namespace/name from CNI_ARGS, the node and a timestamp
 *   are stored as allocation attributes.
 * - Result `ips[].address` carries the block's prefix length (`10.0.0.5/26`): calico-ipam passes
 *   AutoAssign's addresses through unchanged (the calico network plugin narrows them to /32).
 * - DEL releases the handle (absent = success); CHECK fails unless the handle holds addresses.
 * - Errors: `{cniVersion, code, msg, details}` on stdout, exit 1; codes 1 incompatible version,
 *   4 missing/invalid CNI_* env, 6 undecodable netconf, 7 invalid network config, 11 datastore
 *   unavailable (try again later), 999 anything else.
 * - Datastore: netconf `datastore_type`, `etcd_endpoints`, `etcd_key_file`, `etcd_cert_file`,
 *   `etcd_ca_cert_file`, else calicoctl's env vars (etcdv3 only). Talks to etcd's JSON gateway
 *   (src/ipam/httpkv.ts) so no gRPC client is loaded per ADD.
 */
import { runCni } from './run.js';

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    if (process.stdin.isTTY) return resolve('');
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (d: string) => (data += d));
    process.stdin.on('end', () => resolve(data));
    process.stdin.on('error', reject);
  });
}

/** Runs the plugin; sets process.exitCode (never calls process.exit while I/O is pending). */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { stdout, exitCode } = await runCni(env, readStdin);
  if (stdout) process.stdout.write(stdout);
  if (exitCode !== 0) process.exitCode = exitCode;
}
