// IP autodetection on recorded `ip -j addr` output.
import { describe, expect, it } from 'vitest';
import { autodetect, withPrefix } from '../../src/node/run/autodetect.js';
import { parseIpAddrJson } from '../../src/node/run/interfaces.js';

const a4 = (local: string, prefixlen: number, scope = 'global') => ({ family: 'inet', local, prefixlen, scope });
const a6 = (local: string, prefixlen: number, scope = 'global') => ({ family: 'inet6', local, prefixlen, scope });
// Shaped like `ip -j addr` on a host with Docker and a Calico workload.
const RECORDED = JSON.stringify([
  { ifindex: 1, ifname: 'lo', addr_info: [a4('127.0.0.1', 8, 'host'), a6('::1', 128, 'host')] },
  { ifindex: 2, ifname: 'eth0', addr_info: [a4('10.0.0.5', 24), a6('fd00:10::5', 64), a6('fe80::1', 64, 'link')] },
  { ifindex: 3, ifname: 'eth1', addr_info: [a4('172.20.1.7', 16), a4('169.254.3.3', 16, 'link')] },
  { ifindex: 4, ifname: 'docker0', addr_info: [a4('172.17.0.1', 16)] },
  { ifindex: 5, ifname: 'cali1234', addr_info: [a6('fe80::ecee:eeff:feee:eeee', 64, 'link')] },
  { ifindex: 6, ifname: 'eth2', flags: ['NO-CARRIER'], addr_info: [] },
]);
const interfaces = parseIpAddrJson(RECORDED);

describe('IP autodetection', () => {
  it('first-found: highest ifindex first, skipping docker/loopback/cali and link-local', () => {
    expect(autodetect('first-found', 4, { interfaces })).toBe('172.20.1.7/16');
    expect(autodetect('first-found', 6, { interfaces })).toBe('fd00:10::5/64');
  });
  it('interface=: only matching names, default excludes not applied', () => {
    expect(autodetect('interface=eth0', 4, { interfaces })).toBe('10.0.0.5/24');
    expect(autodetect('interface=dock.*, eth9', 4, { interfaces })).toBe('172.17.0.1/16');
    expect(autodetect('interface=nomatch', 4, { interfaces })).toBeUndefined();
  });
  it('skip-interface=: default excludes plus the given ones', () => {
    expect(autodetect('skip-interface=eth1', 4, { interfaces })).toBe('10.0.0.5/24');
    expect(autodetect('skip-interface=eth.*', 4, { interfaces })).toBeUndefined();
  });
  it('cidr=: first global address inside one of the CIDRs, no interface excludes', () => {
    expect(autodetect('cidr=10.0.0.0/8', 4, { interfaces })).toBe('10.0.0.5/24');
    // docker0 is not excluded here, and it has the highest ifindex.
    expect(autodetect('cidr=192.168.0.0/16,172.16.0.0/12', 4, { interfaces })).toBe('172.17.0.1/16');
    expect(autodetect('cidr=192.168.0.0/16,172.20.0.0/16', 4, { interfaces })).toBe('172.20.1.7/16');
    expect(autodetect('cidr=fd00::/8', 6, { interfaces })).toBe('fd00:10::5/64');
  });
  it('can-reach=: the route source address with its interface prefix', () => {
    const routeSource = (d: string) => (d === '10.0.0.254' ? '10.0.0.5' : undefined);
    expect(autodetect('can-reach=10.0.0.254', 4, { interfaces, routeSource })).toBe('10.0.0.5/24');
    expect(autodetect('can-reach=192.0.2.1', 4, { interfaces, routeSource })).toBeUndefined();
  });
  it('explicit addresses take the prefix of the interface carrying them', () => {
    expect(withPrefix('10.0.0.5', interfaces)).toBe('10.0.0.5/24');
    expect(withPrefix('192.0.2.9', interfaces)).toBe('192.0.2.9/32');
    expect(withPrefix('fd00:10::5', interfaces)).toBe('fd00:10::5/64');
    expect(withPrefix('10.9.9.9/20', interfaces)).toBe('10.9.9.9/20');
  });
  it('explicit IPv6 addresses are stored in canonical text, and still find their interface prefix', () => {
    expect(withPrefix('FD00:10:0:0::5', interfaces)).toBe('fd00:10::5/64');
    expect(withPrefix('fd00:0010::0005', interfaces)).toBe('fd00:10::5/64');
    expect(withPrefix('2001:DB8:0:0:0:0:0:9', interfaces)).toBe('2001:db8::9/128');
    expect(withPrefix('FD00:10::5/56', interfaces)).toBe('fd00:10::5/56');
  });
});
