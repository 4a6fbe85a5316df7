// `birdc show route [all]` parsing, on output captured from a real BIRD 2.0.12
// (fixtures/bird/capture-routes.mjs: kernel-learned, static, direct and BGP routes, IPv4 and IPv6).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseShowRoute, type BirdRoute } from '../../../src/node/bird/show-route.js';

const DIR = join(import.meta.dirname, '../../../fixtures/bird');
const fixture = (name: string): string => readFileSync(join(DIR, name), 'utf8');
const all = parseShowRoute(fixture('show-route-all.txt'));
const plain = parseShowRoute(fixture('show-route.txt'));
const forNet = (routes: BirdRoute[], net: string) => routes.filter((r) => r.network === net);
/** The route without what only `show route all` gives and the volatile time. */
const core = ({ source: _s, attributes: _a, since: _t, ...rest }: BirdRoute) => rest;

describe('parseShowRoute (BIRD 2)', () => {
  it('reads every route of both tables, alternates included', () => {
    expect(all.map((r) => `${r.table} ${r.network} ${r.protocol}${r.primary ? ' *' : ''}`)).toEqual([
      'master4 0.0.0.0/0 kernel1 *',
      'master4 172.16.5.0/24 kernel1 *',
      'master4 172.16.6.0/24 kernel1 *',
      'master4 10.9.0.0/24 direct1 *',
      'master4 10.9.0.0/24 Mesh_10_9_0_2',
      'master4 192.168.20.0/26 Node_10_8_0_3 *',
      'master4 192.168.20.0/26 Mesh_10_9_0_2',
      'master4 172.22.0.0/24 Node_10_8_0_3 *',
      'master4 172.22.0.0/24 Mesh_10_9_0_2',
      'master4 172.30.0.0/24 static1 *',
      'master4 192.168.11.0/26 static1 *',
      'master4 192.168.10.0/26 static1 *',
      'master4 10.77.0.0/28 direct1 *',
      'master4 192.168.12.0/26 static1 *',
      'master4 172.31.0.0/24 static1 *',
      'master4 10.8.0.0/24 direct1 *',
      'master4 10.8.0.0/24 Node_10_8_0_3',
      'master6 fd10:bb::/64 static6 *',
      'master6 fd10:aa::/122 static6 *',
      'master6 fd20:cc::/122 Global_fd08__3 *',
      'master6 fd20:cc::/122 Mesh_fd09__2',
      'master6 fd08::/64 direct1 *',
      'master6 fd08::/64 Global_fd08__3',
      'master6 fd09::/64 direct1 *',
      'master6 fd09::/64 Mesh_fd09__2',
      'master6 fd30::/64 kernel6 *',
    ]);
    expect(all.filter((r) => r.family === 6).map((r) => r.table)).toEqual(Array(9).fill('master6'));
    expect(all.filter((r) => r.family === 4)).toHaveLength(17);
  });

  it('takes the next hop from the line under the header, and the source and attributes from `all`', () => {
    const [best, alt] = forNet(all, '192.168.20.0/26');
    expect(best).toEqual({
      table: 'master4', network: '192.168.20.0/26', family: 4, kind: 'unicast', protocol: 'Node_10_8_0_3', since: expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3}$/),
      primary: true, nextHops: [{ gateway: '10.8.0.3', iface: 'eth1' }], source: 'BGP',
      attributes: { Type: 'BGP univ', 'BGP.origin': 'IGP', 'BGP.as_path': '', 'BGP.next_hop': '10.8.0.3', 'BGP.local_pref': '100' },
    });
    expect(alt).toMatchObject({ protocol: 'Mesh_10_9_0_2', primary: false, nextHops: [{ gateway: '10.9.0.2', iface: 'eth0' }] });
    expect(forNet(all, '10.77.0.0/28')).toMatchObject([{ kind: 'unicast', source: 'device', nextHops: [{ iface: 'dum0' }] }]);
    expect(forNet(all, '10.77.0.0/28')[0]!.nextHops[0]!.gateway).toBeUndefined();
    expect(forNet(all, '0.0.0.0/0')).toMatchObject([{ source: 'inherit', nextHops: [{ gateway: '10.9.0.254', iface: 'eth0' }], attributes: { 'Kernel.source': '4' } }]);
  });

  it('reads `from <ip>` in the bracket when the gateway is not the neighbour', () => {
    expect(forNet(all, '172.22.0.0/24').map((r) => [r.from, r.nextHops[0]!.gateway])).toEqual([['10.8.0.3', '10.8.0.9'], ['10.9.0.2', '10.9.0.9']]);
    expect(forNet(all, '192.168.20.0/26')[0]!.from).toBeUndefined();
  });

  it('keeps every next hop of a multipath route, with its weight', () => {
    const hops = [{ gateway: '10.8.0.3', iface: 'eth1', weight: 1 }, { gateway: '10.9.0.2', iface: 'eth0', weight: 1 }];
    expect(forNet(all, '172.30.0.0/24')[0]!.nextHops).toEqual(hops); // static
    expect(forNet(all, '172.16.5.0/24')[0]!.nextHops).toEqual(hops); // learned from the kernel
    expect(forNet(all, 'fd10:bb::/64')[0]!.nextHops).toEqual([{ gateway: 'fd08::3', iface: 'eth1', weight: 1 }, { gateway: 'fd09::2', iface: 'eth0', weight: 1 }]);
  });

  it('reads blackhole, unreachable and prohibited routes, which have no next hop', () => {
    const kinds = all.filter((r) => r.kind !== 'unicast').map((r) => `${r.network} ${r.kind} ${r.nextHops.length}`);
    expect(kinds).toEqual(['172.16.6.0/24 blackhole 0', '192.168.11.0/26 unreachable 0', '192.168.10.0/26 blackhole 0', '192.168.12.0/26 prohibit 0', 'fd10:aa::/122 blackhole 0']);
  });

  it('reads plain `show route` the same way, without source and attributes', () => {
    expect(plain.map(core)).toEqual(all.map(core));
    expect(plain.every((r) => r.source === undefined && Object.keys(r.attributes).length === 0)).toBe(true);
    // `show route table master6 all` alone.
    expect(parseShowRoute(fixture('show-route-all-master6.txt'))).toEqual(all.filter((r) => r.table === 'master6'));
  });

  it('gives nothing for output that holds no routes', () => {
    expect(parseShowRoute('BIRD 2.0.12 ready.\n')).toEqual([]);
    expect(parseShowRoute('BIRD 2.0.12 ready.\nNetwork not found\n')).toEqual([]);
    expect(parseShowRoute('')).toEqual([]);
  });
});

describe('parseShowRoute (BIRD 1.x one-line layout)', () => {
  // Hand-written in BIRD 1.6's layout (no BIRD 1 daemon on this machine): next hop on the header line.
  const bird1 = [
    'BIRD v0.3.3+birdv1.6.8 ready.',
    '0.0.0.0/0          via 172.18.0.1 on eth0 [kernel1 09:23:19] * (10)',
    '192.168.82.0/26    via 10.128.0.200 on eth0 [Mesh_10_128_0_200 09:23:21] * (100/0) [i]',
    '10.128.0.0/16      dev eth0 [direct1 09:23:19] * (240)',
    '192.168.36.0/26    blackhole [static1 09:23:19] * (200)',
    '172.30.0.0/24      multipath [static1 09:23:19] * (200)',
    '\tvia 10.128.0.200 on eth0 weight 1',
    '\tvia 10.128.0.242 on eth0 weight 1',
    '',
  ].join('\n');

  it('reads next hops from the header line, and multipath lines under it', () => {
    expect(parseShowRoute(bird1).map((r) => ({ net: r.network, kind: r.kind, proto: r.protocol, hops: r.nextHops }))).toEqual([
      { net: '0.0.0.0/0', kind: 'unicast', proto: 'kernel1', hops: [{ gateway: '172.18.0.1', iface: 'eth0' }] },
      { net: '192.168.82.0/26', kind: 'unicast', proto: 'Mesh_10_128_0_200', hops: [{ gateway: '10.128.0.200', iface: 'eth0' }] },
      { net: '10.128.0.0/16', kind: 'unicast', proto: 'direct1', hops: [{ iface: 'eth0' }] },
      { net: '192.168.36.0/26', kind: 'blackhole', proto: 'static1', hops: [] },
      { net: '172.30.0.0/24', kind: 'unicast', proto: 'static1', hops: [{ gateway: '10.128.0.200', iface: 'eth0', weight: 1 }, { gateway: '10.128.0.242', iface: 'eth0', weight: 1 }] },
    ]);
    expect(parseShowRoute(bird1).every((r) => r.table === '' && r.primary)).toBe(true);
  });
});
