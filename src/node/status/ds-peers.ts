/**
 * The peers this node should have, computed from the datastore with the agent's own functions
 * (gatherBirdInput + expectedPeers, as src/node/agent/render.ts does), so that `--wait` does not
 * depend on how quickly the agent has caught up with a change. Loaded only by `--wait` (it pulls
 * in the datastore adapters and the BGP renderer).
 *
 * The node is the one `node run` recorded in `<run-dir>/nodename`; the datastore is the one
 * calicoctl's usual configuration names (-c/--config, else DATASTORE_TYPE, ETCD_ENDPOINTS,
 * KUBECONFIG ... from the environment). A configuration that names no datastore at all (no
 * file, no etcd endpoints, no kubeconfig, not in a cluster) means "none configured".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadClientConfig, type ClientConfig } from '../../datastore/config.js';
import { openDatastore } from '../../datastore/index.js';
import { ConfigError } from '../../errors.js';
import type { Datastore } from '../../datastore/types.js';
import { ipamKVFor } from '../../ipam/datastore-kv.js';
import { gatherBirdInput } from '../bird/gather.js';
import { expectedPeers } from '../bird/peers.js';
import type { ExpectedPeer } from '../bird/types.js';

/** The datastore cannot give the expected peers (the reason is the message). */
export class DatastorePeersError extends Error {}

export interface DatastorePeers {
  readonly nodeName: string;
  /** Every call reads the datastore afresh; rejects with DatastorePeersError after `timeoutMs`. */
  compute(timeoutMs: number): Promise<ExpectedPeer[]>;
  close(): Promise<void>;
}

/** Whether the configuration names a datastore, rather than falling back to defaults that name none. */
export function datastoreConfigured(cfg: ClientConfig, env: NodeJS.ProcessEnv): boolean {
  if (cfg.source.type === 'file' || cfg.datastoreType === 'etcdv3') return true;
  return !!(cfg.kubeconfig || cfg.kubeconfigInline || cfg.k8sAPIEndpoint || env.KUBERNETES_SERVICE_HOST);
}

/** The node name `node run` recorded in the run dir, or undefined. */
export function recordedNodeName(runDir: string): string | undefined {
  try {
    const name = readFileSync(join(runDir, 'nodename'), 'utf8').trim();
    return name === '' ? undefined : name;
  } catch {
    return undefined;
  }
}

interface AgentStatusFile {
  bird?: { state?: string; routerID?: string };
}

/** The agent's status.json, for what it says about BIRD (disabled, its router id). */
function agentStatus(runDir: string): AgentStatusFile | undefined {
  try {
    return JSON.parse(readFileSync(join(runDir, 'status.json'), 'utf8')) as AgentStatusFile;
  } catch {
    return undefined;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatastorePeersError(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, expired]).finally(() => clearTimeout(timer));
}

/**
 * Opens the configured datastore for `runDir`'s node; undefined when no datastore is configured.
 * Throws ConfigError for a configuration calicoctl would reject, and
 * DatastorePeersError when the run dir records no node name.
 */
export async function openDatastorePeers(runDir: string, configPath: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<DatastorePeers | undefined> {
  const cfg = loadClientConfig({ configPath, env });
  if (!datastoreConfigured(cfg, env)) return undefined;
  const nodeName = recordedNodeName(runDir);
  if (nodeName === undefined) throw new DatastorePeersError(`no node name recorded in ${join(runDir, 'nodename')}`);
  let ds: Datastore;
  try {
    ds = await openDatastore(cfg);
  } catch (e) {
    // A bad configuration (e.g. a malformed endpoint) is reported as every command reports it.
    if (e instanceof ConfigError) throw e;
    throw new DatastorePeersError((e as Error).message);
  }
  const read = async (): Promise<ExpectedPeer[]> => {
    const status = agentStatus(runDir);
    // A node run with --backend none has no BGP at all.
    if (status?.bird?.state === 'Disabled') return [];
    // The router id does not change which peers there are; the agent's one keeps IPv6-only nodes working.
    const input = await gatherBirdInput(ds, ipamKVFor(ds), nodeName, { routerId: status?.bird?.routerID });
    return expectedPeers(input);
  };
  return {
    nodeName,
    compute: (timeoutMs) => withTimeout(read(), timeoutMs, `${ds.type} datastore ${ds.endpoint}`),
    close: () => ds.close(),
  };
}
