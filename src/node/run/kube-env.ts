/**
 * The Kubernetes datastore settings `node run` hands to calico-node's processes, as the
 * environment variables Calico's client configuration reads (KUBECONFIG, K8S_API_ENDPOINT,
 * K8S_*_FILE, CALICO_K8SAPITOKEN, …). Paths are made absolute (the supervisor does not run in
 * the caller's directory). An inline kubeconfig (config file only) is written to
 * `<run-dir>/kubeconfig` (mode 0600) and passed as KUBECONFIG; it is used as-is, so none of the
 * K8S_* overrides go with it, as for the inline form itself.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ClientConfig } from '../../datastore/config.js';

/** Variables whose values are never printed. */
export const SECRET_VARS: readonly string[] = ['ETCD_PASSWORD', 'CALICO_K8SAPITOKEN'];

export const inlineKubeconfigPath = (runDir: string): string => resolve(runDir, 'kubeconfig');

export function kubeEnv(cfg: ClientConfig, runDir: string): Record<string, string> {
  const env: Record<string, string> = {};
  if (cfg.calicoAPIGroup) env.CALICO_API_GROUP = cfg.calicoAPIGroup;
  if (cfg.kubeconfigInline) {
    env.KUBECONFIG = inlineKubeconfigPath(runDir);
    return env;
  }
  if (cfg.kubeconfig) env.KUBECONFIG = cfg.kubeconfig.split(':').filter((p) => p !== '').map((p) => resolve(p)).join(':');
  if (cfg.k8sAPIEndpoint) env.K8S_API_ENDPOINT = cfg.k8sAPIEndpoint;
  if (cfg.k8sCAFile) env.K8S_CA_FILE = resolve(cfg.k8sCAFile);
  if (cfg.k8sCertFile) env.K8S_CERT_FILE = resolve(cfg.k8sCertFile);
  if (cfg.k8sKeyFile) env.K8S_KEY_FILE = resolve(cfg.k8sKeyFile);
  if (cfg.k8sAPIToken) env.CALICO_K8SAPITOKEN = cfg.k8sAPIToken;
  if (cfg.k8sInsecureSkipTLSVerify) env.K8S_INSECURE_SKIP_TLS_VERIFY = 'true';
  if (cfg.k8sCurrentContext) env.K8S_CURRENT_CONTEXT = cfg.k8sCurrentContext;
  if (cfg.k8sClientQPS !== undefined) env.K8S_CLIENT_QPS = String(cfg.k8sClientQPS);
  if (cfg.k8sClientBurst !== undefined && cfg.k8sClientBurst !== 100) env.K8S_CLIENT_BURST = String(cfg.k8sClientBurst);
  return env;
}

/** Writes the inline kubeconfig where kubeEnv() points KUBECONFIG (no-op otherwise). */
export function writeInlineKubeconfig(cfg: ClientConfig, runDir: string): void {
  if (cfg.datastoreType !== 'kubernetes' || !cfg.kubeconfigInline) return;
  mkdirSync(runDir, { recursive: true });
  writeFileSync(inlineKubeconfigPath(runDir), cfg.kubeconfigInline, { mode: 0o600 });
}
