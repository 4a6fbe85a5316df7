/**
 * gatherBirdInput: reads what confd's BGP syncer watches (node-bgp.md §2.1) for one node and
 * returns the renderer's plain input: Nodes, BGPConfigurations (`default` and every
 * `node.<name>`), BGPPeers, BGPFilters, IPPools and this node's block affinities
 * (`/calico/ipam/v2/host/<node>/ipv{4,6}/block/<cidr>`).
 *
 * BGP passwords: Secrets exist only with the Kubernetes datastore and are not Calico resources;
 * passwords from `secretKeyRef` are rendered only when the caller passes them in `opts.secrets`
 * (keyed `<secretName>/<key>`) or fills `input.secrets` afterwards, as the node agent does from
 * Kubernetes Secrets (src/node/agent/passwords.ts).
 */
import type { Datastore } from '../../datastore/types.js';
import type { IpamKV } from '../../ipam/kv.js';
import { affinityPrefix, decodeAffinity, parseAffinityKey } from '../../ipam/model.js';
import { formatCidr } from '../../ipam/cidr.js';
import { lookupKind } from '../../resources/registry.js';
import type { Resource } from '../../resources/types.js';
import { parseASNumber } from '../../resources/validation/asn.js';
import { bareIP } from './addr.js';
import { DEFAULT_AS } from './peers.js';
import type { BgpConfigInput, BirdInput, BirdNode, BirdTimers, PoolInput } from './types.js';

export interface GatherOptions {
  /** Router id; default: the node's IPv4 (required when the node has none). */
  routerId?: string;
  secrets?: Record<string, string>;
  timers?: BirdTimers;
  logFile?: string;
}

type Obj = Record<string, unknown>;
const spec = (r: Resource | undefined): Obj => ((r?.spec ?? {}) as Obj);

async function listKind(ds: Datastore, kind: string): Promise<Resource[]> {
  return (await ds.list(lookupKind(kind))).items;
}

function toNode(r: Resource, listenPorts: Map<string, number>): BirdNode {
  const bgp = (spec(r).bgp ?? {}) as Obj;
  const s = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  return {
    name: r.metadata.name ?? '',
    ipv4: s(bgp.ipv4Address),
    ipv6: s(bgp.ipv6Address),
    asNumber: bgp.asNumber as number | string | undefined,
    labels: (r.metadata.labels ?? {}) as Record<string, string>,
    routeReflectorClusterID: s(bgp.routeReflectorClusterID),
    listenPort: listenPorts.get(r.metadata.name ?? ''),
  };
}

async function affinities(kv: IpamKV, node: string): Promise<{ cidr: string; state?: string }[]> {
  const out: { cidr: string; state?: string }[] = [];
  for (const version of [4, 6] as const) {
    for (const p of await kv.list(affinityPrefix({ type: 'host', name: node }, version))) {
      const parsed = parseAffinityKey(p.key);
      if (!parsed) continue;
      const v = decodeAffinity(p.value);
      if (v.deleted) continue;
      out.push({ cidr: formatCidr(parsed.cidr), ...(v.state && v.state !== 'confirmed' ? { state: v.state } : {}) });
    }
  }
  return out;
}

export async function gatherBirdInput(ds: Datastore, ipamKV: IpamKV, nodeName: string, opts: GatherOptions = {}): Promise<BirdInput> {
  const [nodes, configs, peers, filters, pools, blocks] = await Promise.all([
    listKind(ds, 'node'),
    listKind(ds, 'bgpconfiguration'),
    listKind(ds, 'bgppeer'),
    listKind(ds, 'bgpfilter'),
    listKind(ds, 'ippool'),
    affinities(ipamKV, nodeName),
  ]);
  const byName = new Map(configs.map((c) => [c.metadata.name, c]));
  const listenPorts = new Map<string, number>();
  for (const c of configs) {
    const port = spec(c).listenPort;
    const name = c.metadata.name ?? '';
    if (name.startsWith('node.') && typeof port === 'number') listenPorts.set(name.slice(5), port);
  }
  const global = spec(byName.get('default'));
  const mine = spec(byName.get(`node.${nodeName}`));
  // Node-level settings override the default ones (listenPort is carried per node instead).
  const bgpConfig: BgpConfigInput = { ...global };
  for (const k of ['logSeverityScreen', 'prefixAdvertisements', 'communities', 'ignoredInterfaces', 'bindMode'] as const) {
    if (mine[k] !== undefined) (bgpConfig as Obj)[k] = mine[k];
  }
  const birdNodes = nodes.map((n) => toNode(n, listenPorts));
  const me = birdNodes.find((n) => n.name === nodeName);
  if (!me) throw new Error(`resource does not exist: Node(${nodeName})`);
  const ipv4 = bareIP(me.ipv4);
  const routerId = opts.routerId ?? ipv4;
  if (!routerId) throw new Error(`node ${nodeName} has no IPv4 address: a router id must be given`);
  return {
    nodeName,
    routerId,
    ipv4: me.ipv4,
    ipv6: me.ipv6,
    asNumber: parseASNumber(me.asNumber) ?? parseASNumber(global.asNumber) ?? DEFAULT_AS,
    bgpConfig,
    nodes: birdNodes,
    peers,
    filters,
    pools: pools.map((p) => spec(p) as unknown as PoolInput),
    affineBlocks: blocks,
    secrets: opts.secrets ?? {},
    ...(opts.timers ? { timers: opts.timers } : {}),
    ...(opts.logFile ? { logFile: opts.logFile } : {}),
  };
}
