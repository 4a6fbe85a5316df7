// Three nodes in their own network namespaces on one bridge, etcd reachable from all:
// `node run` in each, then every node-to-node mesh session must reach Established.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLab, netnsSkipReason, type Lab } from './netns-helpers.js';

const skip = netnsSkipReason();
let lab: Lab;
const NODES = [1, 2, 3];

function meshStates(i: number): Record<string, string> {
  let out = '';
  try {
    out = execFileSync('birdc', ['-s', join(lab.runDir(i), 'bird.ctl'), 'show', 'protocols'], { encoding: 'utf8' });
  } catch {
    return {};
  }
  const states: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[1] === 'BGP') states[f[0]!] = f.slice(5).join(' ');
  }
  return states;
}

describe.skipIf(skip !== undefined)(`3-node mesh in namespaces${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    lab = await createLab();
    for (const i of NODES) lab.addNode(i);
  }, 60_000);
  afterAll(async () => lab?.cleanup(), 60_000);

  it('brings up every mesh session, and reports it in status.json', { timeout: 120_000 }, async () => {
    const t0 = Date.now();
    const runs = await Promise.all(NODES.map((i) =>
      lab.cli(i, ['node', 'run', '--name', `n${i}`, '--ip', lab.nodeIP(i), '--run-dir', lab.runDir(i), '--log-dir', lab.logDir(i), '--health-port', '0'], 60_000)));
    for (const r of runs) expect(r).toMatchObject({ code: 0, stderr: '' });
    const tStarted = Date.now();

    const want = (i: number) => NODES.filter((j) => j !== i).map((j) => `Mesh_${lab.nodeIP(j).replace(/\./g, '_')}`).sort();
    const end = Date.now() + 60_000;
    let last: Record<string, string>[] = [];
    for (;;) {
      last = NODES.map(meshStates);
      const ok = NODES.every((i, k) => want(i).every((name) => last[k]![name] === 'Established'));
      if (ok) break;
      if (Date.now() > end) throw new Error(`mesh not Established: ${JSON.stringify(last)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const tEstablished = Date.now();
    // Reported for bench/RESULTS.md; the issue's goal is < 5 s from node run to all Established.
    console.log(`3-node mesh: node run (parallel) ${tStarted - t0} ms, all Established ${tEstablished - t0} ms after start`);
    for (const [k, i] of NODES.entries()) expect(Object.keys(last[k]!).sort()).toEqual(want(i));

    // The agent's status file catches up with BIRD.
    const end2 = Date.now() + 10_000;
    for (;;) {
      const s = JSON.parse(readFileSync(join(lab.runDir(1), 'status.json'), 'utf8'));
      if (s.bgp.numberEstablishedV4 === 2) {
        expect(s.bgp.peersV4.map((p: { peerIP: string; type: string }) => `${p.peerIP} ${p.type}`).sort()).toEqual([
          `${lab.nodeIP(2)} node-to-node mesh`, `${lab.nodeIP(3)} node-to-node mesh`,
        ]);
        break;
      }
      if (Date.now() > end2) throw new Error(`status.json never showed 2 established peers: ${JSON.stringify(s.bgp)}`);
      await new Promise((r) => setTimeout(r, 200));
    }

    // A BGPPeer applied while the nodes run: the agents see it through their watch, re-render,
    // and reload BIRD, which then has the new session.
    const peerFile = join(lab.dir, 'peer.yaml');
    const rr = `${lab.subnet}.254`;
    writeFileSync(peerFile, `apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata: {name: tor}\nspec: {peerIP: ${rr}, asNumber: 65010}\n`);
    const tApply = Date.now();
    expect((await lab.cli(1, ['apply', '-f', peerFile])).code).toBe(0);
    const globalName = `Global_${rr.replace(/\./g, '_')}`;
    const end3 = Date.now() + 10_000;
    while (!NODES.every((i) => meshStates(i)[globalName] !== undefined)) {
      if (Date.now() > end3) throw new Error(`${globalName} never appeared: ${JSON.stringify(NODES.map(meshStates))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    console.log(`BGPPeer applied → present in all 3 BIRDs after ${Date.now() - tApply} ms (includes the apply CLI)`);
    for (const i of NODES) expect(readFileSync(join(lab.runDir(i), 'bird.cfg'), 'utf8')).toContain(`neighbor ${rr} as 65010`);
    // The mesh is untouched by the reload.
    for (const i of NODES) for (const name of want(i)) expect(meshStates(i)[name]).toBe('Established');
  });
});
