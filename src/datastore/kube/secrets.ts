/**
 * Core v1 Secrets in one namespace, as calico-node's confd reads them for BGP passwords
 * (node-bgp.md §2.1 "Secret watcher"): a GET per Secret with `data` base64-decoded, and a
 * list+watch on the namespace's `secrets` collection.
 *
 * The namespace is the one calico-node runs in: `$NAMESPACE` (set from the pod's namespace by
 * Calico's manifests/operator), else `kube-system` — confd's own default.
 */
import type { WatchEvent } from '../types.js';
import { KubeHttpError, fromKubeError } from './errors.js';
import type { KubeHttpClient } from './http.js';
import { watchCollections, type KubeWatchOptions } from './watch.js';

export const DEFAULT_SECRETS_NAMESPACE = 'kube-system';

/** The namespace BGP password Secrets are read from. */
export function secretsNamespace(env: NodeJS.ProcessEnv = process.env): string {
  const ns = env.NAMESPACE?.trim();
  return ns ? ns : DEFAULT_SECRETS_NAMESPACE;
}

interface SecretBody {
  data?: Record<string, string>;
}

export class KubeSecrets {
  constructor(
    private readonly http: KubeHttpClient,
    private readonly endpoint: string,
    readonly namespace: string,
  ) {}

  private collection(): string {
    return `/api/v1/namespaces/${encodeURIComponent(this.namespace)}/secrets`;
  }

  /** The Secret's decoded data (key → UTF-8 text); undefined when the Secret does not exist. */
  async get(name: string): Promise<Record<string, string> | undefined> {
    let body: SecretBody;
    try {
      body = await this.http.request<SecretBody>('GET', `${this.collection()}/${encodeURIComponent(name)}`);
    } catch (e) {
      if (e instanceof KubeHttpError && e.statusCode === 404) return undefined;
      throw fromKubeError(e, this.endpoint);
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(body.data ?? {})) {
      if (typeof v === 'string') out[k] = Buffer.from(v, 'base64').toString('utf8');
    }
    return out;
  }

  /**
   * Watches the namespace's Secrets; `onChange` gets an event for each Secret `wanted` accepts
   * (asked at event time, so the set of wanted names may change) and for re-lists.
   */
  watch(wanted: (name: string) => boolean, onChange: (ev: WatchEvent) => void, opts?: KubeWatchOptions): Promise<{ close(): Promise<void> }> {
    return watchCollections(
      this.http,
      this.endpoint,
      [
        {
          path: this.collection(),
          kind: 'Secret',
          describe: (o) => {
            const name = o.metadata?.name;
            return name !== undefined && wanted(name) ? { name, namespace: o.metadata?.namespace ?? this.namespace } : undefined;
          },
        },
      ],
      onChange,
      opts,
    );
  }
}
