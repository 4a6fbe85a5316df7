/**
 * kubeconfig loading with kubectl's (clientcmd's) rules, not client-node's:
 *
 * - `a:b:c` is a precedence list: missing files are skipped; a single explicit path must exist.
 * - Maps (clusters, users, contexts) merge by name and the FIRST file defining a name wins;
 *   duplicates are not an error (client-node throws on them, see calico#4312).
 * - `current-context` is the first non-empty one (client-node takes the last).
 * - Relative file references (certificate-authority, client-certificate, client-key, tokenFile,
 *   and an exec command containing a `/`) are resolved against the directory of the file that
 *   defined them.
 * Pure apart from reading the files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import yaml from 'js-yaml';
import { ConfigError } from '../../errors.js';

export interface NamedEntry<T> {
  name: string;
  value: T;
}

export type KubeCluster = Record<string, unknown> & {
  server?: string;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'tls-server-name'?: string;
};

export type KubeUser = Record<string, unknown> & {
  token?: string;
  tokenFile?: string;
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
  username?: string;
  password?: string;
  exec?: Record<string, unknown> & { command?: string };
  'auth-provider'?: Record<string, unknown>;
};

export type KubeContext = Record<string, unknown> & { cluster?: string; user?: string; namespace?: string };

export interface MergedKubeconfig {
  currentContext?: string;
  clusters: Map<string, KubeCluster>;
  users: Map<string, KubeUser>;
  contexts: Map<string, KubeContext>;
  /** Files actually read, in precedence order. */
  files: string[];
}

export function emptyKubeconfig(): MergedKubeconfig {
  return { clusters: new Map(), users: new Map(), contexts: new Map(), files: [] };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function resolvePath(p: unknown, base: string | undefined): unknown {
  if (typeof p !== 'string' || p === '' || base === undefined || isAbsolute(p)) return p;
  return resolve(base, p);
}

function entries(doc: Record<string, unknown>, list: string, field: string, source: string): Array<NamedEntry<Record<string, unknown>>> {
  const raw = doc[list];
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new ConfigError(`error loading config file "${source}": ${list} must be a list`);
  const out: Array<NamedEntry<Record<string, unknown>>> = [];
  for (const item of raw) {
    if (!isObject(item) || typeof item.name !== 'string') continue;
    out.push({ name: item.name, value: isObject(item[field]) ? { ...(item[field] as Record<string, unknown>) } : {} });
  }
  return out;
}

/**
 * Merges one parsed kubeconfig document into `into` (first definition wins). `baseDir` resolves
 * relative paths (undefined for inline content: paths are then taken as they are).
 */
export function mergeKubeconfigDocument(into: MergedKubeconfig, doc: unknown, source: string, baseDir?: string): void {
  if (doc === null || doc === undefined) return;
  if (!isObject(doc)) throw new ConfigError(`error loading config file "${source}": not a kubeconfig document`);
  for (const { name, value } of entries(doc, 'clusters', 'cluster', source)) {
    if (into.clusters.has(name)) continue;
    value['certificate-authority'] = resolvePath(value['certificate-authority'], baseDir);
    into.clusters.set(name, value as KubeCluster);
  }
  for (const { name, value } of entries(doc, 'users', 'user', source)) {
    if (into.users.has(name)) continue;
    for (const f of ['client-certificate', 'client-key', 'tokenFile']) value[f] = resolvePath(value[f], baseDir);
    if (isObject(value.exec)) {
      const exec = { ...value.exec };
      const cmd = exec.command;
      if (typeof cmd === 'string' && cmd.includes('/')) exec.command = resolvePath(cmd, baseDir);
      value.exec = exec;
    }
    into.users.set(name, value as KubeUser);
  }
  for (const { name, value } of entries(doc, 'contexts', 'context', source)) {
    if (!into.contexts.has(name)) into.contexts.set(name, value as KubeContext);
  }
  const cc = doc['current-context'];
  if (!into.currentContext && typeof cc === 'string' && cc !== '') into.currentContext = cc;
}

function parseYaml(text: string, source: string): unknown {
  try {
    return yaml.load(text);
  } catch (e) {
    throw new ConfigError(`error loading config file "${source}": ${String((e as Error).message).split('\n')[0]}`);
  }
}

/** Splits a `:`-separated KUBECONFIG value, dropping empties and duplicates (order kept). */
export function splitKubeconfigPaths(value: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of value.split(':')) {
    if (p === '' || seen.has(p)) continue;
    seen.add(p);
    out.push(p);
  }
  return out;
}

/** Loads and merges the kubeconfig files named by `value` (a path or a `:` list). */
export function loadKubeconfigFiles(value: string): MergedKubeconfig {
  const paths = splitKubeconfigPaths(value);
  const merged = emptyKubeconfig();
  for (const p of paths) {
    if (!existsSync(p)) {
      if (paths.length === 1) throw new ConfigError(`stat ${p}: no such file or directory`);
      continue;
    }
    let text: string;
    try {
      text = readFileSync(p, 'utf8');
    } catch (e) {
      throw new ConfigError(`error loading config file "${p}": ${(e as Error).message}`);
    }
    mergeKubeconfigDocument(merged, parseYaml(text, p), p, dirname(resolve(p)));
    merged.files.push(p);
  }
  return merged;
}

/** Parses inline kubeconfig content (calicoctl's `kubeconfigInline`). */
export function loadKubeconfigInline(text: string): MergedKubeconfig {
  const merged = emptyKubeconfig();
  mergeKubeconfigDocument(merged, parseYaml(text, '<inline>'), '<inline>');
  return merged;
}

/** The merged config as a kubeconfig document (for client-node's exec support). */
export function toKubeconfigDocument(kc: MergedKubeconfig, contextName: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': contextName,
    clusters: [...kc.clusters].map(([name, cluster]) => ({ name, cluster })),
    users: [...kc.users].map(([name, user]) => ({ name, user })),
    contexts: [...kc.contexts].map(([name, context]) => ({ name, context })),
  };
}
