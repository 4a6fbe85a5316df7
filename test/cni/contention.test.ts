/**
 * Allocators in different processes never hand out the same address: 8 processes (4 per node,
 * 2 nodes) × 100 CNI ADDs at once against one etcd, then a consistency check of every block and
 * handle, then DEL of everything. The workers run the plugin's operation code in a loop
 * (bench/cni-add.mjs measures the plugin as separate processes).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ipamEnv, type IpamEnv } from '../ipam/setup.js';
import { ROOT } from '../helpers/cli.js';

const run = promisify(execFile);
const WORKER = join(ROOT, 'test', 'cni', 'worker.mjs');
const PROCS = 8;
const PER_PROC = 100;

let env: IpamEnv;
beforeAll(async () => {
  env = await ipamEnv();
  await env.pool('big', { cidr: '10.50.0.0/16', blockSize: 26 });
});
afterAll(async () => {
  await env?.stop();
});

function workers(command: 'ADD' | 'DEL'): Promise<string[][]> {
  return Promise.all(
    Array.from({ length: PROCS }, async (_, p) => {
      const { stdout } = await run(process.execPath, [WORKER, command, env.etcd.endpoint, `node-${p % 2}`, `w${p}`, String(PER_PROC)], {
        timeout: 120_000,
      });
      return command === 'ADD' ? (JSON.parse(stdout) as string[]) : [];
    }),
  );
}

interface Dump {
  blocks: Array<{ cidr: string; affinity: string | null; allocations: (number | null)[]; unallocated: number[]; attributes: Array<{ handle_id?: string }> }>;
  handles: Map<string, Record<string, number>>;
  affinities: Map<string, string>;
}

/** Everything under /calico/ipam, read with etcdctl. */
function dump(): Dump {
  const lines = env.etcd.etcdctl(['get', '--prefix', '/calico/ipam/v2/']).split('\n');
  const d: Dump = { blocks: [], handles: new Map(), affinities: new Map() };
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const key = lines[i]!;
    const value = JSON.parse(lines[i + 1]!);
    if (key.includes('/assignment/')) d.blocks.push(value);
    else if (key.startsWith('/calico/ipam/v2/handle/')) d.handles.set(key.slice('/calico/ipam/v2/handle/'.length), value.block);
    else if (key.startsWith('/calico/ipam/v2/host/')) d.affinities.set(key, value.state);
  }
  return d;
}

function ipOf(cidr: string, ord: number): string {
  const [base] = cidr.split('/');
  const n = base!.split('.').reduce((a, o) => a * 256 + Number(o), 0) + ord;
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

/** Every allocated ordinal has a handle whose per-block count matches; the FIFO and the allocations partition the block. */
function checkConsistency(d: Dump): { allocated: string[]; perHandle: Map<string, number> } {
  const allocated: string[] = [];
  const counted = new Map<string, Map<string, number>>();
  for (const b of d.blocks) {
    expect(b.allocations).toHaveLength(64);
    const used = b.allocations.flatMap((a, ord) => (a === null ? [] : [ord]));
    expect(new Set(b.unallocated).size).toBe(b.unallocated.length);
    expect([...used, ...b.unallocated].sort((x, y) => x - y)).toEqual(Array.from({ length: 64 }, (_, i) => i));
    for (const ord of used) {
      const h = b.attributes[b.allocations[ord]!]?.handle_id;
      expect(h, `${b.cidr} ordinal ${ord} has no handle`).toBeDefined();
      const m = counted.get(h!) ?? new Map<string, number>();
      m.set(b.cidr, (m.get(b.cidr) ?? 0) + 1);
      counted.set(h!, m);
      allocated.push(ipOf(b.cidr, ord));
    }
    if (b.affinity) {
      const [, node] = b.affinity.split(':');
      expect(d.affinities.get(`/calico/ipam/v2/host/${node}/ipv4/block/${b.cidr.replace('/', '-')}`)).toBe('confirmed');
    }
  }
  expect(new Set(d.handles.keys())).toEqual(new Set(counted.keys()));
  const perHandle = new Map<string, number>();
  for (const [h, m] of counted) {
    expect(d.handles.get(h)).toEqual(Object.fromEntries(m));
    perHandle.set(h, [...m.values()].reduce((a, n) => a + n, 0));
  }
  return { allocated, perHandle };
}

it('8 processes × 100 ADDs get 800 distinct addresses, consistently recorded; DEL of all empties the pool', { timeout: 180_000 }, async () => {
  const got = (await workers('ADD')).flat();
  expect(got).toHaveLength(PROCS * PER_PROC);
  const ips = got.map((a) => a.split('/')[0]!);
  expect(new Set(ips).size).toBe(PROCS * PER_PROC);

  const d = dump();
  const { allocated, perHandle } = checkConsistency(d);
  expect(allocated.sort()).toEqual([...ips].sort());
  expect(perHandle.size).toBe(PROCS * PER_PROC);
  expect([...perHandle.values()].every((n) => n === 1)).toBe(true);
  // Each node filled its own blocks: 400 addresses need 7 blocks of 64 per node. Processes of
  // one node racing for a new block may each claim one, so allow one spare block per node.
  expect(new Set(d.blocks.map((b) => b.affinity))).toEqual(new Set(['host:node-0', 'host:node-1']));
  expect(d.blocks.length).toBeGreaterThanOrEqual(14);
  expect(d.blocks.length).toBeLessThanOrEqual(16);

  await workers('DEL');
  const after = dump();
  expect(after.handles.size).toBe(0);
  expect(after.blocks.every((b) => b.allocations.every((a) => a === null) && b.unallocated.length === 64)).toBe(true);
  checkConsistency(after);
});
