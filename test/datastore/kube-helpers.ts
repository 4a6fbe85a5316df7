/** Shared helpers for tests against the Kubernetes API-server stand-in. */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadClientConfig } from '../../src/datastore/config.js';
import { openDatastore } from '../../src/datastore/index.js';
import type { Datastore } from '../../src/datastore/types.js';

const STAND_IN = join(dirname(fileURLToPath(import.meta.url)), '..', 'kube-apiserver', 'index.mjs');
export const haveStandIn = existsSync(STAND_IN);

export interface StandIn {
  url: string;
  kubeconfigPath: string;
  token?: string;
  caFile?: string;
  stop(): Promise<void>;
  reset(): Promise<void>;
}

export async function startStandIn(opts: { tls?: boolean; token?: string } = {}): Promise<StandIn> {
  const mod = (await import(STAND_IN)) as { startKubeApiServer(o: unknown): Promise<StandIn> };
  return mod.startKubeApiServer(opts);
}

/** Opens the Kubernetes datastore the way the CLI does, from environment variables only. */
export function openKube(env: NodeJS.ProcessEnv): Promise<Datastore> {
  const cfg = loadClientConfig({ env: { DATASTORE_TYPE: 'kubernetes', ...env }, defaultConfigPath: '/nonexistent/calicoctl.cfg' });
  return openDatastore(cfg);
}

/** A raw request to the stand-in (plain HTTP, no auth). */
export async function raw(server: StandIn, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (server.token) headers.authorization = `Bearer ${server.token}`;
  const res = await fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

export async function createNamespaces(server: StandIn, names: string[]): Promise<void> {
  for (const name of names) {
    const r = await raw(server, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    if (r.status !== 201 && r.status !== 409) throw new Error(`creating namespace ${name}: HTTP ${r.status}`);
  }
}

/**
 * For a describe block: starts the stand-in and opens the Kubernetes datastore on it before its
 * tests, closes and stops both after them. Read `server` and `ds` inside the tests.
 */
export function useStandInDatastore(): { readonly server: StandIn; readonly ds: Datastore } {
  const ctx = {} as { server: StandIn; ds: Datastore };
  beforeAll(async () => {
    ctx.server = await startStandIn();
    ctx.ds = await openKube({ KUBECONFIG: ctx.server.kubeconfigPath });
  });
  afterAll(async () => {
    await ctx.ds?.close();
    await ctx.server?.stop();
  });
  return ctx;
}
