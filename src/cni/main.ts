/**
 * The calico-ipam CNI IPAM plugin (CNI spec 1.0): CNI_COMMAND=ADD|DEL|CHECK|VERSION, network
 * config on stdin, result or error JSON on stdout, exit 1 on failure. The IPAM library and the
 * datastore client are imported only when a command needs them.
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
import { CNI_ERR, CniError } from './errors.js';
import { parseNetConf } from './netconf.js';
import { errorOutput, versionOutput } from './result.js';

const REQUIRED: Record<string, string[]> = {
  ADD: ['CNI_CONTAINERID', 'CNI_NETNS', 'CNI_IFNAME', 'CNI_PATH'],
  CHECK: ['CNI_CONTAINERID', 'CNI_NETNS', 'CNI_IFNAME', 'CNI_PATH'],
  DEL: ['CNI_CONTAINERID', 'CNI_IFNAME', 'CNI_PATH'],
};

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

/** Datastore connectivity problems are "try again later" (11); anything unexpected is 999. */
function toCniError(e: unknown): CniError {
  if (e instanceof CniError) return e;
  const err = e as Error & { code?: unknown };
  if (err?.code === 'DatastoreUnavailable') return new CniError(CNI_ERR.TRY_AGAIN_LATER, err.message);
  return new CniError(CNI_ERR.INTERNAL, err?.message ?? String(e));
}

async function run(env: NodeJS.ProcessEnv): Promise<{ out: string; cniVersion: string }> {
  const command = env.CNI_COMMAND ?? '';
  if (command === '') throw new CniError(CNI_ERR.INVALID_ENV, 'required env variables [CNI_COMMAND] missing');
  if (command === 'VERSION') return { out: versionOutput(), cniVersion: '1.0.0' };
  const required = REQUIRED[command];
  if (!required) throw new CniError(CNI_ERR.INVALID_ENV, `unknown CNI_COMMAND: ${command}`);
  const missing = required.filter((k) => !env[k]);
  if (missing.length > 0) throw new CniError(CNI_ERR.INVALID_ENV, `required env variables [${missing.join(',')}] missing`);
  const conf = parseNetConf(await readStdin(), env);
  const { runOperation } = await import('./ops.js');
  try {
    const out = await runOperation({
      command: command as 'ADD' | 'DEL' | 'CHECK',
      containerId: env.CNI_CONTAINERID!,
      ifName: env.CNI_IFNAME!,
      args: env.CNI_ARGS,
      conf,
    });
    return { out, cniVersion: conf.cniVersion };
  } catch (e) {
    throw Object.assign(toCniError(e), { cniVersion: conf.cniVersion });
  }
}

/** Runs the plugin; sets process.exitCode (never calls process.exit while I/O is pending). */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const { out } = await run(env);
    if (out) process.stdout.write(`${out}\n`);
  } catch (e) {
    const err = toCniError(e);
    const v = (e as { cniVersion?: string }).cniVersion ?? '1.0.0';
    process.stdout.write(`${errorOutput(v, err)}\n`);
    process.exitCode = 1;
  }
}
