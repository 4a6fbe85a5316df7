// CNI ADD throughput: our calico-ipam plugin against a local etcd, without and with the resident
// IPAM daemon (`calico-ipam daemon`, reached by the native client dist/cni/calico-ipam-native),
// versus Debian's host-local IPAM plugin (a Go binary, on a local directory), all driven with the
// same number of concurrent workers, in one run. Also measures process start-up (CNI VERSION),
// CPU per ADD of each plugin process, and the daemon's own CPU per ADD.
//
// usage: node bench/cni-add.mjs [--adds=400] [--concurrency=8] [--startup-runs=15] [--slow-adds=80] [--rounds=3]
//   --slow-adds: ADDs for calico-ipam without a daemon (a Node start-up each; the rate is what counts)
//   --rounds: host-local and calico-ipam+daemon runs alternate this many times (the machine is
//   shared, so each round's ratio compares runs made seconds apart); the median ratio is the result
// Goal: calico-ipam ADD rate ≥ 0.5 × host-local's.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, cleanEnv, machine, median } from './lib.mjs';
import { startEtcd } from '../scripts/etcd-process.mjs';

const arg = (name, dflt) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const ADDS = arg('adds', 400);
const CONCURRENCY = arg('concurrency', 8);
const STARTUP_RUNS = arg('startup-runs', 15);
const SLOW_ADDS = arg('slow-adds', 80);
const ROUNDS = arg('rounds', 3);
const PLUGIN = join(ROOT, 'bin', 'calico-ipam');
const NATIVE = join(ROOT, 'dist', 'cni', 'calico-ipam-native');
const CLK_TCK = 100; // /proc/<pid>/stat utime/stime unit on Linux
const HOST_LOCAL = '/usr/lib/cni/host-local';
const TIME = '/usr/bin/time';

if (!existsSync(NATIVE)) {
  console.error(`${NATIVE} not found: npm run build && node scripts/build-native.js`);
  process.exit(1);
}
if (!existsSync(HOST_LOCAL)) {
  console.error(`${HOST_LOCAL} not found: apt-get install -y containernetworking-plugins`);
  process.exit(1);
}

/** Runs one plugin invocation; resolves with wall ms, rejects on a non-zero exit. */
function invoke(cmd, args, env, stdin) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0) reject(new Error(`${cmd} exited ${code}: ${out}`));
      else resolve({ ms, out });
    });
    child.stdin.on('error', () => undefined); // EPIPE when the program does not read stdin
    child.stdin.end(stdin);
  });
}

/** `total` ADDs spread over `CONCURRENCY` workers; returns ADDs per second and the addresses. */
async function addRun(label, cmd, args, conf, extraEnv, total = ADDS) {
  let next = 0;
  const addresses = [];
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const i = next++;
        const env = cleanEnv({
          CNI_COMMAND: 'ADD', CNI_CONTAINERID: `${label}-${i}`, CNI_NETNS: '/var/run/netns/bench', CNI_IFNAME: 'eth0',
          CNI_PATH: '/usr/lib/cni', CNI_ARGS: `IgnoreUnknown=1;K8S_POD_NAMESPACE=bench;K8S_POD_NAME=pod-${i}`, ...extraEnv,
        });
        const { out } = await invoke(cmd, args, env, conf).catch((e) => {
          throw new Error(`${label}: ADD ${i + 1} of ${total}: ${e.message}`);
        });
        addresses.push(JSON.parse(out).ips[0].address);
      }
    }),
  );
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  if (new Set(addresses).size !== total) throw new Error(`${label}: ${total - new Set(addresses).size} duplicate addresses`);
  return { rate: total / secs, secs, total };
}

async function startup(cmd, args, env, stdin) {
  const xs = [];
  for (let i = 0; i < STARTUP_RUNS; i++) xs.push((await invoke(cmd, args, env, stdin)).ms);
  return { median: median(xs), min: Math.min(...xs) };
}

/** Median CPU ms (user+sys) of one sequential invocation, through /usr/bin/time (Debian `time`); undefined without it. */
async function cpuMs(cmd, args, envFor, stdin) {
  if (!existsSync(TIME)) return undefined;
  const xs = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const { err } = await new Promise((resolve, reject) => {
      const child = spawn(TIME, ['-f', 'CPU %U %S', cmd, ...args], { env: envFor(i), stdio: ['pipe', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
      child.on('error', reject);
      child.on('close', () => resolve({ err }));
      child.stdin.on('error', () => undefined);
      child.stdin.end(stdin);
    });
    const m = /CPU ([\d.]+) ([\d.]+)/.exec(err);
    if (m) xs.push((Number(m[1]) + Number(m[2])) * 1000);
  }
  return xs.length ? median(xs) : undefined;
}

/** user+sys CPU ms a process has used so far (Linux /proc). */
function procCpuMs(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

/** `calico-ipam daemon --socket <socket>`; resolves once it listens. */
function startDaemon(socket) {
  return new Promise((resolve, reject) => {
    const child = spawn(PLUGIN, ['daemon', '--socket', socket], { env: cleanEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr.setEncoding('utf8').on('data', (d) => {
      log += d;
      if (log.includes('listening on')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`daemon exited ${code}: ${log}`)));
  });
}

function stopDaemon(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    process.kill(child.pid, 'SIGTERM');
  });
}

const etcd = await startEtcd();
const dataDir = mkdtempSync(join(tmpdir(), 'cni-bench-host-local-'));
const sockDir = mkdtempSync(join(tmpdir(), 'cni-bench-daemon-'));
const socket = join(sockDir, 'ipam.sock');
const noDaemon = { CALICO_IPAM_SOCKET: join(sockDir, 'absent.sock') };
const withDaemon = { CALICO_IPAM_SOCKET: socket };
let daemon;
try {
  etcd.etcdctl([
    'put', '/calico/resources/v3/projectcalico.org/ippools/bench',
    JSON.stringify({ kind: 'IPPool', apiVersion: 'projectcalico.org/v3', metadata: { name: 'bench' }, spec: { cidr: '10.60.0.0/16', blockSize: 26, nodeSelector: 'all()' } }),
  ]);
  // One node per run: a node claims at most 20 blocks of 64 by default, and every run starts on
  // the same empty footing.
  const calicoConfFor = (node) => JSON.stringify({
    cniVersion: '1.0.0', name: 'k8s-pod-network', type: 'calico', nodename: `bench-${node}`,
    datastore_type: 'etcdv3', etcd_endpoints: etcd.endpoint, ipam: { type: 'calico-ipam' },
  });
  const calicoConf = calicoConfFor('cpu');
  const hostLocalConf = JSON.stringify({
    cniVersion: '1.0.0', name: 'bench', type: 'bridge',
    ipam: { type: 'host-local', ranges: [[{ subnet: '10.61.0.0/16' }]], dataDir },
  });
  daemon = await startDaemon(socket);

  const versionEnv = (extra = {}) => cleanEnv({ CNI_COMMAND: 'VERSION', ...extra });
  const su = {
    node: await startup(process.execPath, ['-e', '0'], versionEnv(), ''),
    hostLocal: await startup(HOST_LOCAL, [], versionEnv(), '{"cniVersion":"1.0.0"}'),
    ours: await startup(PLUGIN, [], versionEnv(noDaemon), '{"cniVersion":"1.0.0"}'),
    daemon: await startup(PLUGIN, [], versionEnv(withDaemon), '{"cniVersion":"1.0.0"}'),
    native: await startup(NATIVE, [], versionEnv(withDaemon), '{"cniVersion":"1.0.0"}'),
  };

  // CPU per ADD, one at a time (the rate ceiling on an idle machine is cores × 1000 / cpu ms).
  const addEnv = (label, extra = {}) => (i) =>
    cleanEnv({ CNI_COMMAND: 'ADD', CNI_CONTAINERID: `${label}-${i}`, CNI_NETNS: '/x', CNI_IFNAME: 'eth0', CNI_PATH: '/usr/lib/cni', ...extra });
  const cpu = {
    node: await cpuMs(process.execPath, ['-e', '0'], () => versionEnv(), ''),
    hostLocal: await cpuMs(HOST_LOCAL, [], addEnv('cpu-hl'), hostLocalConf),
    ours: await cpuMs(PLUGIN, [], addEnv('cpu-ci', noDaemon), calicoConf),
    daemon: await cpuMs(PLUGIN, [], addEnv('cpu-cd', withDaemon), calicoConf),
    native: await cpuMs(NATIVE, [], addEnv('cpu-cn', withDaemon), calicoConf),
  };
  // /usr/bin/time reports 10 ms steps; the daemon's figure is averaged over a whole run.
  const c = (x) => (x === undefined ? 'n/a' : x < 10 ? '<10' : x.toFixed(0));
  const cd = (x) => x.toFixed(1);

  const ours = await addRun('ci', PLUGIN, [], calicoConfFor('ci'), noDaemon, SLOW_ADDS);
  const hlRuns = [];
  const daemonRuns = [];
  let daemonCpu = 0;
  for (let r = 0; r < ROUNDS; r++) {
    hlRuns.push(await addRun(`hl${r}`, HOST_LOCAL, [], hostLocalConf, {}));
    const d0 = procCpuMs(daemon.pid);
    daemonRuns.push(await addRun(`cd${r}`, PLUGIN, [], calicoConfFor(`cd${r}`), withDaemon));
    daemonCpu += (procCpuMs(daemon.pid) - d0) / ADDS / ROUNDS;
  }
  const native = await addRun('cn', NATIVE, [], calicoConfFor('cn'), withDaemon);
  const hlAfter = await addRun('hl-end', HOST_LOCAL, [], hostLocalConf, {});
  const ratios = daemonRuns.map((d, i) => d.rate / hlRuns[i].rate);
  const hlMedian = median(hlRuns.map((x) => x.rate));
  const dMedian = median(daemonRuns.map((x) => x.rate));
  const medianRatio = median(ratios);

  const rates = (runs) => runs.map((x) => x.rate.toFixed(1)).join(', ');
  const row = (name, s, cpuMs, rate, adds, extra = '') =>
    `| ${name} | ${s.median.toFixed(1)} | ${s.min.toFixed(1)} | ${c(cpuMs)}${extra} | ${rate ?? ''} | ${adds ?? ''} |`;
  console.log(`machine: ${machine()}; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log(`${CONCURRENCY} concurrent processes; start-up = CNI VERSION, ${STARTUP_RUNS} runs; ${ROUNDS} alternating rounds of host-local / calico-ipam + daemon`);
  console.log('');
  console.log('| | start-up (VERSION) median ms | min ms | CPU ms per ADD (user+sys) | ADDs/s | ADDs per run |');
  console.log('|---|---|---|---|---|---|');
  console.log(row('node -e 0', su.node, cpu.node));
  console.log(row('host-local (Go, dir)', su.hostLocal, cpu.hostLocal, `${hlMedian.toFixed(1)} (rounds: ${rates(hlRuns)}; last ${hlAfter.rate.toFixed(1)})`, ADDS));
  console.log(row('calico-ipam, no daemon (Node per ADD)', su.ours, cpu.ours, ours.rate.toFixed(1), SLOW_ADDS));
  console.log(row('calico-ipam + daemon (bin/calico-ipam)', su.daemon, cpu.daemon, `${dMedian.toFixed(1)} (rounds: ${rates(daemonRuns)})`, ADDS, ` + daemon ${cd(daemonCpu)}`));
  console.log(row('calico-ipam + daemon (native client direct)', su.native, cpu.native, native.rate.toFixed(1), ADDS));
  console.log('');
  const verdict = (x) => `${x.toFixed(2)} (goal ≥ 0.50: ${x >= 0.5 ? 'met' : 'NOT met'})`;
  console.log(`ratio calico-ipam / host-local without daemon: ${verdict(ours.rate / hlMedian)}`);
  console.log(`ratio calico-ipam / host-local with daemon:    ${verdict(medianRatio)}  (per round: ${ratios.map((x) => x.toFixed(2)).join(', ')})`);
} finally {
  if (daemon) await stopDaemon(daemon);
  await etcd.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(sockDir, { recursive: true, force: true });
}
