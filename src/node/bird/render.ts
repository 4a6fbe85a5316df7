/**
 * renderBirdConfig: one BIRD 2 configuration file (`bird.cfg`) for one daemon carrying both
 * families, from plain data (node-bgp.md §2, in the BIRD 2 form of §3). IPv4 keeps Calico's
 * function names (calico_aggr, calico_export_to_bgp_peers, calico_kernel_programming,
 * apply_communities); IPv6 ones end in `_v6`. A single file, so the caller checks it with
 * `bird -p -c`, renames it over the live one and runs `birdc configure`.
 */
import { peerFilterCalls, renderFilterFunctions } from './filters.js';
import { globalAS, myAddress, myAS, myListenPort, planPeers } from './peers.js';
import { applyCommunities, calicoAggr, exportToPeers, kernelFilter, kernelProtocol, sfx, staticProtocol } from './routing.js';
import type { BirdInput, PeerPlan } from './types.js';

type Debug = 'all' | 'info' | 'none';

function debugLevel(input: BirdInput): Debug {
  const l = (input.bgpConfig.logSeverityScreen ?? 'Info').toLowerCase();
  return l === 'debug' ? 'all' : l === 'info' ? 'info' : 'none';
}

const bgpDebug = (d: Debug) => (d === 'all' ? '  debug all;' : d === 'info' ? '  debug { states, routes, filters, events };' : undefined);
const protoDebug = (d: Debug) => (d === 'all' ? ' debug all;' : d === 'info' ? ' debug { states };' : '');

function quoted(s: string): string | undefined {
  return /^[^"\\\n\r]*$/.test(s) ? `"${s}"` : undefined;
}

/** `local [addr] [port P] as N;` — BIRD 2 has no global `listen bgp`. */
function localLine(input: BirdInput, family: 4 | 6, as: number): string {
  const parts = ['local'];
  if (input.bgpConfig.bindMode === 'NodeIP') parts.push(myAddress(input, family)!);
  const port = myListenPort(input);
  if (port !== undefined) parts.push(`port ${port}`);
  parts.push(`as ${as};`);
  return parts.join(' ');
}

function template(input: BirdInput, family: 4 | 6, debug: Debug): string {
  const t = input.timers ?? {};
  const lines = [`template bgp bgp_template${sfx(family)} {`];
  const d = bgpDebug(debug);
  if (d) lines.push(d);
  lines.push('  description "Connection to BGP peer";', `  ${localLine(input, family, myAS(input))}`);
  if (input.bgpConfig.bindMode === 'NodeIP') lines.push('  strict bind;');
  lines.push('  graceful restart;');
  lines.push(`  connect delay time ${t.connectDelay ?? 2}; connect retry time ${t.connectRetry ?? 5}; error wait time 5,30;`);
  if (t.hold !== undefined) lines.push(`  hold time ${t.hold}; startup hold time ${t.hold};`);
  if (t.keepalive !== undefined) lines.push(`  keepalive time ${t.keepalive};`);
  lines.push('}');
  return lines.join('\n');
}

function peerBlock(input: BirdInput, p: PeerPlan, me: string): string {
  const f = p.family;
  const internal = p.asNumber === p.localAS;
  const l = [`protocol bgp ${p.name} from bgp_template${sfx(f)} {`];
  l.push(`  neighbor ${p.address}${p.port !== undefined && p.port !== 179 ? ` port ${p.port}` : ''} as ${p.asNumber};`);
  if (p.localAS !== myAS(input)) l.push(`  ${localLine(input, f, p.localAS)}`);
  if (p.sourceAddress) l.push(`  source address ${me};`);
  l.push(p.ttlSecurity ? `  ttl security on; multihop ${p.ttlSecurity};` : '  ttl security off; multihop;');
  if (p.password !== undefined) {
    const q = quoted(p.password);
    l.push(q ? `  password ${q};` : '  # password omitted: it contains a quote, backslash or newline, which BIRD cannot read');
  }
  if (p.restartTime !== undefined) l.push(`  graceful restart time ${p.restartTime};`);
  if (p.keepaliveTime !== undefined) l.push(`  keepalive time ${p.keepaliveTime};`);
  if (p.allowLocalAS !== undefined) l.push(`  allow local as ${p.allowLocalAS};`);
  if (p.rrClusterID) l.push(`  rr client; rr cluster id ${p.rrClusterID};`);
  const imports = peerFilterCalls(input.filters, p.filters, 'import', f, internal);
  const exports = peerFilterCalls(input.filters, p.filters, 'export', f, internal);
  l.push(`  ipv${f} {`, '    gateway recursive; add paths on;');
  if (p.nextHop) l.push(`    next hop ${p.nextHop};`);
  l.push('    import filter {');
  for (const c of imports) l.push(`      ${c}`);
  l.push('      if (defined(bgp_local_pref) && (bgp_local_pref > 2147482623)) then preference = 200;', '      accept;', '    };');
  l.push(
    '    export filter {',
    '      if (defined(source) && source = RTS_BGP && defined(bgp_local_pref)) then { krt_metric = 2147483647 - bgp_local_pref; }',
    '      else { if (!defined(krt_metric)) then { krt_metric = 1024; } bgp_local_pref = 2147483647 - krt_metric; }',
  );
  for (const c of exports) l.push(`      ${c}`);
  l.push(`      calico_export_to_bgp_peers${sfx(f)}(${internal});`, '      reject;', '    };', '  };');
  if (p.passive) l.push(`  passive on;   # "${p.address}" > "${me}": the peer connects`);
  l.push('}');
  return l.join('\n');
}

function familySection(input: BirdInput, family: 4 | 6, debug: Debug): string {
  const me = myAddress(input, family);
  if (!me) return `# IPv${family} disabled on this node.`;
  const peers = planPeers(input, family);
  return [
    applyCommunities(input, family),
    calicoAggr(input, family),
    exportToPeers(input, family),
    kernelFilter(input, family),
    staticProtocol(input, family, peers),
    kernelProtocol(family),
    template(input, family, debug),
    `# -------------- BGP Filters (IPv${family}) ------------------`,
    renderFilterFunctions(input.filters, family),
    `# -------------- BGP peers (IPv${family}) ------------------`,
    ...(peers.length > 0 ? peers.map((p) => peerBlock(input, p, me)) : [`# No IPv${family} BGP peers for this node`]),
  ].join('\n');
}

export function renderBirdConfig(input: BirdInput): { files: Record<string, string> } {
  const debug = debugLevel(input);
  const families = ([4, 6] as const).filter((f) => myAddress(input, f) !== undefined);
  const ignored = (input.bgpConfig.ignoredInterfaces ?? []).map((i) => `-"${i.replace(/["\\]/g, '')}", `).join('');
  const head = [
    `# BIRD 2 configuration for Calico node ${input.nodeName}. Generated by calicoctl-ts; do not edit.`,
    `# Global AS ${globalAS(input)}; this node's AS ${myAS(input)}.`,
  ];
  if (input.logFile) head.push(`log ${quoted(input.logFile) ?? '"/dev/null"'} all;`);
  head.push('timeformat protocol iso short;', `router id ${input.routerId};`);
  const common = [`protocol device device1 {${protoDebug(debug)} scan time 2; }`];
  if (families.length > 0) {
    common.push(
      `protocol direct direct1 {${protoDebug(debug)} ${families.map((f) => `ipv${f};`).join(' ')} interface ${ignored}-"cali*", -"kube-ipvs*", "*"; }`,
    );
  }
  const text = [
    ...head,
    ...common,
    `# ================= IPv4 =================`,
    familySection(input, 4, debug),
    `# ================= IPv6 =================`,
    familySection(input, 6, debug),
    '',
  ].join('\n');
  return { files: { 'bird.cfg': text } };
}
