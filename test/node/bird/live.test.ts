/**
 * The rendered config with real BIRD 2: three nodes in network namespaces on one bridge, the
 * node-to-node mesh with short timers. Sessions must reach Established and each node's kernel
 * must get the other nodes' blocks via them (proto bird, metric 1024). Needs root, iproute2, bird2.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectedPeers, renderBirdConfig, type BirdInput } from '../../../src/node/bird/index.js';
import { birdMissing } from './birdcheck.js';

function unavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (network namespaces)';
  const bird = birdMissing();
  if (bird) return bird;
  if (spawnSync('ip', ['netns', 'list']).status !== 0) return 'iproute2 `ip netns` is not usable';
  return undefined;
}
const skip = unavailable();

const P = `bt${process.pid % 100000}`;
const NODES = [1, 2, 3];
const namespaces: string[] = [];
const procs: ChildProcess[] = [];
let dir = '';

function ip(...args: string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr}`);
}
const inNs = (ns: string, cmd: string, args: string[]) => spawnSync('ip', ['netns', 'exec', ns, cmd, ...args], { encoding: 'utf8' });

function input(i: number): BirdInput {
  return {
    nodeName: `n${i}`,
    routerId: `10.0.0.${i}`,
    ipv4: `10.0.0.${i}/24`,
    ipv6: `fd00::${i}/64`,
    asNumber: 64512,
    bgpConfig: {},
    nodes: NODES.map((n) => ({ name: `n${n}`, ipv4: `10.0.0.${n}/24`, ipv6: `fd00::${n}/64` })),
    peers: [],
    filters: [],
    pools: [{ cidr: '192.168.0.0/16', ipipMode: 'Never', vxlanMode: 'Never' }, { cidr: 'fd10::/48' }],
    affineBlocks: [`192.168.${i}0.0/26`, `fd10:0:0:${i}::/122`],
    secrets: {},
    timers: { connectDelay: 0, connectRetry: 1, hold: 9, keepalive: 3 },
    logFile: join(dir, `n${i}`, 'bird.log'),
  };
}

afterAll(() => {
  for (const p of procs) if (p.exitCode === null) p.kill('SIGTERM');
  for (const ns of namespaces) spawnSync('ip', ['netns', 'del', ns]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(skip !== undefined)(`three BIRD 2 nodes on the rendered mesh config${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('reach Established (IPv4 and IPv6 sessions in one daemon) within 5 s and program the other nodes\' blocks into the kernel', async () => {
    dir = mkdtempSync(join(tmpdir(), 'bird-live-'));
    const sw = `${P}-sw`;
    ip('netns', 'add', sw);
    namespaces.push(sw);
    ip('-n', sw, 'link', 'add', 'br0', 'type', 'bridge');
    ip('-n', sw, 'link', 'set', 'br0', 'up');
    for (const i of NODES) {
      const ns = `${P}-n${i}`;
      ip('netns', 'add', ns);
      namespaces.push(ns);
      ip('link', 'add', 'eth0', 'netns', ns, 'type', 'veth', 'peer', 'name', `p${i}`, 'netns', sw);
      ip('-n', sw, 'link', 'set', `p${i}`, 'master', 'br0', 'up');
      ip('-n', ns, 'addr', 'add', `10.0.0.${i}/24`, 'dev', 'eth0');
      ip('-n', ns, 'addr', 'add', `fd00::${i}/64`, 'dev', 'eth0', 'nodad');
      ip('-n', ns, 'link', 'set', 'eth0', 'up');
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
    const start = Date.now();
    for (const i of NODES) {
      const d = join(dir, `n${i}`);
      spawnSync('mkdir', ['-p', d]);
      writeFileSync(join(d, 'bird.cfg'), renderBirdConfig(input(i)).files['bird.cfg']!);
      procs.push(spawn('ip', ['netns', 'exec', `${P}-n${i}`, 'bird', '-f', '-c', join(d, 'bird.cfg'), '-s', join(d, 'bird.ctl'), '-P', join(d, 'bird.pid')], { stdio: 'ignore' }));
    }
    const established = (i: number) => {
      const out = inNs(`${P}-n${i}`, 'birdc', ['-s', join(dir, `n${i}`, 'bird.ctl'), 'show', 'protocols']).stdout ?? '';
      return expectedPeers(input(i)).every((p) => new RegExp(`^${p.name}\\s+BGP\\s+.*Established`, 'm').test(out));
    };
    while (!NODES.every(established) && Date.now() - start < 15_000) await new Promise((r) => setTimeout(r, 100));
    const elapsed = Date.now() - start;
    expect(NODES.every(established)).toBe(true);
    expect(elapsed).toBeLessThan(5000);
    process.stdout.write(`bird live: 3-node mesh (IPv4+IPv6) Established in ${elapsed} ms\n`);

    const routes = () => (inNs(`${P}-n1`, 'ip', ['route']).stdout ?? '') + (inNs(`${P}-n1`, 'ip', ['-6', 'route']).stdout ?? '');
    const want = ['192.168.20.0/26 via 10.0.0.2 dev eth0 proto bird metric 1024', '192.168.30.0/26 via 10.0.0.3 dev eth0 proto bird metric 1024', 'fd10:0:0:2::/122 via fd00::2 dev eth0 proto bird metric 1024'];
    const deadline = Date.now() + 10_000;
    while (!want.every((w) => routes().includes(w)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const table = routes();
    for (const w of want) expect(table).toContain(w);
    expect(table).toContain('blackhole 192.168.10.0/26 proto bird');
    // Direct routes are not pushed back into the kernel (RTS_DEVICE rejected).
    expect(table).not.toMatch(/10\.0\.0\.0\/24 .*proto bird/);
  }, 40_000);

  it('switch to a route reflector with MD5 passwords by `birdc configure`: clients learn each other\'s blocks through the RR', async () => {
    const peer = { apiVersion: 'projectcalico.org/v3', kind: 'BGPPeer', metadata: { name: 'to-rr' }, spec: { nodeSelector: 'all()', peerSelector: "route-reflector == 'true'", password: { secretKeyRef: { name: 'bgp', key: 'pw' } } } };
    const rr = (i: number): BirdInput => ({
      ...input(i),
      bgpConfig: { nodeToNodeMeshEnabled: false },
      nodes: NODES.map((n) => (n === 1 ? { name: 'n1', ipv4: '10.0.0.1/24', labels: { 'route-reflector': 'true' }, routeReflectorClusterID: '244.0.0.1' } : { name: `n${n}`, ipv4: `10.0.0.${n}/24` })),
      peers: [peer],
      secrets: { 'bgp/pw': 'rr-s3cret' },
    });
    expect(expectedPeers(rr(1)).map((p) => p.name)).toEqual(['Node_10_0_0_2', 'Node_10_0_0_3']);
    expect(expectedPeers(rr(2)).map((p) => p.name)).toEqual(['Node_10_0_0_1']);
    const ctl = (i: number) => join(dir, `n${i}`, 'bird.ctl');
    const start = Date.now();
    for (const i of NODES) {
      writeFileSync(join(dir, `n${i}`, 'bird.cfg'), renderBirdConfig(rr(i)).files['bird.cfg']!);
      const r = inNs(`${P}-n${i}`, 'birdc', ['-s', ctl(i), 'configure']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/Reconfigur(ed|ation in progress)/);
    }
    const ready = (i: number) => {
      const out = inNs(`${P}-n${i}`, 'birdc', ['-s', ctl(i), 'show', 'protocols']).stdout ?? '';
      return !/^Mesh_/m.test(out) && expectedPeers(rr(i)).every((p) => new RegExp(`^${p.name}\\s+BGP\\s+.*Established`, 'm').test(out));
    };
    const viaRR = () => (inNs(`${P}-n2`, 'birdc', ['-s', ctl(2), 'show', 'route', 'for', '192.168.30.1', 'all']).stdout ?? '');
    while (!(NODES.every(ready) && viaRR().includes('[Node_10_0_0_1')) && Date.now() - start < 15_000) await new Promise((r) => setTimeout(r, 100));
    expect(NODES.every(ready)).toBe(true);
    const route = viaRR();
    expect(route).toContain('[Node_10_0_0_1');
    expect(route).toContain('via 10.0.0.3 on eth0');
    expect(route).toContain('BGP.cluster_list: 244.0.0.1');
    process.stdout.write(`bird live: route reflector with passwords Established in ${Date.now() - start} ms after configure\n`);
  }, 40_000);
});
