/**
 * calico-node's one-shot startup (node-bgp §1.4), on an open datastore: the Node resource with
 * spec.bgp, ClusterInformation and the other defaults, and the default IP pools.
 *
 * On the Kubernetes datastore the Calico Node is the core Node (its BGP fields become
 * `projectcalico.org/*` annotations, see datastore/kube/node.ts): it must already exist (the
 * kubelet registers it; Calico cannot create one), ClusterInformation's clusterType gains `kdd`
 * (and `kubeadm` with kubeadm's pod subnet as the default pool CIDR, see ./kubeadm.ts), and no
 * per-node FelixConfiguration is written.
 */
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Datastore } from '../../datastore/types.js';
import { AlreadyExistsError, CommandError, ConflictError, NotFoundError } from '../../errors.js';
import { ensureInitialized, newClusterInformation } from '../../resources/initialize.js';
import { nowTimestamp, prepare } from '../../resources/manager.js';
import { lookupKind } from '../../resources/registry.js';
import { API_VERSION, type Resource } from '../../resources/types.js';
import { CLIENT_VERSION } from '../../version.js';
import { canonicalIP } from '../bird/addr.js';
import { autodetect, withPrefix, type AutodetectDeps } from './autodetect.js';
import { planPools } from './pools.js';
import { mergeClusterType, wantedClusterTypes } from './cluster-type.js';
import { readKubeadm, type KubeadmInfo } from './kubeadm.js';

export interface StartupOptions {
  name: string;
  ip?: string;
  ip6?: string;
  as?: string;
  ipMethod: string;
  ip6Method: string;
  backend: 'bird' | 'none';
  noDefaultPools: boolean;
  env: NodeJS.ProcessEnv;
  deps: AutodetectDeps;
  /** Log lines as calico-node would print them. */
  log?: (line: string) => void;
}

export interface StartupResult {
  node: Resource;
  createdPools: string[];
}

const newMeta = (name: string) => ({ name, uid: randomUUID(), creationTimestamp: nowTimestamp() });

async function getOrUndefined(ds: Datastore, kind: string, name: string): Promise<Resource | undefined> {
  try {
    return await ds.get(lookupKind(kind), name);
  } catch (e) {
    if (e instanceof NotFoundError) return undefined;
    throw e;
  }
}

function chooseAddress(family: 4 | 6, given: string | undefined, existing: string | undefined, method: string, deps: AutodetectDeps): string | undefined {
  const auto = given === 'autodetect' || (family === 4 && (given === undefined || given === '') && !existing);
  if (auto) {
    const found = autodetect(method, family, deps);
    if (found) return found;
    if (existing) return existing;
    throw new CommandError(`failed to autodetect an IPv${family} address`);
  }
  if (given === undefined || given === '' || given === 'none') return existing;
  return withPrefix(given, deps.interfaces);
}

export async function runStartup(ds: Datastore, o: StartupOptions): Promise<StartupResult> {
  const log = o.log ?? (() => {});
  const nodeKind = lookupKind('node');
  const stored = await getOrUndefined(ds, 'node', o.name);
  if (!stored && ds.type === 'kubernetes') {
    throw new CommandError(
      `Unable to set node resource configuration: the Kubernetes Node ${o.name} does not exist (with the Kubernetes datastore the Node must be registered before calico-node starts)`,
    );
  }
  const spec: Record<string, unknown> = { ...(stored?.spec ?? {}) };
  // On Kubernetes, spec.addresses is derived from the Node (BGP IPs with their prefix, InternalIP…)
  // and never written back: leave it out of what is validated and stored.
  if (ds.type === 'kubernetes') delete spec.addresses;
  const bgp: Record<string, unknown> = { ...((spec.bgp as Record<string, unknown> | undefined) ?? {}) };

  if (o.backend !== 'none') {
    const v4 = chooseAddress(4, o.ip, bgp.ipv4Address as string | undefined, o.ipMethod, o.deps);
    const v6 = chooseAddress(6, o.ip6, bgp.ipv6Address as string | undefined, o.ip6Method, o.deps);
    if (!v4 && !v6) throw new CommandError(`couldn't autodetect an IP address for node ${o.name}`);
    if (v4) bgp.ipv4Address = v4;
    else delete bgp.ipv4Address;
    if (v6) bgp.ipv6Address = v6;
    else delete bgp.ipv6Address;
    if (v4) log(`Using IPv4 address from environment or autodetection: ${v4}`);
    if (v6) log(`Using IPv6 address from environment or autodetection: ${v6}`);
    await checkDuplicates(ds, o.name, v4, v6);
  }
  if (o.as) bgp.asNumber = Number(o.as);
  if (Object.keys(bgp).length > 0) spec.bgp = bgp;

  let node: Resource;
  if (stored) {
    node = await ds.update(nodeKind, prepare(nodeKind, { ...stored, spec }, 'update'));
  } else {
    node = await ds.create(nodeKind, prepare(nodeKind, { apiVersion: API_VERSION, kind: 'Node', metadata: newMeta(o.name), spec }, 'create'));
  }
  log(`Using node name: ${o.name}`);

  const kubeadm = await readKubeadm(ds);
  const createdPools = await configurePools(ds, o, node, kubeadm);
  await ensureDefaultConfig(ds, o.name, wantedClusterTypes(o.env, ds.type, { kubeadm: kubeadm !== undefined }));
  return { node, createdPools };
}

async function checkDuplicates(ds: Datastore, name: string, v4?: string, v6?: string): Promise<void> {
  if (/^true$/i.test(process.env.DISABLE_NODE_IP_CHECK ?? '')) return;
  const { items } = await ds.list(lookupKind('node'));
  // Compared in canonical text: `fd00::5` and `FD00:0::5` are the same address.
  const ipOf = (s: unknown): string | undefined => (typeof s === 'string' ? canonicalIP(s.split('/')[0]!) : undefined);
  for (const n of items) {
    if (n.metadata.name === name) continue;
    const b = (n.spec?.bgp ?? {}) as Record<string, unknown>;
    if (v4 && ipOf(b.ipv4Address) === ipOf(v4)) throw new CommandError(`Calico node '${n.metadata.name}' is already using the IPv4 address ${ipOf(v4)}.`);
    if (v6 && ipOf(b.ipv6Address) === ipOf(v6)) throw new CommandError(`Calico node '${n.metadata.name}' is already using the IPv6 address ${ipOf(v6)}.`);
  }
}

async function configurePools(ds: Datastore, o: StartupOptions, node: Resource, kubeadm: KubeadmInfo | undefined): Promise<string[]> {
  const poolKind = lookupKind('ippool');
  const { items } = await ds.list(poolKind);
  const fam = (p: Resource): number => (String(p.spec?.cidr ?? '').includes(':') ? 6 : 4);
  const hostAddrs = o.deps.interfaces.flatMap((i) => i.addrs.map((a) => `${a.address}/${a.prefixLen}`));
  const bgp = (node.spec?.bgp ?? {}) as Record<string, unknown>;
  if (typeof bgp.ipv4Address === 'string') hostAddrs.push(bgp.ipv4Address);
  const plans = planPools({
    env: o.env,
    noDefaultPools: o.noDefaultPools || /^true$/i.test(o.env.NO_DEFAULT_POOLS ?? ''),
    hostAddrs,
    haveV4: items.some((p) => fam(p) === 4),
    haveV6: items.some((p) => fam(p) === 6),
    ipv6Supported: !/^false$/i.test(o.env.FELIX_IPV6SUPPORT ?? '') && existsSync('/proc/sys/net/ipv6'),
    ...(kubeadm ? { kubeadm } : {}),
  });
  const created: string[] = [];
  for (const p of plans) {
    try {
      const obj = prepare(poolKind, { apiVersion: API_VERSION, kind: 'IPPool', metadata: newMeta(p.name), spec: p.spec }, 'create');
      await ds.create(poolKind, obj);
      created.push(p.name);
    } catch (e) {
      if (!(e instanceof AlreadyExistsError)) throw e;
    }
  }
  return created;
}

/**
 * Runs a read-modify-write again (with a fresh read) when another writer got there first:
 * nodes starting together all touch ClusterInformation and the default configurations.
 */
async function retryOnConflict(fn: () => Promise<void>, attempts = 10): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof ConflictError) || i >= attempts) throw e;
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
    }
  }
}

async function createIfMissing(ds: Datastore, kind: string, name: string, spec: Record<string, unknown>, fill?: (s: Record<string, unknown>) => boolean): Promise<void> {
  const def = lookupKind(kind);
  await retryOnConflict(async () => {
    const existing = await getOrUndefined(ds, kind, name);
    try {
      if (!existing) {
        await ds.create(def, prepare(def, { apiVersion: API_VERSION, kind: def.kind, metadata: newMeta(name), spec }, 'create'));
      } else if (fill) {
        const s = { ...(existing.spec ?? {}) };
        if (fill(s)) await ds.update(def, { ...existing, spec: s });
      }
    } catch (e) {
      // Created meanwhile by another node: fill it on the next attempt.
      if (!(e instanceof AlreadyExistsError)) throw e;
      if (fill) throw new ConflictError({ kind: def.kind, name });
    }
  });
}

/** ClusterInformation (calicoVersion, clusterType), FelixConfigurations, BGPConfiguration (§1.8). */
async function ensureDefaultConfig(ds: Datastore, name: string, clusterTypes: string[]): Promise<void> {
  await ensureInitialized(ds);
  const ciKind = lookupKind('clusterinformation');
  await retryOnConflict(async () => {
    const ci = await getOrUndefined(ds, 'clusterinformation', 'default');
    if (!ci) {
      const fresh = newClusterInformation(clusterTypes.join(','));
      fresh.spec = { ...fresh.spec, calicoVersion: CLIENT_VERSION };
      try {
        await ds.create(ciKind, fresh);
      } catch (e) {
        // Another node created it meanwhile: merge into theirs on the next attempt.
        if (e instanceof AlreadyExistsError) throw new ConflictError({ kind: ciKind.kind, name: 'default' });
        throw e;
      }
      return;
    }
    const spec: Record<string, unknown> = { ...(ci.spec ?? {}) };
    let changed = false;
    if (spec.calicoVersion !== CLIENT_VERSION) (spec.calicoVersion = CLIENT_VERSION), (changed = true);
    if (spec.datastoreReady === undefined) (spec.datastoreReady = true), (changed = true);
    const types = mergeClusterType(typeof spec.clusterType === 'string' ? spec.clusterType : undefined, clusterTypes);
    if (types !== undefined) (spec.clusterType = types), (changed = true);
    if (changed) await ds.update(ciKind, { ...ci, spec });
  });
  await createIfMissing(ds, 'felixconfiguration', 'default', { reportingInterval: '0s', logSeverityScreen: 'Info' }, (s) => {
    let changed = false;
    if (s.reportingInterval === undefined) (s.reportingInterval = '0s'), (changed = true);
    if (s.logSeverityScreen === undefined) (s.logSeverityScreen = 'Info'), (changed = true);
    return changed;
  });
  // etcd mode only, as calico-node does.
  if (ds.type === 'etcdv3') {
    await createIfMissing(ds, 'felixconfiguration', `node.${name}`, { defaultEndpointToHostAction: 'Return' }, (s) => {
      if (s.defaultEndpointToHostAction !== undefined) return false;
      s.defaultEndpointToHostAction = 'Return';
      return true;
    });
  }
  await createIfMissing(ds, 'bgpconfiguration', 'default', {});
}
