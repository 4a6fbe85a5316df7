// The seed documents' scenario through `calicoctl node run`, four nodes in network namespaces:
// BGPConfiguration default (mesh off, AS 63400), BGPPeers peer1/peer2 pairing the nodes labelled
// calico=1 and calico=2 among themselves, and one IP pool per group. After a CNI ADD on every node,
// each node learns its group partner's block and never the other group's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';
import { createLab, netnsSkipReason, until, type Lab } from './netns-helpers.js';
import { readPid } from '../../src/node/run/procs.js';

const skip = netnsSkipReason();
let lab: Lab;
const NODES = [1, 2, 3, 4];
const GROUP: Record<number, '1' | '2'> = { 1: '1', 2: '1', 3: '2', 4: '2' };
const POOL: Record<'1' | '2', string> = { 1: '192.168.', 2: '172.10.' };
const partner = (i: number) => NODES.find((j) => j !== i && GROUP[j] === GROUP[i])!;
const nodeName = (j: number) => `Node_${lab.nodeIP(j).replace(/\./g, '_')}`;
const esc = (s: string) => s.replace(/[./]/g, '\\$&');

interface StatusJson {
  bird: { ipv4: { peers: { name: string; address: string; type: string; info: string }[] } };
}

describe.skipIf(skip !== undefined)(`seed BGP scenario on 4 nodes${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    lab = await createLab();
    for (const i of NODES) lab.addNode(i);
  }, 60_000);
  afterAll(async () => lab?.cleanup(), 60_000);

  it('peers each group only within itself and spreads block routes only within the group', { timeout: 90_000 }, async () => {
    // The whole seed directory, as a user would apply it (policies included).
    expect(await lab.apply(1, join(ROOT, 'fixtures', 'seed'))).toBe('Successfully applied 7 resource(s)\n');
    const runs = await Promise.all(NODES.map((i) => lab.runNode(i)));
    for (const r of runs) expect(r).toMatchObject({ code: 0, stderr: '' });
    // Mesh off and no labels yet: no sessions at all.
    for (const i of NODES) expect(lab.bgpProtocols(i)).toEqual({});
    const birdPids = NODES.map((i) => readPid(join(lab.runDir(i), 'bird.pid')));

    const labelled = await Promise.all(NODES.map((i) => lab.cli(i, ['label', 'nodes', `n${i}`, `calico=${GROUP[i]}`])));
    for (const [k, i] of NODES.entries()) expect(labelled[k]).toMatchObject({ code: 0, stdout: `Successfully set label calico on nodes n${i}\n` });

    // Each node has exactly one session, node specific, to its partner, Established on both ends.
    // (`node status --wait` waits for the peers the agent expects: first let every agent see the labels.)
    const expected = (i: number): string =>
      (JSON.parse(readFileSync(join(lab.runDir(i), 'expected-peers.json'), 'utf8')) as { address: string }[]).map((p) => p.address).join();
    await until('every agent to expect its partner', () => NODES.every((i) => expected(i) === lab.nodeIP(partner(i))), 20_000);
    const statuses = await Promise.all(NODES.map((i) => lab.cli(i, ['node', 'status', '--run-dir', lab.runDir(i), '--wait=20s', '-o', 'json'], 40_000)));
    for (const [k, i] of NODES.entries()) {
      const r = statuses[k]!;
      expect(r.code, r.stderr).toBe(0);
      const s = JSON.parse(r.stdout) as StatusJson;
      expect(s.bird.ipv4.peers.map(({ name, address, type, info }) => ({ name, address, type, info }))).toEqual([
        { name: nodeName(partner(i)), address: lab.nodeIP(partner(i)), type: 'node specific', info: 'Established' },
      ]);
      expect(Object.keys(lab.bgpProtocols(i))).toEqual([nodeName(partner(i))]);
      // iBGP in the configured AS.
      expect(lab.birdc(i, 'show', 'protocols', 'all', nodeName(partner(i)))).toMatch(/Neighbor AS:\s+63400\b/);
    }
    // The labels and peers were applied by reconfiguring the running BIRDs.
    expect(NODES.map((i) => readPid(join(lab.runDir(i), 'bird.pid')))).toEqual(birdPids);

    // One workload per node: each gets an address from its group's pool.
    const blocks: Record<number, { ip: string; block: string }> = {};
    for (const i of NODES) {
      const add = await lab.cni(i, 'ADD', `pod-${i}`);
      expect(add.code, add.stderr).toBe(0);
      const ip = add.json!.ips![0]!.address.split('/')[0]!;
      expect(ip.startsWith(POOL[GROUP[i]!])).toBe(true);
      const o = ip.split('.').map(Number);
      blocks[i] = { ip, block: `${o[0]}.${o[1]}.${o[2]}.${o[3]! & ~63}/26` };
    }

    // BIRD on every node learns the partner's block from the partner's session.
    for (const i of NODES) {
      const p = partner(i);
      await until(`n${i} to learn n${p}'s block ${blocks[p]!.block}`, () => {
        const out = lab.birdc(i, 'show', 'route', 'for', blocks[p]!.ip, 'all');
        return out.includes(`${blocks[p]!.block}`) && out.includes(`[${nodeName(p)} `) && out.includes(`via ${lab.nodeIP(p)} on eth0`);
      }, 15_000);
    }
    // ippool1 has no encapsulation, so BIRD programs the kernel: n1 ↔ n2 routes via each other.
    for (const i of [1, 2]) {
      const p = partner(i);
      const via = new RegExp(`^${esc(blocks[p]!.block)} via ${esc(lab.nodeIP(p))} dev eth0 proto bird metric 1024\\b`);
      await until(`n${i}'s kernel route to ${blocks[p]!.block}`, () => lab.kernelRoutes(i).some((l) => via.test(l)), 15_000);
    }
    // ippool2 is IPIP (Always): as in Calico, BIRD leaves its routes to the agent (Felix), which
    // would program them over tunl0; the agent does not do IPIP (this kernel has no CONFIG_NET_IPIP).
    for (const i of [3, 4]) expect(lab.kernelRoutes(i).some((l) => l.startsWith(`${blocks[partner(i)]!.block} `))).toBe(false);

    // Nothing crosses between the groups, in BIRD or in the kernel.
    for (const i of NODES) {
      const other = GROUP[i] === '1' ? '2' : '1';
      const rib = lab.birdc(i, 'show', 'route');
      expect(rib).not.toContain(POOL[other]);
      expect(lab.kernelRoutes(i).filter((l) => l.includes(POOL[other]))).toEqual([]);
      for (const j of NODES.filter((j) => GROUP[j] !== GROUP[i])) expect(rib).not.toContain(`via ${lab.nodeIP(j)}`);
    }
    // Each node's own block is a blackhole in BIRD (what it exports); BIRD puts it in the kernel
    // for the no-encapsulation pool only (for IPIP the agent owns the block's kernel routes).
    for (const i of NODES) expect(lab.birdc(i, 'show', 'route', 'for', blocks[i]!.ip)).toMatch(new RegExp(`^${esc(blocks[i]!.block)}\\s+blackhole\\b`, 'm'));
    for (const i of [1, 2]) expect(lab.kernelRoutes(i)).toContain(`blackhole ${blocks[i]!.block} proto bird`);
  });
});
