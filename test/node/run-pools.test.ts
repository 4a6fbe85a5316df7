// Default IP pool planning from the CALICO_IPV{4,6}POOL_* variables.
import { describe, expect, it } from 'vitest';
import { defaultV4Cidr, planPools } from '../../src/node/run/pools.js';

const input = (env: Record<string, string> = {}, over: Partial<Parameters<typeof planPools>[0]> = {}) => ({
  env, noDefaultPools: false, hostAddrs: [], haveV4: false, haveV6: false, ipv6Supported: true, ...over,
});

describe('default pools', () => {
  it('creates 192.168.0.0/16 and a random ULA /48 with Calico defaults', () => {
    const [v4, v6] = planPools(input());
    expect(v4).toEqual({ name: 'default-ipv4-ippool', spec: { cidr: '192.168.0.0/16', blockSize: 26, ipipMode: 'Never', vxlanMode: 'Never', natOutgoing: true, nodeSelector: 'all()' } });
    expect(v6?.name).toBe('default-ipv6-ippool');
    expect(v6?.spec).toMatchObject({ blockSize: 122, natOutgoing: false, ipipMode: 'Never' });
    expect(v6?.spec.cidr).toMatch(/^fd[0-9a-f]{2}:[0-9a-f]{4}:[0-9a-f]{4}::\/48$/);
  });
  it('honours the variables', () => {
    const env = {
      CALICO_IPV4POOL_CIDR: '10.244.0.0/16', CALICO_IPV4POOL_BLOCK_SIZE: '24', CALICO_IPV4POOL_IPIP: 'CrossSubnet',
      CALICO_IPV4POOL_VXLAN: 'never', CALICO_IPV4POOL_NAT_OUTGOING: 'no', CALICO_IPV4POOL_NODE_SELECTOR: 'zone == "a"',
      CALICO_IPV6POOL_CIDR: 'none',
    };
    expect(planPools(input(env))).toEqual([
      { name: 'default-ipv4-ippool', spec: { cidr: '10.244.0.0/16', blockSize: 24, ipipMode: 'CrossSubnet', vxlanMode: 'Never', natOutgoing: false, nodeSelector: 'zone == "a"' } },
    ]);
  });
  it('skips a family that already has a pool, and everything with NO_DEFAULT_POOLS', () => {
    expect(planPools(input({}, { haveV4: true, haveV6: true }))).toEqual([]);
    expect(planPools(input({}, { noDefaultPools: true }))).toEqual([]);
    expect(() => planPools(input({ CALICO_IPV4POOL_CIDR: '10.0.0.0/8' }, { noDefaultPools: true }))).toThrow(/NO_DEFAULT_POOLS/);
  });
  it('rejects bad values', () => {
    expect(() => planPools(input({ CALICO_IPV4POOL_BLOCK_SIZE: '19' }))).toThrow(/between 20 and 32/);
    expect(() => planPools(input({ CALICO_IPV4POOL_IPIP: 'sometimes' }))).toThrow(/CALICO_IPV4POOL_IPIP/);
    expect(() => planPools(input({ CALICO_IPV4POOL_CIDR: 'fd00::/48' }))).toThrow(/CALICO_IPV4POOL_CIDR/);
  });
  it('moves off 192.168.0.0/16 when a host address is inside it', () => {
    expect(defaultV4Cidr(['192.168.1.10/24'])).toBe('172.16.0.0/16');
    expect(defaultV4Cidr(['192.168.1.10/24', '172.16.0.1/16'])).toBe('172.17.0.0/16');
  });
});
