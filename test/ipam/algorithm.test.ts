/**
 * Calico's IPAM algorithm details (§6), on a real etcd and on the Kubernetes API-server
 * stand-in: the affinity state machine and its write order, the AutoAssign steps (release of
 * deselected blocks, missing blocks, stale affinities, reclaiming old empty blocks, the block
 * cap), and release with expected handles and sequence numbers.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ipamEnv, type BaseIpamEnv, type DatastoreKind } from './setup.js';
import { RecordingKV } from './recording-kv.js';
import { haveStandIn } from '../datastore/kube-helpers.js';
import { BlockChangedError, BlockLimitError, IpamClient, ReleaseConflictError } from '../../src/ipam/index.js';
import { releaseBlockAffinity } from '../../src/ipam/affinity.js';
import { newBlock } from '../../src/ipam/block.js';
import { parseCidr } from '../../src/ipam/cidr.js';
import { decodeBlock, encodeBlock, rfc3339 } from '../../src/ipam/model.js';

const KINDS: DatastoreKind[] = haveStandIn ? ['etcd', 'kube'] : ['etcd'];

const BLOCK = '/calico/ipam/v2/assignment/ipv4/block/';
const HOST = '/calico/ipam/v2/host/';
const aff = (node: string, cidr: string): string => `${HOST}${node}/ipv4/block/${cidr.replace('/', '-')}`;
const blk = (cidr: string): string => `${BLOCK}${cidr.replace('/', '-')}`;
const state = (s: string): string => `{"state":"${s}","deleted":false}`;

/** A block as Calico would have stored it: affine to `node`, claimed `ageMs` ago, sequence number `seq`. */
function storedBlock(cidr: string, node: string | null, ageMs = 0, seq = 1000n): string {
  const b = newBlock(parseCidr(cidr)!, node === null ? null : `host:${node}`);
  if (node !== null) b.affinity_claim_time = rfc3339(new Date(Date.now() - ageMs));
  b.sequenceNumber = seq;
  return encodeBlock(b);
}

describe.each(KINDS)('IPAM algorithm on %s', (kind) => {
  let env: BaseIpamEnv;
  beforeAll(async () => {
    env = await ipamEnv(kind);
  });
  afterAll(async () => {
    await env?.stop();
  });
  beforeEach(() => env.wipe());

  const w = (hostname: string, num4: number, handleId?: string, extra: Record<string, unknown> = {}) =>
    env.ipam.autoAssign({ num4, num6: 0, hostname, handleId, intendedUse: 'Workload', ...extra });
  const recording = (): { kv: RecordingKV; ipam: IpamClient } => {
    const kv = new RecordingKV(env.kv);
    return { kv, ipam: new IpamClient(kv, env.ipam.ctx.res) };
  };
  const block = async (cidr: string) => JSON.parse(await env.value(blk(cidr)));
  /** Sequence numbers per ordinal, without losing digits. */
  const seqs = async (cidr: string) => decodeBlock(await env.value(blk(cidr))).sequenceNumberForAllocation;

  describe('affinity state machine', () => {
    it('claims a block as pending affinity, block, confirmed; releases as pendingDeletion, block deleted, affinity deleted', async () => {
      await env.pool('p', { cidr: '10.1.0.0/26', blockSize: 26 });
      const r = recording();
      await r.ipam.autoAssign({ num4: 1, num6: 0, hostname: 'node-a', handleId: 'h', intendedUse: 'Workload' });
      expect(r.kv.summary()).toEqual([
        `${aff('node-a', '10.1.0.0/26')} pending`,
        `put ${blk('10.1.0.0/26')}`,
        `${aff('node-a', '10.1.0.0/26')} confirmed`,
        'put /calico/ipam/v2/handle/h',
        `put ${blk('10.1.0.0/26')}`,
      ]);
      await r.ipam.releaseByHandle('h');
      r.kv.writes.length = 0;
      await r.ipam.releaseAffinity('10.1.0.0/26', 'node-a', true);
      expect(r.kv.summary()).toEqual([
        `${aff('node-a', '10.1.0.0/26')} pendingDeletion`,
        `delete ${blk('10.1.0.0/26')}`,
        `delete ${aff('node-a', '10.1.0.0/26')}`,
      ]);
      expect(await env.keyList('/calico/ipam/v2/')).toEqual([]);
    });

    it('resets a pendingDeletion affinity to pending before claiming, and leaves a confirmed one as it is', async () => {
      await env.pool('p', { cidr: '10.1.0.0/25', blockSize: 26 });
      await env.put(aff('node-a', '10.1.0.0/26'), state('pendingDeletion'));
      const r = recording();
      expect(await r.ipam.claimAffinity('10.1.0.0/26', 'node-a')).toEqual({ claimed: ['10.1.0.0/26'], failed: [] });
      expect(r.kv.summary()).toEqual([
        `${aff('node-a', '10.1.0.0/26')} pending`,
        `put ${blk('10.1.0.0/26')}`,
        `${aff('node-a', '10.1.0.0/26')} confirmed`,
      ]);
      r.kv.writes.length = 0;
      // Claimed again by the same node: nothing to change.
      expect(await r.ipam.claimAffinity('10.1.0.0/26', 'node-a')).toEqual({ claimed: ['10.1.0.0/26'], failed: [] });
      expect(r.kv.summary()).toEqual([]);
      expect(await env.value(aff('node-a', '10.1.0.0/26'))).toBe(state('confirmed'));
    });

    it('deletes its own pending affinity again when another node already has the block', async () => {
      await env.pool('p', { cidr: '10.1.0.0/25', blockSize: 26 });
      await env.ipam.claimAffinity('10.1.0.64/26', 'node-b');
      const before = await env.value(blk('10.1.0.64/26'));
      const r = recording();
      expect(await r.ipam.claimAffinity('10.1.0.64/26', 'node-a')).toEqual({ claimed: [], failed: ['10.1.0.64/26'] });
      expect(r.kv.summary()).toEqual([`${aff('node-a', '10.1.0.64/26')} pending`, `delete ${aff('node-a', '10.1.0.64/26')}`]);
      expect(await env.value(blk('10.1.0.64/26'))).toBe(before);
      expect(await env.keyList(HOST)).toEqual([aff('node-b', '10.1.0.64/26')]);
    });

    it('confirms a pending affinity by writing the block in between, before allocating from it', async () => {
      await env.pool('p', { cidr: '10.1.0.0/26', blockSize: 26 });
      await env.put(blk('10.1.0.0/26'), storedBlock('10.1.0.0/26', 'node-a', 0, 5000n));
      await env.put(aff('node-a', '10.1.0.0/26'), state('pending'));
      const r = recording();
      const got = await r.ipam.autoAssign({ num4: 1, num6: 0, hostname: 'node-a', intendedUse: 'Workload' });
      expect(got.ipv4.map((a) => a.ip)).toEqual(['10.1.0.0']);
      expect(r.kv.summary()).toEqual([
        `${aff('node-a', '10.1.0.0/26')} pending`,
        `put ${blk('10.1.0.0/26')}`,
        `${aff('node-a', '10.1.0.0/26')} confirmed`,
        `put ${blk('10.1.0.0/26')}`,
      ]);
      const b = await env.value(blk('10.1.0.0/26'));
      // One write to confirm, one to allocate: the allocation saw the bumped number.
      expect(/"sequenceNumber":(\d+)/.exec(b)![1]).toBe('5002');
      expect(b).toContain('"sequenceNumberForAllocation":{"0":5001}');
    });

    it('releaseBlockAffinity with a sequence number refuses a block written since, and confirms the affinity again', async () => {
      await env.pool('p', { cidr: '10.1.0.0/26', blockSize: 26 });
      await env.ipam.claimAffinity('10.1.0.0/26', 'node-a');
      const seq = BigInt(/"sequenceNumber":(\d+)/.exec(await env.value(blk('10.1.0.0/26')))![1]!);
      const owner = { type: 'host' as const, name: 'node-a' };
      const cidr = parseCidr('10.1.0.0/26')!;
      await expect(releaseBlockAffinity(env.ipam.ctx, owner, cidr, { requireEmpty: true, sequenceNumber: seq - 1n })).rejects.toBeInstanceOf(
        BlockChangedError,
      );
      expect(await env.value(aff('node-a', '10.1.0.0/26'))).toBe(state('confirmed'));
      expect((await block('10.1.0.0/26')).affinity).toBe('host:node-a');
      await releaseBlockAffinity(env.ipam.ctx, owner, cidr, { requireEmpty: true, sequenceNumber: seq });
      expect(await env.keyList('/calico/ipam/v2/')).toEqual([]);
    });
  });

  describe('AutoAssign steps', () => {
    it('step 3 releases only empty blocks whose pool no longer selects the node, not those of pools for another use', async () => {
      await env.node('node-a', { zone: 'a' });
      await env.pool('tunnels', { cidr: '10.2.0.0/26', blockSize: 26, allowedUses: ['Tunnel'] });
      await env.pool('gone', { cidr: '10.2.1.0/26', blockSize: 26, nodeSelector: "zone == 'b'" });
      await env.pool('work', { cidr: '10.2.2.0/26', blockSize: 26 });
      await env.ipam.claimAffinity('10.2.0.0/26', 'node-a');
      await env.ipam.claimAffinity('10.2.1.0/26', 'node-a');
      // Explicit pools are in use: the blocks outside them are still looked at.
      expect((await w('node-a', 1, undefined, { ipv4Pools: ['work'] })).ipv4[0]!.block).toBe('10.2.2.0/26');
      expect(await env.keyList(HOST)).toEqual([aff('node-a', '10.2.0.0/26'), aff('node-a', '10.2.2.0/26')]);
      expect(await env.keyList(BLOCK)).toEqual([blk('10.2.0.0/26'), blk('10.2.2.0/26')]);
    });

    it('step 5 creates the block of an affinity that has none, and deletes an affinity whose block another node owns', async () => {
      await env.pool('p', { cidr: '10.3.0.0/25', blockSize: 26 });
      await env.ipam.setIPAMConfig({ strictAffinity: true, autoAllocateBlocks: false, maxBlocksPerHost: 0 });
      await env.put(aff('node-a', '10.3.0.64/26'), state('confirmed'));
      await env.put(blk('10.3.0.0/26'), storedBlock('10.3.0.0/26', 'node-b'));
      await env.put(aff('node-a', '10.3.0.0/26'), state('confirmed'));
      const r = await w('node-a', 1);
      expect(r.ipv4.map((a) => a.address)).toEqual(['10.3.0.64/26']);
      expect((await block('10.3.0.64/26')).affinity).toBe('host:node-a');
      expect(await env.keyList(HOST)).toEqual([aff('node-a', '10.3.0.64/26')]);
      expect((await block('10.3.0.0/26')).affinity).toBe('host:node-b');
    });

    it('step 6 reclaims an empty block another node claimed over a minute ago when no CIDR is free', async () => {
      await env.pool('p', { cidr: '10.4.0.0/25', blockSize: 26 });
      await env.ipam.setIPAMConfig({ strictAffinity: true, autoAllocateBlocks: true, maxBlocksPerHost: 0 });
      await env.put(blk('10.4.0.0/26'), storedBlock('10.4.0.0/26', 'node-b', 30_000));
      await env.put(aff('node-b', '10.4.0.0/26'), state('confirmed'));
      await env.put(blk('10.4.0.64/26'), storedBlock('10.4.0.64/26', 'node-c', 120_000));
      await env.put(aff('node-c', '10.4.0.64/26'), state('confirmed'));
      const r = await w('node-a', 1);
      expect(r.ipv4.map((a) => a.ip)).toEqual(['10.4.0.64']);
      expect((await block('10.4.0.64/26')).affinity).toBe('host:node-a');
      expect(await env.keyList(HOST)).toEqual([aff('node-a', '10.4.0.64/26'), aff('node-b', '10.4.0.0/26')]);
      // The young empty block stays with its node: nothing left for a third node.
      const none = await w('node-d', 1);
      expect(none.ipv4).toEqual([]);
      expect(none.msgs).toContain('No more free affine blocks and strict affinity enabled');
      expect((await block('10.4.0.0/26')).affinity).toBe('host:node-b');
    });

    it('step 4: at the cap with full blocks, BlockLimitError without borrowing; the cap is 20 when unset', async () => {
      await env.pool('p', { cidr: '10.5.0.0/25', blockSize: 26 });
      await w('node-b', 1);
      await env.ipam.setIPAMConfig({ strictAffinity: false, autoAllocateBlocks: true, maxBlocksPerHost: 0 });
      expect((await w('node-a', 64, undefined, { maxBlocksPerHost: 1 })).ipv4).toHaveLength(64);
      // node-b's block has 63 free addresses and borrowing is allowed, yet:
      await expect(w('node-a', 1, undefined, { maxBlocksPerHost: 1 })).rejects.toBeInstanceOf(BlockLimitError);
      expect((await block('10.5.0.0/26')).allocations.filter((a: number | null) => a !== null)).toHaveLength(1);

      await env.wipe();
      await env.pool('q', { cidr: '10.6.0.0/26', blockSize: 32 });
      expect((await w('node-a', 20)).ipv4).toHaveLength(20);
      expect(await env.keyList(`${HOST}node-a/`)).toHaveLength(20);
      await expect(w('node-a', 1)).rejects.toBeInstanceOf(BlockLimitError);
    });
  });

  describe('release with an expected allocation', () => {
    it('ReleaseIPs fails a block whose sequence number or handle does not match, and releases the other blocks', async () => {
      await env.pool('p', { cidr: '10.7.0.0/25', blockSize: 26 });
      await env.ipam.claimAffinity('10.7.0.64/26', 'node-b');
      const [a1, a2] = (await w('node-a', 2, 'ha')).ipv4;
      const [b1] = (await w('node-b', 1, 'hb')).ipv4;
      expect([a1!.block, b1!.block]).toEqual(['10.7.0.0/26', '10.7.0.64/26']);
      const seqA = (await seqs('10.7.0.0/26'))['0']!;
      const wrong = { address: a1!.ip, sequenceNumber: seqA + 7n };
      const err = await env.ipam.releaseIPs([wrong, a2!.ip, { address: b1!.ip, handleId: 'hb' }]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ReleaseConflictError);
      expect((err as ReleaseConflictError).mismatch).toMatchObject({ kind: 'sequenceNumber', ip: '10.7.0.0' });
      // Nothing released in the refused block, the other block released.
      expect((await block('10.7.0.0/26')).allocations.slice(0, 2)).toEqual([0, 0]);
      expect(await env.keyList('/calico/ipam/v2/handle/')).toEqual(['/calico/ipam/v2/handle/ha']);

      const bad = await env.ipam.releaseIPs([{ address: a1!.ip, handleId: 'other' }]).catch((e: unknown) => e);
      expect((bad as ReleaseConflictError).mismatch).toEqual({ kind: 'handle', ip: '10.7.0.0', expected: 'other', actual: 'ha' });
      // Matching: released; already free: reported as unallocated, not an error.
      expect(await env.ipam.releaseIPs([{ address: a1!.ip, handleId: 'ha', sequenceNumber: seqA }, b1!.ip])).toEqual([b1!.ip]);
      expect(await env.value('/calico/ipam/v2/handle/ha')).toBe('{"block":{"10.7.0.0/26":1},"deleted":false}');
    });

    it('releaseIPsIfUnchanged and ReleaseByHandle skip addresses allocated at another sequence number', async () => {
      await env.pool('p', { cidr: '10.8.0.0/26', blockSize: 26 });
      await w('node-a', 1, 'h');
      await w('node-a', 1, 'h');
      const s = await seqs('10.8.0.0/26');
      expect(s['0']).not.toBe(s['1']);
      expect(
        await env.ipam.releaseIPsIfUnchanged([
          { address: '10.8.0.0', handleId: 'h', sequenceNumber: s['0']! + 1n },
          { address: '10.8.0.1', handleId: 'x' },
        ]),
      ).toEqual(['10.8.0.0', '10.8.0.1']);
      expect(await env.ipam.ipsByHandle('h')).toEqual(['10.8.0.0/26', '10.8.0.1/26']);
      expect(await env.ipam.releaseByHandle('h', { sequenceNumber: s['1']! })).toEqual(['10.8.0.1']);
      expect(await env.value('/calico/ipam/v2/handle/h')).toBe('{"block":{"10.8.0.0/26":1},"deleted":false}');
      expect(await env.ipam.releaseByHandle('h')).toEqual(['10.8.0.0']);
      expect(await env.keyList('/calico/ipam/v2/handle/')).toEqual([]);
    });
  });
});
