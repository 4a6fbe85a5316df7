// CNI ADD throughput: our calico-ipam plugin (a Node process per ADD, against a local etcd)
// versus Debian's host-local IPAM plugin (a Go binary, on a local directory), both driven with
// the same number of ADDs from the same number of concurrent workers, in one run.
// Also measures process start-up (CNI VERSION) of both, and of `node -e 0`.
//
// usage: node bench/cni-add.mjs [--adds=400] [--concurrency=8] [--startup-runs=15]
// Goal: calico-ipam ADD rate ≥ 0.5 × host-local's.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, cleanEnv, machine, median } from './lib.mjs';
import { startEtcd } from '../scripts/etcd-process.mjs';

const arg = (name, dflt) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const ADDS = arg('adds', 400);
const CONCURRENCY = arg('concurrency', 8);
const STARTUP_RUNS = arg('startup-runs', 15);
const PLUGIN = join(ROOT, 'bin', 'calico-ipam');
const HOST_LOCAL = '/usr/lib/cni/host-local';
const TIME = '/usr/bin/time';

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
async function addRun(label, cmd, args, conf, extraEnv) {
  let next = 0;
  const addresses = [];
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < ADDS) {
        const i = next++;
        const env = cleanEnv({
          CNI_COMMAND: 'ADD', CNI_CONTAINERID: `${label}-${i}`, CNI_NETNS: '/var/run/netns/bench', CNI_IFNAME: 'eth0',
          CNI_PATH: '/usr/lib/cni', CNI_ARGS: `IgnoreUnknown=1;K8S_POD_NAMESPACE=bench;K8S_POD_NAME=pod-${i}`, ...extraEnv,
        });
        const { out } = await invoke(cmd, args, env, conf);
        addresses.push(JSON.parse(out).ips[0].address);
      }
    }),
  );
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  if (new Set(addresses).size !== ADDS) throw new Error(`${label}: ${ADDS - new Set(addresses).size} duplicate addresses`);
  return { rate: ADDS / secs, secs };
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

const etcd = await startEtcd();
const dataDir = mkdtempSync(join(tmpdir(), 'cni-bench-host-local-'));
try {
  etcd.etcdctl([
    'put', '/calico/resources/v3/projectcalico.org/ippools/bench',
    JSON.stringify({ kind: 'IPPool', apiVersion: 'projectcalico.org/v3', metadata: { name: 'bench' }, spec: { cidr: '10.60.0.0/16', blockSize: 26, nodeSelector: 'all()' } }),
  ]);
  const calicoConf = JSON.stringify({
    cniVersion: '1.0.0', name: 'k8s-pod-network', type: 'calico', nodename: 'bench-node',
    datastore_type: 'etcdv3', etcd_endpoints: etcd.endpoint, ipam: { type: 'calico-ipam' },
  });
  const hostLocalConf = JSON.stringify({
    cniVersion: '1.0.0', name: 'bench', type: 'bridge',
    ipam: { type: 'host-local', ranges: [[{ subnet: '10.61.0.0/16' }]], dataDir },
  });

  const versionEnv = cleanEnv({ CNI_COMMAND: 'VERSION' });
  const su = {
    node: await startup(process.execPath, ['-e', '0'], versionEnv, ''),
    ours: await startup(process.execPath, [PLUGIN], versionEnv, '{"cniVersion":"1.0.0"}'),
    hostLocal: await startup(HOST_LOCAL, [], versionEnv, '{"cniVersion":"1.0.0"}'),
  };

  // CPU per ADD, one at a time (the rate ceiling on an idle machine is cores × 1000 / cpu ms).
  const addEnv = (label) => (i) => cleanEnv({ CNI_COMMAND: 'ADD', CNI_CONTAINERID: `${label}-${i}`, CNI_NETNS: '/x', CNI_IFNAME: 'eth0', CNI_PATH: '/usr/lib/cni' });
  const cpu = {
    node: await cpuMs(process.execPath, ['-e', '0'], () => versionEnv, ''),
    ours: await cpuMs(process.execPath, [PLUGIN], addEnv('cpu-ci'), calicoConf),
    hostLocal: await cpuMs(HOST_LOCAL, [], addEnv('cpu-hl'), hostLocalConf),
  };
  const c = (x) => (x === undefined ? 'n/a' : x.toFixed(0));

  const hl = await addRun('hl', HOST_LOCAL, [], hostLocalConf, {});
  const ours = await addRun('ci', process.execPath, [PLUGIN], calicoConf, {});
  const ratio = ours.rate / hl.rate;

  console.log(`machine: ${machine()}`);
  console.log(`${ADDS} ADDs, ${CONCURRENCY} concurrent processes; start-up = CNI VERSION, ${STARTUP_RUNS} runs`);
  console.log('');
  console.log('| | start-up (VERSION) median ms | min ms | CPU ms per ADD (user+sys) | ADDs/s | total s |');
  console.log('|---|---|---|---|---|---|');
  console.log(`| node -e 0 | ${su.node.median.toFixed(1)} | ${su.node.min.toFixed(1)} | ${c(cpu.node)} | | |`);
  console.log(`| host-local (Go, dir) | ${su.hostLocal.median.toFixed(1)} | ${su.hostLocal.min.toFixed(1)} | ${c(cpu.hostLocal)} | ${hl.rate.toFixed(1)} | ${hl.secs.toFixed(2)} |`);
  console.log(`| calico-ipam (etcd) | ${su.ours.median.toFixed(1)} | ${su.ours.min.toFixed(1)} | ${c(cpu.ours)} | ${ours.rate.toFixed(1)} | ${ours.secs.toFixed(2)} |`);
  console.log('');
  console.log(`ratio calico-ipam / host-local: ${ratio.toFixed(2)} (goal ≥ 0.50: ${ratio >= 0.5 ? 'met' : 'NOT met'})`);
  console.log(`start-up share of a calico-ipam ADD: node start-up ≈ ${su.ours.median.toFixed(0)} ms of ${((1000 * CONCURRENCY) / ours.rate).toFixed(0)} ms per ADD per worker`);
} finally {
  await etcd.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
