/**
 * BGP passwords for the agent's renders, as calico-node's confd resolves them:
 *
 * - BGPPeer `spec.password.secretKeyRef` and BGPConfiguration `spec.nodeMeshPassword.secretKeyRef`
 *   name a Secret and a key in the namespace calico-node runs in (../../datastore/kube/secrets.ts).
 * - Only the Kubernetes datastore has Secrets. On etcd (confd without a k8s client) the sessions
 *   are rendered without a password.
 * - A missing or unreadable Secret, a missing key, or a value BIRD cannot hold in a string (a `"`, `\`, CR or LF), renders
 *   the session without a password and logs one line; the line is repeated only after the
 *   problem went away and came back.
 * - `wanted(name)` tells the Secret watch which Secrets the last render referred to.
 */
import type { Datastore } from '../../datastore/types.js';
import { KubeDatastore } from '../../datastore/kube/kube.js';
import { KubeSecrets, secretsNamespace } from '../../datastore/kube/secrets.js';
import type { BirdInput } from '../bird/index.js';

export interface SecretSource {
  readonly namespace: string;
  get(name: string): Promise<Record<string, string> | undefined>;
  watch(wanted: (name: string) => boolean, onChange: () => void): Promise<{ close(): Promise<void> }>;
}

/** Where Secrets come from: the Kubernetes datastore's API server; none on etcd. */
export function secretSourceFor(ds: Datastore, env: NodeJS.ProcessEnv = process.env): SecretSource | undefined {
  return ds instanceof KubeDatastore ? new KubeSecrets(ds.http, ds.endpoint, secretsNamespace(env)) : undefined;
}

export interface SecretRef {
  name: string;
  key: string;
  /** Who refers to it, for log lines: `BGPPeer tor`, `BGPConfiguration nodeMeshPassword`. */
  user: string;
}

function refOf(v: unknown): { name: string; key: string } | undefined {
  const r = (v as { secretKeyRef?: { name?: unknown; key?: unknown } } | undefined)?.secretKeyRef;
  return typeof r?.name === 'string' && r.name !== '' && typeof r.key === 'string' && r.key !== '' ? { name: r.name, key: r.key } : undefined;
}

/** Every Secret reference in the render input (peers by name, then the mesh password). */
export function secretRefs(input: BirdInput): SecretRef[] {
  const out: SecretRef[] = [];
  for (const p of input.peers) {
    const r = refOf((p.spec as { password?: unknown } | undefined)?.password);
    if (r) out.push({ ...r, user: `BGPPeer ${p.metadata.name ?? ''}` });
  }
  const mesh = refOf(input.bgpConfig.nodeMeshPassword);
  if (mesh && input.bgpConfig.nodeToNodeMeshEnabled !== false) out.push({ ...mesh, user: 'BGPConfiguration nodeMeshPassword' });
  return out;
}

/** BIRD 2 strings end at `"` or a newline and have no escapes. */
const UNRENDERABLE = /["\\\r\n]/;

export class PasswordResolver {
  private names = new Set<string>();
  private logged = new Set<string>();

  constructor(
    private readonly source: SecretSource | undefined,
    private readonly log: (line: string) => void,
  ) {}

  /** True for a Secret name the last resolve referred to. */
  wanted = (name: string): boolean => this.names.has(name);

  /** Fills `input.secrets` (`<name>/<key>` → password) from the Secrets the input refers to. */
  async resolve(input: BirdInput): Promise<void> {
    const refs = secretRefs(input);
    // Set before reading, so a Secret created while we read still reaches the watch.
    this.names = new Set(refs.map((r) => r.name));
    const problems = new Set<string>();
    const cache = new Map<string, Promise<Record<string, string> | undefined>>();
    const secrets: Record<string, string> = {};
    for (const r of refs) {
      const problem = await this.lookup(r, cache, secrets);
      if (problem) problems.add(`${r.user}: ${problem}; rendering the session(s) without a password`);
    }
    input.secrets = secrets;
    for (const line of problems) if (!this.logged.has(line)) this.log(line);
    this.logged = problems;
  }

  private async lookup(r: SecretRef, cache: Map<string, Promise<Record<string, string> | undefined>>, out: Record<string, string>): Promise<string | undefined> {
    if (!this.source) return `password from Secret ${r.name} (key ${r.key}) not read: Secrets exist only on the Kubernetes datastore`;
    let data = cache.get(r.name);
    if (!data) {
      data = this.source.get(r.name);
      cache.set(r.name, data);
    }
    let secret: Record<string, string> | undefined;
    try {
      secret = await data;
    } catch (e) {
      return `can't read password: Secret ${this.source.namespace}/${r.name}: ${(e as Error).message}`;
    }
    if (!secret) return `can't read password: Secret ${this.source.namespace}/${r.name} not found`;
    const value = secret[r.key];
    if (value === undefined) return `can't read password: Secret ${this.source.namespace}/${r.name} has no key ${r.key}`;
    if (UNRENDERABLE.test(value)) return `password in Secret ${this.source.namespace}/${r.name} key ${r.key} contains a quote, backslash or line break, which BIRD cannot read`;
    out[`${r.name}/${r.key}`] = value;
    return undefined;
  }

  /** Calls `onChange` when a referenced Secret changes; undefined without a Secret source. */
  async watch(onChange: () => void): Promise<{ close(): Promise<void> } | undefined> {
    return this.source ? this.source.watch(this.wanted, onChange) : undefined;
  }
}
