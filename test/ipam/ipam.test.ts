/**
 * The IPAM library against a real etcd and against the Kubernetes API-server stand-in:
 * allocation order, stored JSON (checked with etcdctl on etcd; on Kubernetes read back through
 * the CRD mapping, whose objects kubekv.test.ts checks field by field), handles, release,
 * affinities and borrowing, pool selection, reservations, limits, config.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ipamEnv, type BaseIpamEnv, type DatastoreKind } from './setup.js';
import { haveStandIn } from '../datastore/kube-helpers.js';
import { BlockLimitError, IpamError, IpamNotFoundError } from '../../src/ipam/index.js';

const KINDS: DatastoreKind[] = haveStandIn ? ['etcd', 'kube'] : ['etcd'];

describe.each(KINDS)('IPAM library on %s', (kind) => {
  let env: BaseIpamEnv;
  beforeAll(async () => {
    env = await ipamEnv(kind);
  });
  afterAll(async () => {
    await env?.stop();
  });
  beforeEach(() => env.wipe());

  const BLOCK = '/calico/ipam/v2/assignment/ipv4/block/';
  const w = (hostname: string, num4: number, handleId?: string, extra: Record<string, unknown> = {}) =>
    env.ipam.autoAssign({ num4, num6: 0, hostname, handleId, intendedUse: 'Workload', ...extra });

  describe('allocation and the stored block', () => {
    it('claims a block for the node, hands out addresses from the FIFO with the block prefix, and stores Calico JSON', async () => {
      await env.pool('p', { cidr: '10.1.0.0/26', blockSize: 26 });
      const r = await w('node-a', 3, 'h1', { attrs: { namespace: 'ns', pod: 'web' } });
      expect(r.ipv4.map((a) => a.address)).toEqual(['10.1.0.0/26', '10.1.0.1/26', '10.1.0.2/26']);
      const text = await env.value(`${BLOCK}10.1.0.0-26`);
      const nulls = Array(61).fill('null').join(',');
      const seq = /"sequenceNumber":(\d+)/.exec(text)![1]!;
      expect(BigInt(seq)).toBeGreaterThan(10n ** 18n);
      expect(text).toMatch(
        new RegExp(
          `^\\{"cidr":"10\\.1\\.0\\.0/26","affinity":"host:node-a","affinity_claim_time":"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ",` +
            `"allocations":\\[0,0,0,${nulls}\\],"unallocated":\\[${Array.from({ length: 61 }, (_, i) => i + 3).join(',')}\\],` +
            `"attributes":\\[\\{"handle_id":"h1","secondary":\\{"namespace":"ns","pod":"web"\\}\\}\\],` +
            `"sequenceNumber":\\d+,"sequenceNumberForAllocation":\\{"0":(\\d+),"1":\\1,"2":\\1\\},"deleted":false\\}$`,
        ),
      );
      // The per-allocation sequence number is the block's before the write (which incremented it).
      const forAlloc = /"0":(\d+)/.exec(text)![1]!;
      expect(BigInt(seq)).toBe(BigInt(forAlloc) + 1n);
      expect(await env.value('/calico/ipam/v2/host/node-a/ipv4/block/10.1.0.0-26')).toBe('{"state":"confirmed","deleted":false}');
      expect(await env.value('/calico/ipam/v2/handle/h1')).toBe('{"block":{"10.1.0.0/26":3},"deleted":false}');
    });

    it('releases to the tail of the FIFO, decrements the handle, and reports addresses that were not allocated', async () => {
      await env.pool('p', { cidr: '10.1.0.0/26', blockSize: 26 });
      await w('node-a', 2, 'h1');
      expect(await env.ipam.releaseIPs(['10.1.0.0', '10.1.0.9', '192.168.0.1'])).toEqual(['10.1.0.9', '192.168.0.1']);
      const b = JSON.parse(await env.value(`${BLOCK}10.1.0.0-26`));
      expect(b.unallocated.slice(-1)).toEqual([0]);
      expect(b.allocations[0]).toBeNull();
      expect(b.sequenceNumberForAllocation).not.toHaveProperty('0');
      expect(await env.value('/calico/ipam/v2/handle/h1')).toBe('{"block":{"10.1.0.0/26":1},"deleted":false}');
      // The next allocation takes the head (ordinal 2), not the freed one.
      expect((await w('node-a', 1)).ipv4[0]!.ip).toBe('10.1.0.2');
    });

    it('handles: ipsByHandle, getAssignmentAttributes, releaseByHandle deletes the handle and keeps the affine block', async () => {
      await env.pool('p', { cidr: '10.1.0.0/26', blockSize: 26 });
      await w('node-a', 2, 'k8s-pod-network.c1', { attrs: { pod: 'p1' } });
      await w('node-a', 1, 'other');
      expect(await env.ipam.ipsByHandle('k8s-pod-network.c1')).toEqual(['10.1.0.0/26', '10.1.0.1/26']);
      expect(await env.ipam.getAssignmentAttributes('10.1.0.1')).toEqual({
        handleId: 'k8s-pod-network.c1', attrs: { pod: 'p1' }, block: '10.1.0.0/26', affinity: 'host:node-a',
      });
      expect(await env.ipam.releaseByHandle('k8s-pod-network.c1')).toEqual(['10.1.0.0', '10.1.0.1']);
      expect(await env.keyList('/calico/ipam/v2/handle/')).toEqual(['/calico/ipam/v2/handle/other']);
      await expect(env.ipam.getAssignmentAttributes('10.1.0.1')).rejects.toBeInstanceOf(IpamNotFoundError);
      await expect(env.ipam.releaseByHandle('k8s-pod-network.c1')).rejects.toBeInstanceOf(IpamNotFoundError);
      // Attributes are compacted: only 'other' remains, at index 0.
      expect(JSON.parse(await env.value(`${BLOCK}10.1.0.0-26`)).attributes).toEqual([{ handle_id: 'other' }]);
      await env.ipam.releaseByHandle('other');
      expect(await env.keyList(BLOCK)).toEqual([`${BLOCK}10.1.0.0-26`]);
    });

    it('releaseByHandle drops a handle whose block no longer exists', async () => {
      await env.put('/calico/ipam/v2/handle/stale', '{"block":{"10.9.0.0/26":1},"deleted":false}');
      expect(await env.ipam.releaseByHandle('stale')).toEqual([]);
      expect(await env.keyList('/calico/ipam/v2/handle/')).toEqual([]);
    });

    it('assignIP takes one given address and refuses it twice', async () => {
      await env.pool('p', { cidr: '10.1.0.0/24', blockSize: 26 });
      expect((await env.ipam.assignIP('10.1.0.77', { hostname: 'node-a', handleId: 'x' })).address).toBe('10.1.0.77/26');
      await expect(env.ipam.assignIP('10.1.0.77', { hostname: 'node-a' })).rejects.toThrow(/already assigned/);
      await expect(env.ipam.assignIP('10.9.0.1', { hostname: 'node-a' })).rejects.toThrow(/not in a configured pool/);
      expect(await env.keyList('/calico/ipam/v2/host/')).toEqual(['/calico/ipam/v2/host/node-a/ipv4/block/10.1.0.64-26']);
    });

    it('IPv6 blocks use the ipv6 key paths', async () => {
      await env.pool('v6', { cidr: 'fd00::/120', blockSize: 122 });
      const r = await env.ipam.autoAssign({ num4: 0, num6: 1, hostname: 'node-a', handleId: 'h6', intendedUse: 'Workload' });
      const block = r.ipv6[0]!.block;
      expect(block).toMatch(/^fd00::(40|80|c0)?\/122$/);
      // The first address of the block, with the block's prefix.
      expect(r.ipv6[0]!.address).toBe(`${block.split('/')[0]}/122`);
      expect(await env.keyList('/calico/ipam/v2/assignment/ipv6/block/')).toEqual([`/calico/ipam/v2/assignment/ipv6/block/${block.replace('/', '-')}`]);
      expect(await env.keyList('/calico/ipam/v2/host/node-a/ipv6/block/')).toHaveLength(1);
    });
  });

  describe('affinity, borrowing and block release', () => {
    it('borrows from another node’s block when strict affinity is off, never when it is on', async () => {
      await env.pool('p', { cidr: '10.2.0.0/26', blockSize: 26 });
      await w('node-a', 1, 'a');
      const borrowed = await w('node-b', 1, 'b');
      expect(borrowed.ipv4.map((a) => a.ip)).toEqual(['10.2.0.1']);
      expect(JSON.parse(await env.value(`${BLOCK}10.2.0.0-26`)).affinity).toBe('host:node-a');
      await env.ipam.setIPAMConfig({ strictAffinity: true, autoAllocateBlocks: true, maxBlocksPerHost: 0 });
      const strict = await w('node-b', 1, 'b2');
      expect(strict.ipv4).toEqual([]);
      expect(strict.msgs).toContain('No more free affine blocks and strict affinity enabled');
    });

    it('releaseAffinity deletes an empty block, refuses a non-empty one on request, and un-affines it otherwise', async () => {
      await env.pool('p', { cidr: '10.2.0.0/25', blockSize: 26 });
      const [ip] = (await w('node-a', 1, 'a')).ipv4;
      const block = ip!.block;
      await expect(env.ipam.releaseAffinity(block, 'node-a', true)).rejects.toBeInstanceOf(IpamError);
      await env.ipam.releaseAffinity(block, 'node-a');
      expect(await env.keyList('/calico/ipam/v2/host/')).toEqual([]);
      expect(JSON.parse(await env.value(`${BLOCK}${block.replace('/', '-')}`)).affinity).toBeNull();
      // The last address of an un-affined block goes, and so does the block.
      await env.ipam.releaseIPs([ip!.ip]);
      expect(await env.keyList(BLOCK)).toEqual([]);
      // An empty affine block: released with its affinity.
      const claim = await env.ipam.claimAffinity('10.2.0.64/26', 'node-b');
      expect(claim).toEqual({ claimed: ['10.2.0.64/26'], failed: [] });
      expect((await env.ipam.claimAffinity('10.2.0.64/26', 'node-c')).failed).toEqual(['10.2.0.64/26']);
      await env.ipam.releaseAffinity('10.2.0.64/26', 'node-b', true);
      expect(await env.keyList('/calico/ipam/v2/')).toEqual([]);
    });

    it('maxBlocksPerHost stops new claims once the owned blocks are full', async () => {
      await env.pool('p', { cidr: '10.3.0.0/25', blockSize: 26 });
      await env.ipam.setIPAMConfig({ strictAffinity: false, autoAllocateBlocks: true, maxBlocksPerHost: 1 });
      expect((await w('node-a', 64)).ipv4).toHaveLength(64);
      await expect(w('node-a', 1)).rejects.toBeInstanceOf(BlockLimitError);
      expect(await env.keyList('/calico/ipam/v2/host/')).toHaveLength(1);
    });

    it('autoAllocateBlocks=false only uses existing blocks', async () => {
      await env.pool('p', { cidr: '10.3.0.0/25', blockSize: 26 });
      await env.ipam.setIPAMConfig({ strictAffinity: false, autoAllocateBlocks: false, maxBlocksPerHost: 0 });
      expect((await w('node-a', 1)).ipv4).toEqual([]);
      expect(await env.keyList('/calico/ipam/')).toEqual(['/calico/ipam/v2/config']);
    });
  });

  describe('pool selection and reservations', () => {
    it('uses only pools whose nodeSelector matches the node, that are enabled and allow the use', async () => {
      await env.node('node-a', { zone: 'a' });
      await env.node('node-b', { zone: 'b' });
      await env.pool('zone-a', { cidr: '10.4.0.0/26', blockSize: 26, nodeSelector: "zone == 'a'" });
      await env.pool('zone-b', { cidr: '10.4.1.0/26', blockSize: 26, nodeSelector: "zone == 'b'" });
      await env.pool('off', { cidr: '10.4.2.0/26', blockSize: 26, disabled: true });
      await env.pool('tunnels', { cidr: '10.4.3.0/26', blockSize: 26, allowedUses: ['Tunnel'] });
      expect((await w('node-a', 1)).ipv4[0]!.block).toBe('10.4.0.0/26');
      expect((await w('node-b', 1)).ipv4[0]!.block).toBe('10.4.1.0/26');
      // node-c matches no zone; the only pool left for it allows tunnels, not workloads.
      const none = await w('node-c', 1);
      expect(none.ipv4).toEqual([]);
      expect(none.msgs[0]).toMatch(/no configured Calico pools for node node-c/);
      const t = await env.ipam.autoAssign({ num4: 1, num6: 0, hostname: 'node-c', intendedUse: 'Tunnel' });
      expect(t.ipv4[0]!.block).toBe('10.4.3.0/26');
      await expect(w('node-a', 1, undefined, { ipv4Pools: ['off'] })).rejects.toThrow(/the given pool \(off\) does not exist, or is not enabled/);
      // An explicitly requested pool is used whatever its selector.
      expect((await w('node-c', 1, undefined, { ipv4Pools: ['10.4.0.0/26'] })).ipv4[0]!.block).toBe('10.4.0.0/26');
    });

    it('releases an empty affine block whose pool no longer selects the node', async () => {
      await env.node('node-a', { zone: 'a' });
      await env.pool('p', { cidr: '10.7.0.0/26', blockSize: 26, nodeSelector: "zone == 'a'" });
      await w('node-a', 1, 'x');
      await env.ipam.releaseByHandle('x');
      expect(await env.keyList('/calico/ipam/v2/host/')).toEqual(['/calico/ipam/v2/host/node-a/ipv4/block/10.7.0.0-26']);
      const { lookupKind } = await import('../../src/resources/registry.js');
      await env.ds.delete(lookupKind('ippool'), 'p');
      await env.pool('p', { cidr: '10.7.0.0/26', blockSize: 26, nodeSelector: "zone == 'b'" });
      await env.pool('q', { cidr: '10.7.1.0/26', blockSize: 26 });
      expect((await w('node-a', 1)).ipv4[0]!.block).toBe('10.7.1.0/26');
      expect(await env.keyList('/calico/ipam/v2/host/')).toEqual(['/calico/ipam/v2/host/node-a/ipv4/block/10.7.1.0-26']);
      expect(await env.keyList(BLOCK)).toEqual([`${BLOCK}10.7.1.0-26`]);
    });

    it('skips addresses covered by IPReservations', async () => {
      await env.pool('p', { cidr: '10.5.0.0/26', blockSize: 26 });
      // A bare address is accepted on etcd; the CRD's `cidr` format wants a prefix length.
      await env.reservation('r', ['10.5.0.0/30', kind === 'etcd' ? '10.5.0.5' : '10.5.0.5/32']);
      const r = await w('node-a', 3);
      expect(r.ipv4.map((a) => a.ip)).toEqual(['10.5.0.4', '10.5.0.6', '10.5.0.7']);
      // Reserved ordinals stay at the head of the FIFO.
      expect(JSON.parse(await env.value(`${BLOCK}10.5.0.0-26`)).unallocated.slice(0, 5)).toEqual([0, 1, 2, 3, 5]);
    });
  });

  describe('config and concurrency', () => {
    it('reads defaults when unset and stores Calico’s config JSON', async () => {
      expect(await env.ipam.getIPAMConfig()).toEqual({ strictAffinity: false, autoAllocateBlocks: true, maxBlocksPerHost: 0 });
      await env.ipam.setIPAMConfig({ strictAffinity: true, autoAllocateBlocks: true, maxBlocksPerHost: 4 });
      expect(await env.value('/calico/ipam/v2/config')).toBe('{"strict_affinity":true,"auto_allocate_blocks":true,"maxBlocksPerHost":4}');
      expect(await env.ipam.getIPAMConfig()).toEqual({ strictAffinity: true, autoAllocateBlocks: true, maxBlocksPerHost: 4 });
    });

    it('concurrent allocations in one process never share an address', async () => {
      await env.pool('p', { cidr: '10.6.0.0/24', blockSize: 28 });
      const all = await Promise.all(Array.from({ length: 24 }, (_, i) => w(i % 2 ? 'node-a' : 'node-b', 1, `h${i}`)));
      const ips = all.flatMap((r) => r.ipv4.map((a) => a.ip));
      expect(ips).toHaveLength(24);
      expect(new Set(ips).size).toBe(24);
    });
  });
});
