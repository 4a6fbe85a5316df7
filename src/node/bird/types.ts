/**
 * Plain data the BIRD renderer works from: what confd's BGP syncer would hold for one node
 * (node-bgp.md §2.1). Resources are given as stored (projectcalico.org/v3 objects).
 */
import type { Resource } from '../../resources/types.js';

export interface BirdNode {
  name: string;
  /** Bare IP or IP/prefix (Node spec.bgp.ipv4Address). */
  ipv4?: string;
  ipv6?: string;
  asNumber?: number | string;
  labels?: Record<string, string>;
  routeReflectorClusterID?: string;
  /** listenPort of this node's `node.<name>` BGPConfiguration, when set. */
  listenPort?: number;
}

export interface BgpConfigInput {
  nodeToNodeMeshEnabled?: boolean;
  asNumber?: number | string;
  listenPort?: number;
  /** Debug, Info (default), Warning, Error, Fatal, None. */
  logSeverityScreen?: string;
  communities?: { name: string; value: string }[];
  prefixAdvertisements?: { cidr: string; communities?: string[] }[];
  ignoredInterfaces?: string[];
  /** `None` (default) or `NodeIP`. */
  bindMode?: string;
  nodeMeshPassword?: { secretKeyRef?: { name: string; key: string } };
  nodeMeshMaxRestartTime?: string;
}

export interface PoolInput {
  cidr: string;
  ipipMode?: string;
  vxlanMode?: string;
  disableBGPExport?: boolean;
  disabled?: boolean;
  nodeSelector?: string;
}

export interface BirdTimers {
  /** Seconds before the first outgoing connection attempt (Calico: 2). */
  connectDelay?: number;
  /** Seconds between connection attempts (Calico: 5). */
  connectRetry?: number;
  /** Hold time in seconds (BIRD: 240; minimum 3). */
  hold?: number;
  /** Keepalive in seconds (BIRD: hold/3). */
  keepalive?: number;
}

export interface BirdInput {
  nodeName: string;
  /** BIRD router id: an IPv4 address (CALICO_ROUTER_ID or the node's IPv4). */
  routerId: string;
  /** This node's addresses (bare or with prefix). A family without an address is not rendered. */
  ipv4?: string;
  ipv6?: string;
  /** This node's AS: the Node's spec.bgp.asNumber, else the global default (64512). */
  asNumber: number | string;
  /** The `default` BGPConfiguration spec, with `node.<nodeName>` values laid over it. */
  bgpConfig: BgpConfigInput;
  /** Every Calico node (this one included). */
  nodes: BirdNode[];
  peers: Resource[];
  filters: Resource[];
  pools: PoolInput[];
  /** CIDRs of this node's IPAM blocks (affinity keys); a state other than confirmed may be given. */
  affineBlocks: (string | { cidr: string; state?: string })[];
  /** Resolved BGP passwords, keyed `<secretName>/<key>`. */
  secrets: Record<string, string>;
  timers?: BirdTimers;
  /** Optional `log "<file>" all;` line (the agent's run dir). */
  logFile?: string;
}

export type PeerType = 'node-to-node mesh' | 'global' | 'node specific';

export interface ExpectedPeer {
  /** BIRD protocol name, e.g. `Mesh_10_0_0_2`, `Global_10_0_0_9_port_1790`, `Node_fd00__2`. */
  name: string;
  address: string;
  type: PeerType;
  family: 4 | 6;
}

/** One rendered BGP session (internal to the renderer). */
export interface PeerPlan extends ExpectedPeer {
  port?: number;
  asNumber: number;
  /** Effective local AS for the session (localASNumber, else the node's). */
  localAS: number;
  sourceAddress: boolean;
  passive: boolean;
  password?: string;
  ttlSecurity?: number;
  restartTime?: number;
  keepaliveTime?: number;
  nextHop?: 'self' | 'keep';
  allowLocalAS?: number;
  rrClusterID?: string;
  filters: string[];
  reachableBy?: string;
}
