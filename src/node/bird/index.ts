/**
 * BIRD 2 configuration from Calico's data, as confd renders it for calico-node
 * (node-bgp.md §2, in the BIRD 2 form tested in §3).
 *
 * ```ts
 * const input = await gatherBirdInput(ds, new EtcdIpamKV(ds), 'node1', { timers: { connectDelay: 0, connectRetry: 1, hold: 9, keepalive: 3 } });
 * const { files } = renderBirdConfig(input);    // { 'bird.cfg': '...' }
 * const peers = expectedPeers(input);           // [{ name: 'Mesh_10_0_0_2', address: '10.0.0.2', type: 'node-to-node mesh', family: 4 }]
 * ```
 *
 * - ONE file, `bird.cfg`, for ONE daemon carrying both families (no bird6): check it with
 *   `bird -p -c <staged>`, rename it over the live file, `birdc -s <ctl> configure` (which answers
 *   "Reconfigured" or "Reconfiguration in progress"). IPv4 and IPv6 sessions share the control
 *   socket; the protocol name tells the family (`Mesh_10_0_0_2` vs `Mesh_fd00__2`).
 * - Protocol names are Calico's: `Mesh_<ip>`, `Global_<ip>`, `Node_<ip>` (`.`/`:` → `_`), plus
 *   `_port_<p>` when the peer's port is not 179 (peerIP `ip:port`, or a listenPort).
 * - `timeformat protocol iso short;` is set so `show protocols` prints calicoctl-like HH:MM:SS.
 * - Kernel protocols use `metric 0` (krt_metric → metric 1024) and reject direct routes.
 * - Passwords: `secretKeyRef` values come from `input.secrets['<secret>/<key>']`; gatherBirdInput
 *   fills that only from `opts.secrets`. The node agent fills it from Kubernetes Secrets
 *   (src/node/agent/passwords.ts); on etcd there are none, as with confd.
 * - IPIP/VXLAN pool routes are left to the agent (BIRD 2 has no krt_tunnel), as Calico's default
 *   programClusterRoutes=EnabledNoEncapOnly does.
 * - Not rendered: localWorkloadSelector peers, Service/static route advertisement, WireGuard.
 */
export { renderBirdConfig } from './render.js';
export { expectedPeers, planPeers, DEFAULT_AS } from './peers.js';
export { gatherBirdInput, type GatherOptions } from './gather.js';
export { filterFunctionName } from './filters.js';
export type { BirdInput, BirdNode, BgpConfigInput, PoolInput, BirdTimers, ExpectedPeer, PeerType } from './types.js';
