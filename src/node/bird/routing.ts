/**
 * The route-selection parts of the config for one family (node-bgp.md §2.4, §2.5, §3.3):
 * communities, the node's block aggregation, what goes to BGP peers, what goes to the kernel,
 * and the static blackhole routes for the node's affine blocks.
 */
import { cidrFamily } from './addr.js';
import type { BirdInput, PeerPlan, PoolInput } from './types.js';

/** BIRD function/filter name suffix per family (IPv4 keeps Calico's names). */
export const sfx = (family: 4 | 6) => (family === 4 ? '' : '_v6');

const encap = (mode: string | undefined) => mode !== undefined && mode !== '' && mode !== 'Never';

function poolsOf(input: BirdInput, family: 4 | 6): PoolInput[] {
  return input.pools.filter((p) => cidrFamily(p.cidr) === family);
}

function blocksOf(input: BirdInput, family: 4 | 6): { cidr: string; state?: string }[] {
  return input.affineBlocks
    .map((b) => (typeof b === 'string' ? { cidr: b } : b))
    .filter((b) => cidrFamily(b.cidr) === family)
    .sort((a, b) => (a.cidr < b.cidr ? -1 : a.cidr > b.cidr ? 1 : 0));
}

function communityAdd(value: string): string | undefined {
  const parts = value.split(':');
  if (!parts.every((p) => /^\d+$/.test(p))) return undefined;
  if (parts.length === 2) return `bgp_community.add((${parts.join(',')}));`;
  if (parts.length === 3) return `bgp_large_community.add((${parts.join(',')}));`;
  return undefined;
}

export function applyCommunities(input: BirdInput, family: 4 | 6): string {
  const named = new Map((input.bgpConfig.communities ?? []).map((c) => [c.name, c.value]));
  const body: string[] = [];
  for (const adv of input.bgpConfig.prefixAdvertisements ?? []) {
    if (cidrFamily(adv.cidr) !== family) continue;
    const adds = (adv.communities ?? []).map((c) => communityAdd(named.get(c) ?? c)).filter((s): s is string => s !== undefined);
    if (adds.length > 0) body.push(`  if (net ~ ${adv.cidr}) then { ${adds.join(' ')} }`);
  }
  return [`function apply_communities${sfx(family)}() {`, ...body, '}'].join('\n');
}

export function calicoAggr(input: BirdInput, family: 4 | 6): string {
  const body: string[] = [];
  for (const b of blocksOf(input, family)) {
    if (b.state === undefined || b.state === '' || b.state === 'confirmed') {
      body.push(`  if (net = ${b.cidr}) then { accept; }`);
      body.push(`  if (net ~ ${b.cidr} && krt_metric < 1024) then { accept; }`);
      body.push(`  if (net ~ ${b.cidr}) then { reject; }`);
    } else {
      body.push(`  # block ${b.cidr} is ${b.state}: not aggregated`);
    }
  }
  return [`function calico_aggr${sfx(family)}() {`, ...body, '}'].join('\n');
}

export function exportToPeers(input: BirdInput, family: 4 | 6): string {
  const pools = poolsOf(input, family);
  const s = sfx(family);
  const tunnels = ['ifname ~ "*.cali"', 'ifname ~ "*.calico"'];
  if (family === 4 && pools.some((p) => encap(p.ipipMode))) tunnels.push('ifname = "tunl0"');
  const lines = [`function calico_export_to_bgp_peers${s}(bool internal_peer) {`];
  for (const p of pools) if (p.disableBGPExport) lines.push(`  if (net ~ ${p.cidr}) then { reject; }   # disableBGPExport`);
  lines.push(`  if (internal_peer && defined(ifname) && (${tunnels.join(' || ')})) then { reject; }`);
  lines.push('  if (defined(ifname) && ifname ~ "bpf*.cali") then { reject; }');
  lines.push(`  apply_communities${s}();`);
  lines.push(`  calico_aggr${s}();`);
  for (const p of pools) if (!p.disableBGPExport) lines.push(`  if (net ~ ${p.cidr}) then { accept; }`);
  lines.push('}');
  return lines.join('\n');
}

export function kernelFilter(input: BirdInput, family: 4 | 6): string {
  const lines = [
    `filter calico_kernel_programming${sfx(family)} {`,
    '  if (source = RTS_DEVICE) then { reject; }',
    '  if (source = RTS_BGP) then {',
    '    if (defined(bgp_local_pref)) then { krt_metric = 2147483647 - bgp_local_pref; } else { krt_metric = 1024; }',
    '  }',
  ];
  for (const p of poolsOf(input, family)) {
    if (encap(p.vxlanMode)) lines.push(`  if (net ~ ${p.cidr}) then { reject; }   # VXLAN: routes programmed by the agent`);
    else if (encap(p.ipipMode)) lines.push(`  if (net ~ ${p.cidr}) then { reject; }   # IPIP: routes programmed by the agent`);
    else lines.push(`  if (net ~ ${p.cidr}) then { accept; }`);
  }
  lines.push('  accept;', '}');
  return lines.join('\n');
}

/** `protocol static` with a blackhole per affine block (not /32 or /128) and reachableBy routes. */
export function staticProtocol(input: BirdInput, family: 4 | 6, peers: readonly PeerPlan[]): string {
  const host = family === 4 ? 32 : 128;
  const routes = blocksOf(input, family)
    .filter((b) => Number(b.cidr.split('/')[1]) !== host)
    .map((b) => `  route ${b.cidr} blackhole;`);
  for (const p of peers) if (p.reachableBy) routes.push(`  route ${p.address}/${host} via ${p.reachableBy};`);
  if (routes.length === 0) return `# No static routes for IPv${family}`;
  return [`protocol static static${family === 4 ? 1 : 6} {`, `  ipv${family};`, ...routes, '}'].join('\n');
}

export function kernelProtocol(family: 4 | 6): string {
  return [
    `protocol kernel kernel${family === 4 ? 1 : 6} {`,
    `  ipv${family} { import all; export filter calico_kernel_programming${sfx(family)}; };`,
    '  learn; persist; scan time 2; graceful restart; merge paths on;',
    '  metric 0;   # let krt_metric set the kernel metric',
    '}',
  ].join('\n');
}
