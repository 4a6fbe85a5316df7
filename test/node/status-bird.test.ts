/**
 * `calicoctl node status` against real BIRD 2 daemons started here, in temp run dirs. The agent's
 * PID file points at this test process (a live process standing in for the agent).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { birdSkipReason, randomPort, removeDir, type RunningBird, startBird, tempRunDir } from './bird-helpers.js';

const skip = birdSkipReason !== undefined;
if (skip) console.warn(`skipping node status BIRD tests: ${birdSkipReason}`);

describe.skipIf(skip)('node status with one BIRD and unreachable peers', () => {
  let dir = '';
  let bird: RunningBird | undefined;
  beforeAll(async () => {
    dir = tempRunDir('status1');
    const port = randomPort();
    bird = await startBird(dir, {
      routerId: '127.0.0.1',
      localAddress: '127.0.0.1',
      localPort: port,
      as: 64512,
      peers: [
        { name: 'Mesh_127_0_0_2', neighbor: '127.0.0.2', neighborPort: port + 1, neighborAs: 64512 },
        { name: 'Node_127_0_0_3', neighbor: '127.0.0.3', neighborPort: port + 2, neighborAs: 64512 },
        // An IPv6 session in the same daemon (BIRD 2 carries both families): shown under IPv6.
        { name: 'Mesh___1', neighbor: '::1', neighborPort: port + 3, neighborAs: 64512, local6: '::1' },
      ],
    });
    writeFileSync(join(dir, 'agent.pid'), `${process.pid}\n`);
  });
  afterAll(async () => {
    await bird?.stop();
    removeDir(dir);
  });

  it('shows both peers with their types in calicoctl’s table', async () => {
    const r = await runCli(['node', 'status', '--run-dir', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Calico process is running\.\n\nIPv4 BGP status\n\+-+\+/);
    expect(r.stdout).toMatch(/\| PEER ADDRESS \|\s+PEER TYPE\s+\| STATE \|/);
    expect(r.stdout).toMatch(/\| 127\.0\.0\.2 +\| node-to-node mesh \| start \| \d\d:\d\d:\d\d\.\d{3} \| (Active|Connect|Idle)/);
    expect(r.stdout).toMatch(/\| 127\.0\.0\.3 +\| node specific +\| start \| \d\d:\d\d:\d\d\.\d{3} \| (Active|Connect|Idle)/);
    expect(r.stdout).toMatch(/\nIPv6 BGP status\n\+-+\+[^]*\| ::1 +\| node-to-node mesh \| start \|[^]*\+\n\n$/);
    expect(r.stdout.split('IPv6 BGP status')[0]).not.toContain('::1');
    // birdc agrees on the peers' states.
    const birdc = spawnSync('birdc', ['-s', join(dir, 'bird.ctl'), 'show', 'protocols'], { encoding: 'utf8' }).stdout;
    expect(birdc).toMatch(/Mesh_127_0_0_2\s+BGP\s+---\s+start/);
  });

  it('-o json gives the same peers as data', async () => {
    const r = await runCli(['node', 'status', '--run-dir', dir, '-o', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { running: boolean; bird: Record<string, { running: boolean; peers: Record<string, string>[] }> };
    expect(doc.running).toBe(true);
    expect(doc.bird.ipv6!.peers.map((p) => [p.name, p.address, p.type])).toEqual([['Mesh___1', '::1', 'node-to-node mesh']]);
    expect(doc.bird.ipv4!.running).toBe(true);
    expect(doc.bird.ipv4!.peers.map((p) => [p.address, p.type, p.state])).toEqual([
      ['127.0.0.2', 'node-to-node mesh', 'start'],
      ['127.0.0.3', 'node specific', 'start'],
    ]);
    expect(doc.bird.ipv4!.peers[0]!.info).toMatch(/^(Active|Connect|Idle)/);
  });

  it('--wait=1s gives up with exit 1 naming the peers that are not Established', async () => {
    const t0 = Date.now();
    const r = await runCli(['node', 'status', '--run-dir', dir, '--wait=1s']);
    expect(r.code).toBe(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(800);
    expect(r.stderr).toMatch(/^BGP peers not Established after 1s: 127\.0\.0\.2 \(node-to-node mesh, start (Active|Connect|Idle).*\), 127\.0\.0\.3 \(node specific, start (Active|Connect|Idle).*\), ::1 \(node-to-node mesh, start .*\)\n$/);
    expect(r.stdout).toContain('IPv4 BGP status');
  });

  it('reports a stopped agent: Calico process is not running, exit 1', async () => {
    const other = tempRunDir('status-dead');
    try {
      const gone = spawnSync(process.execPath, ['-e', '0']).pid;
      writeFileSync(join(other, 'agent.pid'), `${gone}\n`);
      const r = await runCli(['node', 'status', '--run-dir', other]);
      expect(r).toMatchObject({ code: 1, stdout: '', stderr: 'Calico process is not running.\n' });
    } finally {
      removeDir(other);
    }
  });

  it('a run dir whose BIRD is not running says so', async () => {
    const other = tempRunDir('status-nobird');
    try {
      writeFileSync(join(other, 'agent.pid'), `${process.pid}\n`);
      const r = await runCli(['node', 'status', '--run-dir', other]);
      expect(r).toMatchObject({ code: 0, stdout: 'Calico process is running.\n\nThe BGP backend process (BIRD) is not running.\n\n' });
    } finally {
      removeDir(other);
    }
  });
});

describe.skipIf(skip)('node status with one BIRD routing IPv6 but without IPv6 peers', () => {
  let dir = '';
  let bird: RunningBird | undefined;
  beforeAll(async () => {
    dir = tempRunDir('status-v6');
    const port = randomPort();
    bird = await startBird(dir, {
      routerId: '127.0.0.1', localAddress: '127.0.0.1', localPort: port, as: 64512,
      peers: [{ name: 'Mesh_127_0_0_2', neighbor: '127.0.0.2', neighborPort: port + 1, neighborAs: 64512 }],
      // What the agent renders for a node with an IPv6 address: protocols on table master6.
      extraConfig: 'protocol static static6 { ipv6; route fd00:99::/122 blackhole; }\n',
    });
    writeFileSync(join(dir, 'agent.pid'), `${process.pid}\n`);
  });
  afterAll(async () => {
    await bird?.stop();
    removeDir(dir);
  });

  it('prints an empty IPv6 section, not "bird6 is not running"', async () => {
    const r = await runCli(['node', 'status', '--run-dir', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\| 127\.0\.0\.2 +\| node-to-node mesh \|/);
    expect(r.stdout).toMatch(/\+\n\nIPv6 BGP status\nNo IPv6 peers found\.\n\n$/);
    const j = await runCli(['node', 'status', '--run-dir', dir, '-o', 'json']);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout).bird.ipv6).toEqual({ running: true, peers: [] });
  });
});

describe.skipIf(skip)('node status --wait with two BIRDs peering over loopback', () => {
  const dirs: string[] = [];
  const birds: RunningBird[] = [];
  beforeAll(async () => {
    const [pa, pb] = [randomPort(), randomPort()];
    const a = tempRunDir('peerA');
    const b = tempRunDir('peerB');
    dirs.push(a, b);
    birds.push(
      await startBird(a, {
        routerId: '127.0.0.2', localAddress: '127.0.0.2', localPort: pa, as: 64512,
        peers: [{ name: 'Mesh_127_0_0_3', neighbor: '127.0.0.3', neighborPort: pb, neighborAs: 64512 }],
      }),
      await startBird(b, {
        routerId: '127.0.0.3', localAddress: '127.0.0.3', localPort: pb, as: 64512,
        peers: [{ name: 'Mesh_127_0_0_2', neighbor: '127.0.0.2', neighborPort: pa, neighborAs: 64512 }],
      }),
    );
    for (const d of dirs) writeFileSync(join(d, 'agent.pid'), `${process.pid}\n`);
  });
  afterAll(async () => {
    for (const b of birds) await b.stop();
    for (const d of dirs) removeDir(d);
  });

  it('waits until the session is Established and exits 0', async () => {
    const r = await runCli(['node', 'status', '--run-dir', dirs[0]!, '--wait=15s'], { timeoutMs: 20_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\| 127\.0\.0\.3 +\| node-to-node mesh \| up +\| [\d:.]+ \| Established +\|/);
    // An IPv4-only daemon: calicoctl's line for the missing IPv6 daemon.
    expect(r.stdout).toMatch(/\nINFO: BIRDv6 process: 'bird6' is not running\.\n\n$/);
    const other = await runCli(['node', 'status', '--run-dir', dirs[1]!, '--wait=5s', '-o', 'json']);
    expect(other.code).toBe(0);
    expect(JSON.parse(other.stdout).bird.ipv4.peers[0]).toMatchObject({ address: '127.0.0.2', state: 'up', info: 'Established' });
  });

  it('waits for the peers the agent expects, naming one BIRD does not have', async () => {
    const expected = [
      { name: 'Mesh_127_0_0_3', address: '127.0.0.3', type: 'node-to-node mesh' },
      { name: 'Node_127_0_0_9', address: '127.0.0.9', type: 'node specific' },
    ];
    writeFileSync(join(dirs[0]!, 'expected-peers.json'), JSON.stringify(expected));
    const r = await runCli(['node', 'status', '--run-dir', dirs[0]!, '--wait=500ms']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('BGP peers not Established after 500ms: 127.0.0.9 (node specific, not configured in BIRD)\n');
  });
});
