// IPv6 end to end: three dual-stack nodes (IPv4 and IPv6 on one bridge) started with
// `calicoctl node run --ip6 …` (an explicit address, then autodetection by cidr= and by
// interface=). One BIRD 2 daemon per node carries both families: the IPv6 mesh comes up next to
// the IPv4 one and `node status` shows both tables; a workload given an IPv6 address on n2 gives
// the other nodes a kernel IPv6 route to n2's /122 via n2 (withdrawn when the block is released);
// an IPv6 global BGPPeer to a real BIRD
// in the bridge namespace, applied while the nodes run, comes up Established.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';
import { createLab, netnsSkipReason, until, type Lab } from './netns-helpers.js';
import { readPid } from '../../src/node/run/procs.js';
import { blockOf, formatCidr, parseCidr, parseIP } from '../../src/ipam/cidr.js';

const skip = netnsSkipReason();
let lab: Lab;
const NODES = [1, 2, 3];
const TOR_AS = 65010;
let tor: ChildProcess | undefined;

const under = (ip: string) => ip.replace(/[.:]/g, '_');
const mesh4 = (j: number) => `Mesh_${under(lab.nodeIP(j))}`;
const mesh6 = (j: number) => `Mesh_${under(lab.nodeIP6(j))}`;
const others = (i: number) => NODES.filter((j) => j !== i);
const birdPid = (i: number) => readPid(join(lab.runDir(i), 'bird.pid'));
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** How each node is given its IPv6 address. */
const ip6Args = (i: number): string[] =>
  // Upper case on purpose: stored and named in canonical (lower-case) text all the same.
  i === 1 ? ['--ip6', lab.nodeIP6(1).toUpperCase()]
    : i === 2 ? ['--ip6', 'autodetect', `--ip6-autodetection-method=cidr=${lab.prefix6}/64`]
      : ['--ip6=autodetect', '--ip6-autodetection-method=interface=eth0'];

/** The /122 holding an IPv6 address (the default IPv6 pool's block size). */
function block122(ip: string): string {
  const a = parseIP(ip);
  if (!a || a.version !== 6) throw new Error(`not an IPv6 address: ${ip}`);
  return formatCidr(blockOf(6, a.value, 122));
}

interface PeerJson { name: string; address: string; type: string; state: string; since: string; info: string }
interface FamilyJson { running: boolean; peers: PeerJson[] }
interface StatusJson { running: boolean; bird: { ipv4: FamilyJson; ipv6: FamilyJson } }

async function statusWait(i: number, wait = '20s'): Promise<{ code: number; json: StatusJson; stderr: string }> {
  const r = await lab.cli(i, ['node', 'status', '--run-dir', lab.runDir(i), `--wait=${wait}`, '-o', 'json'], 40_000);
  return { code: r.code, json: JSON.parse(r.stdout) as StatusJson, stderr: r.stderr };
}

const summary = (f: FamilyJson) => f.peers.map((p) => `${p.name} ${p.address} ${p.type} ${p.info}`).sort();

function readBirdc(ctl: string, ...args: string[]): string {
  const r = spawnSync('birdc', ['-s', ctl, ...args], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout : '';
}

describe.skipIf(skip !== undefined)(`dual-stack 3-node mesh in namespaces${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    lab = await createLab();
    for (const i of NODES) lab.addNode(i, { dualStack: true });
  }, 60_000);
  afterAll(async () => {
    if (tor?.pid !== undefined && tor.exitCode === null) {
      const gone = new Promise((r) => tor!.once('exit', r));
      process.kill(tor.pid, 'SIGKILL');
      await gone;
    }
    await lab?.cleanup();
  }, 60_000);

  it('node run --ip6 (explicit, cidr=, interface=) stores the IPv6 addresses, creates the default IPv6 pool and brings up both meshes', { timeout: 60_000 }, async () => {
    const t0 = Date.now();
    const runs = await Promise.all(NODES.map((i) => lab.runNode(i, ip6Args(i))));
    for (const r of runs) expect(r).toMatchObject({ code: 0, stderr: '' });
    const tStarted = Date.now();
    // node run tells which addresses the node uses.
    for (const [k, i] of NODES.entries()) {
      expect(runs[k]!.stdout).toContain(`Using IPv4 address from environment or autodetection: ${lab.nodeIP(i)}/24\n`);
      expect(runs[k]!.stdout).toContain(`Using IPv6 address from environment or autodetection: ${lab.nodeIP6(i)}/64\n`);
    }

    // The Node resources carry the IPv6 address with the interface's prefix, whichever way it was found.
    for (const i of NODES) {
      const g = await lab.cli(1, ['get', 'node', `n${i}`, '-o', 'json']);
      expect(g.code, g.stderr).toBe(0);
      expect(JSON.parse(g.stdout).spec.bgp).toMatchObject({ ipv4Address: `${lab.nodeIP(i)}/24`, ipv6Address: `${lab.nodeIP6(i)}/64` });
    }
    // node run created an IPv6 pool next to the IPv4 one: a ULA /48 with /122 blocks.
    const pool = await lab.cli(1, ['get', 'ippool', 'default-ipv6-ippool', '-o', 'json']);
    expect(pool.code, pool.stderr).toBe(0);
    const spec = JSON.parse(pool.stdout).spec as { cidr: string; blockSize: number };
    const cidr = parseCidr(spec.cidr);
    expect(cidr).toMatchObject({ version: 6, prefix: 48 });
    expect(cidr!.base >> 120n).toBe(0xfdn);
    expect(formatCidr(cidr!)).toBe(spec.cidr); // stored in canonical text
    expect(spec.blockSize).toBe(122);

    // node status --wait returns once every expected session (both families) is Established.
    const st = await Promise.all(NODES.map((i) => statusWait(i)));
    console.log(`dual-stack mesh: node run (parallel) ${tStarted - t0} ms, every v4+v6 session Established (node status --wait) ${Date.now() - t0} ms after start`);
    for (const [k, i] of NODES.entries()) {
      const s = st[k]!;
      expect(s.code, s.stderr).toBe(0);
      expect(s.json.running).toBe(true);
      expect(s.json.bird.ipv6.running).toBe(true);
      expect(summary(s.json.bird.ipv6)).toEqual(others(i).map((j) => `${mesh6(j)} ${lab.nodeIP6(j)} node-to-node mesh Established`).sort());
      expect(summary(s.json.bird.ipv4)).toEqual(others(i).map((j) => `${mesh4(j)} ${lab.nodeIP(j)} node-to-node mesh Established`).sort());
    }
    // BIRD itself agrees: one daemon, both families' sessions up.
    for (const i of NODES) {
      const protos = lab.bgpProtocols(i);
      expect(Object.keys(protos).sort()).toEqual(others(i).flatMap((j) => [mesh4(j), mesh6(j)]).sort());
      for (const info of Object.values(protos)) expect(info).toBe('Established');
    }
    // The agent's status file counts the IPv6 sessions too.
    const file = await until('status.json with 2 established IPv6 peers', () => {
      const s = JSON.parse(readFileSync(join(lab.runDir(1), 'status.json'), 'utf8'));
      return s.bgp.numberEstablishedV6 === 2 && s.bgp.numberEstablishedV4 === 2 ? s : undefined;
    }, 10_000);
    expect(file.bgp.peersV6.map((p: { peerIP: string }) => p.peerIP).sort()).toEqual([lab.nodeIP6(2), lab.nodeIP6(3)]);

    // The text a user reads: an IPv4 table, then an IPv6 table with both mesh peers.
    const text = await lab.cli(1, ['node', 'status', '--run-dir', lab.runDir(1)]);
    expect(text.code, text.stderr).toBe(0);
    const [v4part, v6part] = text.stdout.split('\nIPv6 BGP status\n');
    expect(v4part).toContain('\nIPv4 BGP status\n');
    expect(v6part, text.stdout).toBeDefined();
    expect(v6part).toMatch(/^\+-+\+-+\+-+\+-+\+-+\+\n\| +PEER ADDRESS +\| +PEER TYPE +\| +STATE +\| +SINCE +\| +INFO +\|\n/);
    for (const j of [2, 3]) {
      expect(v6part).toMatch(new RegExp(`^\\| ${esc(lab.nodeIP6(j))} +\\| node-to-node mesh \\| up +\\| \\d\\d:\\d\\d:\\d\\d +\\| Established +\\|$`, 'm'));
      expect(v4part).toMatch(new RegExp(`^\\| ${esc(lab.nodeIP(j))} +\\| node-to-node mesh \\| up +\\| \\d\\d:\\d\\d:\\d\\d +\\| Established +\\|$`, 'm'));
      expect(v4part).not.toContain(lab.nodeIP6(j));
    }
    expect(text.stdout).not.toContain("'bird6' is not running");
  });

  it('a CNI ADD with assign_ipv6 on n2 gives n1 and n3 a kernel IPv6 route to its /122 via n2; releasing the block withdraws it', { timeout: 45_000 }, async () => {
    const add = await lab.cni(2, 'ADD', 'pod-v6', 'n2', { assign_ipv6: 'true' });
    expect(add.code, add.stderr).toBe(0);
    const addrs = add.json!.ips!.map((x) => x.address);
    expect(addrs).toHaveLength(2);
    const v6 = addrs.find((a) => a.includes(':'));
    // calico-ipam reports the address with its block's prefix length (IPv4: /26, IPv6: /122).
    expect(v6).toMatch(/\/122$/);
    const podIP = v6!.split('/')[0]!;
    const block = block122(podIP);
    const via = new RegExp(`^${esc(block)} via ${esc(lab.nodeIP6(2))} dev eth0 proto bird metric 1024\\b`);

    const tAdd = Date.now();
    for (const i of [1, 3]) await until(`n${i}'s IPv6 route to ${block} via n2`, () => lab.kernelRoutes6(i).some((l) => via.test(l)), 15_000);
    console.log(`CNI ADD (IPv6) on n2 → route to ${block} in n1 and n3 after ${Date.now() - tAdd} ms`);
    // n2 holds the aggregate as a blackhole and no route to it via anyone else.
    expect(lab.kernelRoutes6(2)).toContainEqual(expect.stringMatching(new RegExp(`^blackhole ${esc(block)} dev lo proto bird metric 1024\\b`)));
    expect(lab.kernelRoutes6(2).some((l) => l.startsWith(`${block} via`))).toBe(false);
    // The route came from the IPv6 mesh session with n2, and is not in the IPv4 table.
    expect(lab.birdc(1, 'show', 'route', 'for', podIP, 'all')).toContain(`[${mesh6(2)} `);
    expect(lab.kernelRoutes(1).some((l) => l.includes(block))).toBe(false);

    // DEL frees the address but the block stays affine to n2 (route kept); releasing the empty
    // block's affinity, as IPAM garbage collection does, withdraws it everywhere.
    const del = await lab.cni(2, 'DEL', 'pod-v6', 'n2', { assign_ipv6: 'true' });
    expect(del.code, del.stderr).toBe(0);
    const ipamLib = JSON.stringify(join(ROOT, 'dist', 'ipam', 'index.js'));
    const cfg = JSON.stringify({ datastoreType: 'etcdv3', etcdEndpoints: [lab.etcdEndpoint] });
    const affinities = () => JSON.parse(lab.nodeScript(2, `const { openIpam, cidr } = await import(${ipamLib});
      const ipam = await openIpam(${cfg});
      console.log(JSON.stringify((await ipam.client.listAffinities('n2', 6)).map((a) => cidr.formatCidr(a.cidr))));
      await ipam.close();`)) as unknown[];
    expect(affinities()).toEqual([block]);
    expect(lab.kernelRoutes6(1).some((l) => via.test(l))).toBe(true);
    lab.nodeScript(2, `const { openIpam } = await import(${ipamLib});
      const ipam = await openIpam(${cfg});
      await ipam.client.releaseAffinity(${JSON.stringify(block)}, 'n2', true);
      await ipam.close();`);
    expect(affinities()).toEqual([]);
    for (const i of [1, 3]) await until(`n${i}'s IPv6 route to ${block} withdrawn`, () => !lab.kernelRoutes6(i).some((l) => l.startsWith(`${block} `)), 15_000);
    await until('n2 IPv6 blackhole removed', () => !lab.kernelRoutes6(2).some((l) => l.includes(block)), 15_000);
  });

  it('an IPv6 global BGPPeer to a real ToR, applied while the nodes run, comes up Established without restarting BIRD', { timeout: 45_000 }, async () => {
    const torIP = lab.switchIP6;
    const cfg = join(lab.dir, 'tor6.conf');
    writeFileSync(cfg, [
      `router id ${lab.subnet}.254;`,
      'timeformat protocol iso short;',
      'protocol device { scan time 2; }',
      ...NODES.map((i) => `protocol bgp n${i} { local ${torIP} as ${TOR_AS}; neighbor ${lab.nodeIP6(i)} as 64512; passive on; hold time 9; keepalive time 3; ipv6 { import all; export none; }; }`),
      '',
    ].join('\n'));
    const torCtl = join(lab.dir, 'tor6.ctl');
    tor = spawn('ip', ['netns', 'exec', lab.switchNs, 'bird', '-f', '-c', cfg, '-s', torCtl, '-P', join(lab.dir, 'tor6.pid')], { stdio: 'ignore' });

    // A workload with an IPv6 address on n3, so that the ToR has a route to learn.
    const add = await lab.cni(3, 'ADD', 'pod-v6c', 'n3', { assign_ipv6: 'true' });
    expect(add.code, add.stderr).toBe(0);
    const podIP = add.json!.ips!.map((x) => x.address).find((a) => a.includes(':'))!.split('/')[0]!;
    const block = block122(podIP);
    await until(`n1's IPv6 route to ${block}`, () => lab.kernelRoutes6(1).some((l) => l.startsWith(`${block} via ${lab.nodeIP6(3)} `)), 15_000);

    const pids = NODES.map(birdPid);
    const tApply = Date.now();
    await lab.apply(1, `apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata: {name: tor6}\nspec: {peerIP: '${torIP}', asNumber: ${TOR_AS}}\n`);
    const globalName = `Global_${under(torIP)}`;
    await until(`${globalName} Established everywhere`, () => NODES.every((i) => lab.bgpProtocols(i)[globalName] === 'Established'), 20_000);
    console.log(`IPv6 BGPPeer applied → ToR session Established on all 3 nodes after ${Date.now() - tApply} ms (includes the apply CLI)`);
    expect(NODES.map(birdPid)).toEqual(pids);

    for (const i of NODES) {
      expect(readFileSync(join(lab.runDir(i), 'bird.cfg'), 'utf8')).toContain(`neighbor ${torIP} as ${TOR_AS}`);
      const st = await statusWait(i, '5s');
      expect(st.code, st.stderr).toBe(0);
      expect(st.json.bird.ipv6.peers.find((p) => p.name === globalName)).toMatchObject({ address: torIP, type: 'global', info: 'Established' });
      expect(st.json.bird.ipv4.peers.some((p) => p.name === globalName)).toBe(false);
      for (const j of others(i)) expect(lab.bgpProtocols(i)[mesh6(j)]).toBe('Established');
    }
    // The ToR has all three sessions and learned n3's IPv6 block from n3.
    const torProtocols = readBirdc(torCtl, 'show', 'protocols');
    for (const i of NODES) expect(torProtocols).toMatch(new RegExp(`^n${i}\\s+BGP\\s+.*Established`, 'm'));
    await until(`the ToR to learn ${block}`, () => readBirdc(torCtl, 'show', 'route', 'for', podIP).includes(`via ${lab.nodeIP6(3)}`), 10_000);
    expect(readBirdc(torCtl, 'show', 'route', 'for', podIP)).toContain(block);
  });
});
