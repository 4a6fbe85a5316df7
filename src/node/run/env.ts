/**
 * The environment and command line of the supervisor that `node run` launches: the same
 * variables calicoctl passes to the calico/node container, plus the datastore type and its
 * connection settings (etcd, or the Kubernetes API: see ./kube-env.ts).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientConfig } from '../../datastore/config.js';
import { formatProcessArgs, type NodeProcessArgs } from '../supervisor/args.js';
import type { ValidatedRun } from './flags.js';
import { kubeEnv, SECRET_VARS } from './kube-env.js';

export const SUPERVISOR_MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'supervisor', 'main.js');

/** `runDir` holds the kubeconfig written for an inline one (kube-env.ts). */
export function supervisorEnv(v: ValidatedRun, cfg: ClientConfig, noDefaultPools: boolean, runDir: string): Record<string, string> {
  const env: Record<string, string> = {
    NODENAME: v.name,
    CALICO_NETWORKING_BACKEND: v.backend,
    CALICO_MANAGE_CNI: 'false',
    DATASTORE_TYPE: cfg.datastoreType,
    ...(cfg.datastoreType === 'kubernetes' ? kubeEnv(cfg, runDir) : etcdEnv(cfg)),
  };
  if (noDefaultPools) env.NO_DEFAULT_POOLS = 'true';
  if (v.ipMethod !== 'first-found') env.IP_AUTODETECTION_METHOD = v.ipMethod;
  if (v.ip6Method !== 'first-found') env.IP6_AUTODETECTION_METHOD = v.ip6Method;
  if (v.as) env.AS = v.as;
  if (v.ip) env.IP = v.ip;
  if (v.ip6) env.IP6 = v.ip6;
  return env;
}

function etcdEnv(cfg: ClientConfig): Record<string, string> {
  const env: Record<string, string> = {
    ETCD_ENDPOINTS: cfg.etcdEndpoints.join(','),
    ETCD_DISCOVERY_SRV: cfg.etcdDiscoverySrv ?? '',
  };
  if (cfg.etcdCACertFile) env.ETCD_CA_CERT_FILE = cfg.etcdCACertFile;
  if (cfg.etcdKeyFile && cfg.etcdCertFile) {
    env.ETCD_KEY_FILE = cfg.etcdKeyFile;
    env.ETCD_CERT_FILE = cfg.etcdCertFile;
  }
  if (cfg.etcdUsername) env.ETCD_USERNAME = cfg.etcdUsername;
  if (cfg.etcdPassword) env.ETCD_PASSWORD = cfg.etcdPassword;
  return env;
}

const shellQuote = (s: string): string => (/^[A-Za-z0-9_@%+=:,./-]*$/.test(s) && s !== '' ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** `env K=V … node <main.js> --run-dir …` with the variables sorted (determinism). */
export function supervisorCommandLine(env: Record<string, string>, args: NodeProcessArgs): string {
  const vars = Object.keys(env)
    .sort()
    .map((k) => `${k}=${shellQuote(env[k]!)}`);
  const redacted = vars.map((kv) => {
    const name = kv.slice(0, kv.indexOf('='));
    return SECRET_VARS.includes(name) ? `${name}=<redacted>` : kv;
  });
  return ['env', ...redacted, shellQuote(process.execPath), shellQuote(SUPERVISOR_MAIN), ...formatProcessArgs(args).map(shellQuote)].join(' ');
}

export function dryRunText(cmd: string, runDir: string, initSystem: boolean): string {
  const head = `Use the following command to start the calico/node processes:\n\n${cmd}\n\n`;
  if (initSystem) {
    return `${head}Use the following command to stop the calico/node processes:\n\ncalicoctl node stop --run-dir ${shellQuote(runDir)}\n\n`;
  }
  return `${head}If you are running calico/node in an init system, use the --init-system flag\nto display the appropriate start and stop commands.\n`;
}
