/**
 * The network configuration calico-ipam reads from stdin, and the datastore settings derived
 * from it (netconf fields first, then the environment calicoctl reads): `datastore_type`, the
 * `etcd_*` fields, and for the Kubernetes datastore `kubernetes.kubeconfig` (→ KUBECONFIG),
 * `kubernetes.k8s_api_root` or `policy.k8s_api_root` (→ K8S_API_ENDPOINT) and
 * `policy.k8s_auth_token` (→ K8S_API_TOKEN).
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { CNI_ERR, CniError } from './errors.js';

export interface IpamNetConf {
  cniVersion: string;
  name: string;
  nodename: string;
  assignIPv4: boolean;
  assignIPv6: boolean;
  ipv4Pools?: string[];
  ipv6Pools?: string[];
  /** Environment for loadClientConfig: process env overridden by the netconf datastore fields. */
  datastoreEnv: NodeJS.ProcessEnv;
}

const DATASTORE_FIELDS: Record<string, string> = {
  datastore_type: 'DATASTORE_TYPE',
  etcd_endpoints: 'ETCD_ENDPOINTS',
  etcd_key_file: 'ETCD_KEY_FILE',
  etcd_cert_file: 'ETCD_CERT_FILE',
  etcd_ca_cert_file: 'ETCD_CA_CERT_FILE',
};

export const DEFAULT_NODENAME_FILE = '/var/lib/calico/nodename';

function bad(msg: string): CniError {
  return new CniError(CNI_ERR.INVALID_NETWORK_CONFIG, msg);
}

function flag(v: unknown, field: string, dflt: boolean): boolean {
  if (v === undefined || v === '') return dflt;
  if (v === 'true' || v === true) return true;
  if (v === 'false' || v === false) return false;
  throw bad(`invalid value for ${field}: ${JSON.stringify(v)} (expected "true" or "false")`);
}

function poolList(v: unknown, field: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw bad(`${field} must be a list of pool names or CIDRs`);
  return v as string[];
}

function nodename(conf: Record<string, unknown>): string {
  if (typeof conf.nodename === 'string' && conf.nodename !== '') return conf.nodename;
  const file = typeof conf.nodename_file === 'string' && conf.nodename_file !== '' ? conf.nodename_file : DEFAULT_NODENAME_FILE;
  try {
    const n = readFileSync(file, 'utf8').trim();
    if (n) return n;
  } catch {
    /* fall through to the host name */
  }
  return hostname();
}

export function parseNetConf(stdin: string, env: NodeJS.ProcessEnv): IpamNetConf {
  let conf: unknown;
  try {
    conf = JSON.parse(stdin);
  } catch (e) {
    throw new CniError(CNI_ERR.DECODING_FAILURE, `failed to load netconf: ${(e as Error).message}`);
  }
  if (typeof conf !== 'object' || conf === null || Array.isArray(conf)) throw bad('failed to load netconf: not a JSON object');
  const c = conf as Record<string, unknown>;
  const ipam = (c.ipam ?? {}) as Record<string, unknown>;
  if (typeof c.name !== 'string' || c.name === '') throw bad('network config is missing "name"');
  if (ipam.type !== undefined && ipam.type !== 'calico-ipam') throw bad(`unsupported ipam type ${JSON.stringify(ipam.type)}`);
  const datastoreEnv: NodeJS.ProcessEnv = { ...env };
  const setEnv = (name: string, v: unknown): void => {
    if (typeof v !== 'string' || v === '') return;
    datastoreEnv[name] = v;
    datastoreEnv[`CALICO_${name}`] = v;
  };
  for (const [field, name] of Object.entries(DATASTORE_FIELDS)) setEnv(name, c[field]);
  // Kubernetes datastore access, as Calico's CNI plugin takes it from the netconf.
  const kube = (c.kubernetes ?? {}) as Record<string, unknown>;
  const policy = (c.policy ?? {}) as Record<string, unknown>;
  setEnv('KUBECONFIG', kube.kubeconfig);
  setEnv('K8S_API_ENDPOINT', kube.k8s_api_root ?? policy.k8s_api_root);
  setEnv('K8S_API_TOKEN', policy.k8s_auth_token);
  const out: IpamNetConf = {
    cniVersion: typeof c.cniVersion === 'string' ? c.cniVersion : '1.0.0',
    name: c.name,
    nodename: nodename(c),
    assignIPv4: flag(ipam.assign_ipv4, 'assign_ipv4', true),
    assignIPv6: flag(ipam.assign_ipv6, 'assign_ipv6', false),
    datastoreEnv,
  };
  const v4 = poolList(ipam.ipv4_pools, 'ipv4_pools');
  const v6 = poolList(ipam.ipv6_pools, 'ipv6_pools');
  if (v4) out.ipv4Pools = v4;
  if (v6) out.ipv6Pools = v6;
  return out;
}

/** `K8S_POD_NAMESPACE=ns;K8S_POD_NAME=pod` → map. */
export function parseCniArgs(s: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (s ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}
