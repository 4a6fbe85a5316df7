// `node status --wait` right after a datastore change, on two nodes in network namespaces (real
// BIRD, real etcd, `calicoctl node run`). The agent's lag is made deterministic by pausing n1's
// agent (SIGSTOP) around the change: its expected-peers.json and BIRD then still show the OLD
// peer set, all Established, which is what `--wait` used to check. It must wait for the NEW set,
// computed from the datastore, and succeed once BIRD has it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLab, netnsSkipReason, until, type Lab } from './netns-helpers.js';
import { readPid } from '../../src/node/run/procs.js';

const skip = netnsSkipReason();
let lab: Lab;
const NODES = [1, 2];

const under = (ip: string) => ip.replace(/\./g, '_');

interface WaitJson {
  running: boolean;
  expectedFrom?: string;
  pending?: { name: string; address: string; type?: string; state: string }[];
  bird: { ipv4: { peers: { name: string; address: string; type: string; info: string }[] } };
}

async function statusWait(i: number, wait: string): Promise<{ code: number; json: WaitJson; stderr: string; ms: number }> {
  const t = Date.now();
  const r = await lab.cli(i, ['node', 'status', '--run-dir', lab.runDir(i), `--wait=${wait}`, '-o', 'json'], 60_000);
  return { code: r.code, json: JSON.parse(r.stdout) as WaitJson, stderr: r.stderr, ms: Date.now() - t };
}

/** The agent's own list, as `--wait` used to read it. */
const agentList = (i: number): { name: string }[] => JSON.parse(readFileSync(join(lab.runDir(i), 'expected-peers.json'), 'utf8'));

/** Runs `fn` with node i's agent stopped (SIGSTOP), resuming it afterwards whatever happens. */
async function withAgentPaused<T>(i: number, fn: () => Promise<T>): Promise<T> {
  const pid = readPid(join(lab.runDir(i), 'agent.pid'));
  if (pid === undefined) throw new Error(`no agent.pid for n${i}`);
  process.kill(pid, 'SIGSTOP');
  try {
    return await fn();
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}

describe.skipIf(skip !== undefined)(`node status --wait after datastore changes${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    lab = await createLab();
    for (const i of NODES) lab.addNode(i);
    const runs = await Promise.all(NODES.map((i) => lab.runNode(i)));
    for (const r of runs) expect(r).toMatchObject({ code: 0, stderr: '' });
    const mesh = (i: number) => `Mesh_${under(lab.nodeIP(3 - i))}`;
    await until('the mesh Established on both nodes', () => NODES.every((i) => lab.bgpProtocols(i)[mesh(i)] === 'Established'), 60_000);
  }, 120_000);
  afterAll(async () => {
    await lab?.cleanup();
  }, 60_000);

  it('with the mesh up, --wait succeeds on the peers the datastore implies', { timeout: 60_000 }, async () => {
    const st = await statusWait(1, '20s');
    expect(st.stderr).toBe('');
    expect(st.code).toBe(0);
    expect(st.json).toMatchObject({ expectedFrom: 'datastore', pending: [] });
    expect(st.json.bird.ipv4.peers.map((p) => `${p.name} ${p.info}`)).toEqual([`Mesh_${under(lab.nodeIP(2))} Established`]);
  });

  const far = () => `${lab.subnet}.77`;
  const farName = () => `Global_${under(far())}`;

  it('a BGPPeer to an address that never answers, applied before the agent saw it: exit 1 naming it', { timeout: 60_000 }, async () => {
    await withAgentPaused(1, async () => {
      await lab.apply(2, `apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata: {name: far}\nspec: {peerIP: ${far()}, asNumber: 64512}\n`);
      // What the old --wait looked at: the agent's list, every entry Established, no new peer.
      const before = agentList(1);
      expect(before.map((p) => p.name)).not.toContain(farName());
      expect(before.every((p) => lab.bgpProtocols(1)[p.name] === 'Established')).toBe(true);

      const st = await statusWait(1, '2s');
      expect(st.code).toBe(1);
      expect(st.stderr).toBe(`BGP peers not Established after 2s: ${far()} (global, not configured in BIRD)\n`);
      expect(st.json.expectedFrom).toBe('datastore');
      expect(st.json.pending).toEqual([{ name: farName(), address: far(), type: 'global', state: 'not configured in BIRD' }]);
    });
    // Once the agent has configured it, still pending: BIRD has it, but it never comes up.
    await until(`n1's BIRD to have ${farName()}`, () => lab.bgpProtocols(1)[farName()] !== undefined, 15_000);
    const st = await statusWait(1, '2s');
    expect(st.code).toBe(1);
    expect(st.stderr).toMatch(new RegExp(`^BGP peers not Established after 2s: ${far().replace(/\./g, '\\.')} \\(global, start (Active|Connect|Idle)[^)]*\\)\\n$`));
  });

  it('a peer deleted before the agent saw it is no longer waited for, though BIRD still has it', { timeout: 60_000 }, async () => {
    await withAgentPaused(1, async () => {
      const del = await lab.cli(2, ['delete', 'bgppeer', 'far']);
      expect(del.code, del.stderr).toBe(0);
      expect(lab.bgpProtocols(1)[farName()]).toMatch(/^(Active|Connect|Idle)/);
      const st = await statusWait(1, '5s');
      expect(st.stderr).toBe('');
      expect(st.code).toBe(0);
      expect(st.json).toMatchObject({ expectedFrom: 'datastore', pending: [] });
    });
    // The agent, resumed, catches up: the peer leaves its list and BIRD.
    await until(`n1 to drop ${farName()}`, () => !agentList(1).some((p) => p.name === farName()) && lab.bgpProtocols(1)[farName()] === undefined, 15_000);
  });

  it('mesh replaced by explicit peers: --wait holds until BIRD has the new peers Established, then exits 0', { timeout: 90_000 }, async () => {
    const node1 = `Node_${under(lab.nodeIP(2))}`;
    const pid = readPid(join(lab.runDir(1), 'agent.pid'))!;
    process.kill(pid, 'SIGSTOP');
    let resumed = false;
    try {
      await lab.apply(2, [
        'apiVersion: projectcalico.org/v3\nkind: BGPConfiguration\nmetadata: {name: default}\nspec: {nodeToNodeMeshEnabled: false}\n',
        `apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata: {name: n1-to-n2}\nspec: {node: n1, peerIP: ${lab.nodeIP(2)}, asNumber: 64512}\n`,
        `apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata: {name: n2-to-n1}\nspec: {node: n2, peerIP: ${lab.nodeIP(1)}, asNumber: 64512}\n`,
      ].join('---\n'));
      // n1's agent has not seen it: its list still names only the mesh peer.
      expect(agentList(1).map((p) => p.name)).toEqual([`Mesh_${under(lab.nodeIP(2))}`]);
      let done = false;
      const waiting = statusWait(1, '40s').finally(() => (done = true));
      await new Promise((r) => setTimeout(r, 2000));
      expect(done).toBe(false);
      process.kill(pid, 'SIGCONT');
      resumed = true;
      const st = await waiting;
      expect(st.stderr).toBe('');
      expect(st.code).toBe(0);
      expect(st.ms).toBeGreaterThanOrEqual(2000);
      expect(st.json).toMatchObject({ expectedFrom: 'datastore', pending: [] });
      expect(st.json.bird.ipv4.peers.find((p) => p.name === node1)).toMatchObject({ address: lab.nodeIP(2), type: 'node specific', info: 'Established' });
    } finally {
      if (!resumed) process.kill(pid, 'SIGCONT');
    }
  });
});
