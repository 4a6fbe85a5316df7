/**
 * Where and how to talk to the API server, from calicoctl's client configuration:
 * kubeconfig (merged as kubectl does) or inline kubeconfig, the selected context
 * (k8sCurrentContext / `--context`), then the K8S_* overrides on top, as client-go's
 * ConfigOverrides apply them. Falls back to the in-cluster service account.
 */
import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '../../errors.js';
import type { ClientConfig } from '../config.js';
import {
  emptyKubeconfig,
  loadKubeconfigFiles,
  loadKubeconfigInline,
  toKubeconfigDocument,
  type KubeUser,
  type MergedKubeconfig,
} from './kubeconfig.js';

export interface KubeConnection {
  /** API server base URL without a trailing slash. */
  server: string;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  insecureSkipTLSVerify: boolean;
  tlsServerName?: string;
  token?: string;
  /** Re-read on use (service account tokens rotate). */
  tokenFile?: string;
  username?: string;
  password?: string;
  /** Set when the user authenticates through exec / auth-provider (handled by client-node). */
  pluginAuth?: { kubeconfig: Record<string, unknown> };
  contextName?: string;
  /** Client-side rate limit (k8sClientQPS); undefined = none. */
  qps?: number;
  burst: number;
}

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

function readFileOrFail(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new ConfigError(`unable to read ${what} ${path}: ${why}`);
  }
}

function b64(data: unknown): Buffer | undefined {
  return typeof data === 'string' && data !== '' ? Buffer.from(data, 'base64') : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function inCluster(env: NodeJS.ProcessEnv): { server: string; tokenFile: string; caFile?: string } | undefined {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port || !existsSync(`${SA_DIR}/token`)) return undefined;
  const h = host.includes(':') ? `[${host}]` : host;
  return { server: `https://${h}:${port}`, tokenFile: `${SA_DIR}/token`, caFile: existsSync(`${SA_DIR}/ca.crt`) ? `${SA_DIR}/ca.crt` : undefined };
}

function loadMerged(cfg: ClientConfig): MergedKubeconfig {
  if (cfg.kubeconfigInline) return loadKubeconfigInline(cfg.kubeconfigInline);
  if (cfg.kubeconfig) return loadKubeconfigFiles(cfg.kubeconfig);
  return emptyKubeconfig();
}

/** Resolves the connection; throws ConfigError with a one-line reason. */
export function resolveConnection(cfg: ClientConfig, env: NodeJS.ProcessEnv = process.env): KubeConnection {
  const kc = loadMerged(cfg);
  // The inline form is used as-is (no overrides), as calicoctl does.
  const overrides = !cfg.kubeconfigInline;
  const contextName = (overrides ? cfg.k8sCurrentContext : undefined) ?? kc.currentContext;
  let clusterName: string | undefined;
  let userName: string | undefined;
  if (contextName) {
    const ctx = kc.contexts.get(contextName);
    if (!ctx) throw new ConfigError(`invalid configuration: context was not found for specified context: ${contextName}`);
    clusterName = str(ctx.cluster);
    userName = str(ctx.user);
  }
  const cluster = { ...(clusterName ? kc.clusters.get(clusterName) ?? {} : {}) };
  const user: KubeUser = { ...(userName ? kc.users.get(userName) ?? {} : {}) };

  if (overrides) {
    if (cfg.k8sAPIEndpoint) cluster.server = cfg.k8sAPIEndpoint;
    if (cfg.k8sCAFile) {
      cluster['certificate-authority'] = cfg.k8sCAFile;
      delete cluster['certificate-authority-data'];
    }
    if (cfg.k8sCertFile) {
      user['client-certificate'] = cfg.k8sCertFile;
      delete user['client-certificate-data'];
    }
    if (cfg.k8sKeyFile) {
      user['client-key'] = cfg.k8sKeyFile;
      delete user['client-key-data'];
    }
    if (cfg.k8sAPIToken) {
      user.token = cfg.k8sAPIToken;
      delete user.tokenFile;
      delete user.exec;
      delete user['auth-provider'];
    }
    if (cfg.k8sInsecureSkipTLSVerify) {
      cluster['insecure-skip-tls-verify'] = true;
      if (!cfg.k8sCAFile) {
        delete cluster['certificate-authority'];
        delete cluster['certificate-authority-data'];
      }
    }
  }

  let server = str(cluster.server);
  let tokenFile = str(user.tokenFile);
  let caFile = str(cluster['certificate-authority']);
  if (!server) {
    const ic = kc.files.length === 0 && !cfg.kubeconfigInline ? inCluster(env) : undefined;
    if (!ic) {
      throw new ConfigError('invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable');
    }
    server = ic.server;
    tokenFile ??= ic.tokenFile;
    caFile ??= ic.caFile;
  }
  if (!/^https?:\/\//.test(server)) server = `https://${server}`;
  server = server.replace(/\/+$/, '');

  const conn: KubeConnection = {
    server,
    insecureSkipTLSVerify: cluster['insecure-skip-tls-verify'] === true,
    burst: cfg.k8sClientBurst ?? 100,
  };
  if (contextName) conn.contextName = contextName;
  if (cfg.k8sClientQPS !== undefined && cfg.k8sClientQPS > 0) conn.qps = cfg.k8sClientQPS;
  conn.ca = caFile ? readFileOrFail(caFile, 'certificate authority') : b64(cluster['certificate-authority-data']);
  const tlsServerName = str(cluster['tls-server-name']);
  if (tlsServerName) conn.tlsServerName = tlsServerName;
  const certFile = str(user['client-certificate']);
  const keyFile = str(user['client-key']);
  conn.cert = certFile ? readFileOrFail(certFile, 'client certificate') : b64(user['client-certificate-data']);
  conn.key = keyFile ? readFileOrFail(keyFile, 'client key') : b64(user['client-key-data']);
  if (!!conn.cert !== !!conn.key) {
    throw new ConfigError('invalid configuration: client-cert-data and client-key-data must both be specified');
  }
  const token = str(user.token);
  if (token) conn.token = token;
  else if (tokenFile) conn.tokenFile = tokenFile;
  const username = str(user.username);
  if (username) {
    conn.username = username;
    conn.password = typeof user.password === 'string' ? user.password : '';
  }
  if (!token && (user.exec || user['auth-provider'])) {
    // Give client-node just this context, merged, so its exec/auth-provider code runs on it.
    const only: MergedKubeconfig = {
      ...emptyKubeconfig(),
      clusters: new Map([[clusterName ?? 'cluster', { ...cluster, server }]]),
      users: new Map([[userName ?? 'user', user]]),
      contexts: new Map([[contextName ?? 'context', { cluster: clusterName ?? 'cluster', user: userName ?? 'user' }]]),
    };
    conn.pluginAuth = { kubeconfig: toKubeconfigDocument(only, contextName ?? 'context') };
  }
  return conn;
}
