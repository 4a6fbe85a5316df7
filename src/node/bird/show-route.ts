/**
 * Parser for `birdc show route [all]` output.
 *
 * BIRD 2 prints each route on a header line followed by tab-indented lines:
 *
 *     Table master4:
 *     192.168.20.0/26      unicast [Node_10_8_0_3 21:06:47.161] * (100) [i]
 *     	via 10.8.0.3 on eth1
 *     	Type: BGP univ                       (only with `all`, like the other attribute lines)
 *                          unicast [Mesh_10_9_0_2 21:06:47.079] (100) [i]
 *     	via 10.9.0.2 on eth0
 *     172.30.0.0/24        unicast [static1 21:06:43.186] * (200)
 *     	via 10.8.0.3 on eth1 weight 1         (multipath: one line per next hop)
 *     	via 10.9.0.2 on eth0 weight 1
 *     192.168.10.0/26      blackhole [static1 21:06:43.186] * (200)
 *
 * A header without a network (leading spaces) is another route to the previous network; `*`
 * marks the primary (best) one; the bracket may end with `from <ip>` when the route came from a
 * BGP neighbour other than its gateway. BIRD 1.x's one-line layout (`10.0.0.0/26 via 10.0.0.2 on
 * eth0 [Mesh_10_0_0_2 09:17:42] * (100/0) [i]`, `… dev eth0 […]`, `… blackhole […]`,
 * `… multipath […]` followed by next-hop lines) is read too. Lines that fit none of these are skipped.
 */

export type RouteKind = 'unicast' | 'blackhole' | 'unreachable' | 'prohibit';

export interface NextHop {
  /** Absent for a device route (`dev eth0`). */
  gateway?: string;
  iface?: string;
  weight?: number;
}

export interface BirdRoute {
  /** `master4`, `master6`, … ('' before any `Table` line, as BIRD 1.x prints none). */
  table: string;
  network: string;
  family: 4 | 6;
  kind: RouteKind;
  /** The protocol that gave the route (`Mesh_10_0_0_2`, `static1`, `kernel1`, `direct1`, …). */
  protocol: string;
  since: string;
  /** The BGP neighbour, when BIRD prints it (it differs from the gateway). */
  from?: string;
  /** `*`: the route BIRD selected for this network. */
  primary: boolean;
  nextHops: NextHop[];
  /** The route source from `show route all` (`BGP`, `static`, `device`, `inherit`, …). */
  source?: string;
  /** `show route all` attribute lines, `BGP.next_hop` → `10.0.0.2`. */
  attributes: Record<string, string>;
}

const KINDS: Record<string, RouteKind> = {
  unicast: 'unicast',
  multipath: 'unicast',
  blackhole: 'blackhole',
  unreachable: 'unreachable',
  prohibited: 'prohibit',
  prohibit: 'prohibit',
};

/** `<what> [<protocol> <since…> [from <ip>]] [*] …` */
const HEADER = /^(.*?)\s*\[([^\s\]]+)((?:\s+(?!from\s)[^\s\]]+)*)(?:\s+from\s+([^\s\]]+))?\]\s*(\*)?/;
const NEXT_HOP = /^(?:via\s+(\S+)(?:\s+on\s+(\S+))?|dev\s+(\S+))(.*)$/;
const ATTRIBUTE = /^([A-Za-z][\w.]*):\s?(.*)$/;

function nextHopOf(text: string): NextHop | undefined {
  const m = NEXT_HOP.exec(text.trim());
  if (!m) return undefined;
  const hop: NextHop = {};
  if (m[1] !== undefined) hop.gateway = m[1];
  const iface = m[2] ?? m[3];
  if (iface !== undefined) hop.iface = iface;
  const w = /\bweight\s+(\d+)/.exec(m[4] ?? '');
  if (w) hop.weight = Number(w[1]);
  return hop;
}

const familyOf = (network: string): 4 | 6 => (network.includes(':') ? 6 : 4);

export function parseShowRoute(text: string): BirdRoute[] {
  const routes: BirdRoute[] = [];
  let table = '';
  let network: string | undefined;
  let current: BirdRoute | undefined;

  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const tableLine = /^Table\s+(\S+):\s*$/.exec(line);
    if (tableLine) {
      table = tableLine[1]!;
      network = undefined;
      current = undefined;
      continue;
    }
    if (line.startsWith('\t')) {
      // A next hop or an attribute of the current route.
      if (!current) continue;
      const body = line.slice(1);
      const hop = nextHopOf(body);
      if (hop) {
        current.nextHops.push(hop);
        continue;
      }
      const attr = ATTRIBUTE.exec(body.trim());
      if (attr) {
        current.attributes[attr[1]!] = attr[2]!.trim();
        if (attr[1] === 'Type') current.source = attr[2]!.trim().split(/\s+/)[0];
      }
      continue;
    }
    const head = HEADER.exec(line);
    if (!head) {
      current = undefined;
      continue;
    }
    // With a network: `<net> <what>`; without one (leading spaces): another route to the last network.
    let what = head[1]!;
    if (!/^\s/.test(line)) {
      const [net, ...rest] = what.trim().split(/\s+/);
      if (!net || !net.includes('/')) {
        current = undefined;
        continue;
      }
      network = net;
      what = rest.join(' ');
    }
    if (network === undefined) continue;
    what = what.trim();
    const word = what.split(/\s+/)[0] ?? '';
    const inline = nextHopOf(what);
    const kind = KINDS[word] ?? (inline ? 'unicast' : undefined);
    if (kind === undefined) {
      current = undefined;
      continue;
    }
    current = {
      table,
      network,
      family: familyOf(network),
      kind,
      protocol: head[2]!,
      since: head[3]!.trim(),
      primary: head[5] === '*',
      nextHops: inline ? [inline] : [],
      attributes: {},
    };
    if (head[4] !== undefined) current.from = head[4];
    routes.push(current);
  }
  return routes;
}
