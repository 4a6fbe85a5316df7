// Checks that need the datastore (IPPool overlap and immutability, policy tier, BGPPeer
// filters), through the built CLI against a real etcd: the write is refused, nothing stored.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdInstance } from '../helpers/etcd.js';
import { etcdEnv, runCli } from '../helpers/cli.js';

let etcd: EtcdInstance;
let env: Record<string, string>;
const cliIn = (stdin: string, ...args: string[]) => runCli(args, { env, stdin });
const key = (plural: string, name: string) => `/calico/resources/v3/projectcalico.org/${plural}/${name}`;
const stored = (k: string) => etcd.etcdctl(['get', k, '--print-value-only']).trim();
const pool = (name: string, cidr: string, extra = '') =>
  `apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: ${name}}\nspec: {cidr: ${cidr}${extra}}\n`;

beforeAll(async () => {
  etcd = await startEtcd();
  env = etcdEnv(etcd.endpoint);
});
afterAll(async () => etcd?.stop());
beforeEach(() => etcd.wipe());

describe('IPPool', () => {
  it('refuses a pool overlapping an existing one (create and apply) and writes nothing', async () => {
    expect((await cliIn(pool('a', '10.1.0.0/16'), 'create', '-f', '-')).code).toBe(0);
    for (const verb of ['create', 'apply']) {
      const r = await cliIn(pool('b', '10.1.128.0/17'), verb, '-f', '-');
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `failed to ${verb} 'IPPool' resource: [stdin, document 1: error with field IPPool.Spec.CIDR (IPPool(b) CIDR overlaps with IPPool(a) CIDR 10.1.0.0/16)]\n`,
      );
      expect(stored(key('ippools', 'b'))).toBe('');
    }
  });

  it('in one file, the second of two overlapping pools is refused and the first written', async () => {
    const r = await cliIn(`${pool('p5', '10.5.0.0/16')}---\n${pool('p5b', '10.5.0.0/24')}---\n${pool('p6', '10.6.0.0/16')}`, 'apply', '-f', '-');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('stdin, document 2: error with field IPPool.Spec.CIDR (IPPool(p5b) CIDR overlaps with IPPool(p5) CIDR 10.5.0.0/16)');
    expect(stored(key('ippools', 'p5'))).not.toBe('');
    expect(stored(key('ippools', 'p5b'))).toBe('');
    expect(stored(key('ippools', 'p6'))).not.toBe('');
  });

  it('re-applying a pool does not overlap with itself; its CIDR and block size cannot change', async () => {
    expect((await cliIn(pool('a', '10.1.0.0/16'), 'apply', '-f', '-')).code).toBe(0);
    expect((await cliIn(pool('a', '10.1.0.0/16', ', natOutgoing: true'), 'apply', '-f', '-')).code).toBe(0);
    const cidr = await cliIn(pool('a', '10.2.0.0/16'), 'replace', '-f', '-');
    expect(cidr.stderr).toContain("error with field IPPool.Spec.CIDR = '10.2.0.0/16' (IPPool CIDR cannot be modified)");
    const bs = await cliIn(pool('a', '10.1.0.0/16', ', blockSize: 24'), 'apply', '-f', '-');
    expect(bs.stderr).toContain("error with field IPPool.Spec.BlockSize = '24' (IPPool BlockSize cannot be modified)");
    expect(JSON.parse(stored(key('ippools', 'a'))).spec).toMatchObject({ cidr: '10.1.0.0/16', blockSize: 26, natOutgoing: true });
  });
});

describe('policy tier and BGPPeer filters', () => {
  it('a policy in a tier that does not exist is refused', async () => {
    const gnp = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: t1.p}\nspec: {tier: t1, selector: all()}\n';
    const r = await cliIn(gnp, 'create', '-f', '-');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("failed to create 'GlobalNetworkPolicy' resource: [resource does not exist: Tier(t1) with error: <nil>]\n");
    expect(stored(key('globalnetworkpolicies', 't1.p'))).toBe('');
    const tier = 'apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: t1}\nspec: {order: 100}\n---\n';
    expect((await cliIn(tier + gnp, 'apply', '-f', '-')).code).toBe(0);
  });

  it('a BGPPeer naming a missing BGPFilter is refused', async () => {
    const peer = 'apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata: {name: p1}\nspec: {peerIP: 10.0.0.1, asNumber: 64512, filters: [f1, f2]}\n';
    const r = await cliIn(peer, 'apply', '-f', '-');
    expect(r.stderr).toContain("error with field BGPPeer.Spec.Filters = '[f1 f2]' (BGPFilter(s) not found)");
    expect(stored(key('bgppeers', 'p1'))).toBe('');
    const filters = 'apiVersion: projectcalico.org/v3\nkind: BGPFilter\nmetadata: {name: f1}\n---\napiVersion: projectcalico.org/v3\nkind: BGPFilter\nmetadata: {name: f2}\n---\n';
    expect((await cliIn(filters + peer, 'apply', '-f', '-')).code).toBe(0);
  });
});
