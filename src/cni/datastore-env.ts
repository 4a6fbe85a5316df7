/**
 * The datastore client configuration for the plugin, from the environment calicoctl reads
 * (`CALICO_<NAME>` wins over `<NAME>`), with the netconf's fields already folded in by
 * netconf.ts. A hand-rolled reader rather than datastore/config.ts keeps js-yaml (calicoctl.cfg
 * parsing) out of every CNI ADD's start-up.
 *
 * - etcdv3: ETCD_ENDPOINTS (required), ETCD_KEY_FILE, ETCD_CERT_FILE, ETCD_CA_CERT_FILE,
 *   ETCD_USERNAME, ETCD_PASSWORD.
 * - kubernetes: KUBECONFIG (a kubeconfig path list), K8S_API_ENDPOINT, K8S_CA_FILE,
 *   K8S_CERT_FILE, K8S_KEY_FILE, K8S_API_TOKEN (CALICO_K8SAPITOKEN), K8S_INSECURE_SKIP_TLS_VERIFY;
 *   without any of them the in-cluster service account is used.
 * - The type is DATASTORE_TYPE, else etcdv3 when etcd endpoints are given, else kubernetes.
 */
import type { ClientConfig } from '../datastore/config.js';
import { CNI_ERR, CniError } from './errors.js';

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[`CALICO_${name}`] ?? env[name];
  return v === undefined || v === '' ? undefined : v;
}

export function clientConfigFromEnv(env: NodeJS.ProcessEnv): ClientConfig {
  const endpoints = (envValue(env, 'ETCD_ENDPOINTS') ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const type = envValue(env, 'DATASTORE_TYPE') ?? (endpoints.length > 0 ? 'etcdv3' : 'kubernetes');
  if (type === 'kubernetes') return kubeConfigFromEnv(env);
  if (type !== 'etcdv3') {
    throw new CniError(CNI_ERR.INVALID_NETWORK_CONFIG, `datastore type ${JSON.stringify(type)} is not supported by this calico-ipam (etcdv3 or kubernetes)`);
  }
  if (endpoints.length === 0) throw new CniError(CNI_ERR.INVALID_NETWORK_CONFIG, 'no etcd endpoints specified');
  for (const e of endpoints) {
    if (!/^https?:\/\/[^/]+\/?$/.test(e)) throw new CniError(CNI_ERR.INVALID_NETWORK_CONFIG, `invalid etcd endpoint '${e}': expected http(s)://host:port`);
  }
  const cfg: ClientConfig = { datastoreType: 'etcdv3', etcdEndpoints: endpoints, source: { type: 'env' } };
  copyFields(env, cfg, [
    ['etcdKeyFile', 'ETCD_KEY_FILE'],
    ['etcdCertFile', 'ETCD_CERT_FILE'],
    ['etcdCACertFile', 'ETCD_CA_CERT_FILE'],
    ['etcdUsername', 'ETCD_USERNAME'],
    ['etcdPassword', 'ETCD_PASSWORD'],
  ]);
  return cfg;
}

function copyFields(env: NodeJS.ProcessEnv, cfg: ClientConfig, fields: Array<[keyof ClientConfig, string]>): void {
  for (const [prop, name] of fields) {
    const v = envValue(env, name);
    if (v !== undefined) (cfg as unknown as Record<string, unknown>)[prop] = v;
  }
}

function kubeConfigFromEnv(env: NodeJS.ProcessEnv): ClientConfig {
  const cfg: ClientConfig = { datastoreType: 'kubernetes', etcdEndpoints: [], source: { type: 'env' } };
  copyFields(env, cfg, [
    ['kubeconfig', 'KUBECONFIG'],
    ['k8sAPIEndpoint', 'K8S_API_ENDPOINT'],
    ['k8sCAFile', 'K8S_CA_FILE'],
    ['k8sCertFile', 'K8S_CERT_FILE'],
    ['k8sKeyFile', 'K8S_KEY_FILE'],
    ['k8sAPIToken', 'K8S_API_TOKEN'],
  ]);
  const token = env.CALICO_K8SAPITOKEN;
  if (token) cfg.k8sAPIToken = token;
  if (envValue(env, 'K8S_INSECURE_SKIP_TLS_VERIFY') === 'true') cfg.k8sInsecureSkipTLSVerify = true;
  return cfg;
}
