/**
 * The datastore client configuration for the plugin, from the environment calicoctl reads
 * (`CALICO_<NAME>` wins over `<NAME>`), with the netconf's fields already folded in by
 * netconf.ts. Only the etcd fields matter here; a hand-rolled reader rather than
 * datastore/config.ts keeps js-yaml (calicoctl.cfg parsing) out of every CNI ADD's start-up.
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
  if (type !== 'etcdv3') {
    throw new CniError(CNI_ERR.INVALID_NETWORK_CONFIG, `datastore type ${JSON.stringify(type)} is not supported by this calico-ipam (etcdv3 only)`);
  }
  if (endpoints.length === 0) throw new CniError(CNI_ERR.INVALID_NETWORK_CONFIG, 'no etcd endpoints specified');
  for (const e of endpoints) {
    if (!/^https?:\/\/[^/]+\/?$/.test(e)) throw new CniError(CNI_ERR.INVALID_NETWORK_CONFIG, `invalid etcd endpoint '${e}': expected http(s)://host:port`);
  }
  const cfg: ClientConfig = { datastoreType: 'etcdv3', etcdEndpoints: endpoints, source: { type: 'env' } };
  const opt = (name: string): string | undefined => envValue(env, name);
  const fields: Array<[keyof ClientConfig, string]> = [
    ['etcdKeyFile', 'ETCD_KEY_FILE'],
    ['etcdCertFile', 'ETCD_CERT_FILE'],
    ['etcdCACertFile', 'ETCD_CA_CERT_FILE'],
    ['etcdUsername', 'ETCD_USERNAME'],
    ['etcdPassword', 'ETCD_PASSWORD'],
  ];
  for (const [prop, name] of fields) {
    const v = opt(name);
    if (v !== undefined) (cfg as unknown as Record<string, unknown>)[prop] = v;
  }
  return cfg;
}
