// `calicoctl get ippools` with 100 pools in a local etcd, against `etcdctl get --prefix` of the
// same keys, interleaved in the same run. Goal: ≤ 2× etcdctl.
//   node bench/get-ippools.mjs [runs]
// With BENCH_BEFORE_CLI set (see lib.mjs), that build is timed too, interleaved.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startEtcd } from '../scripts/etcd-process.mjs';
import { BEFORE_CLI, CLI, cleanEnv, machine, median, timeRun } from './lib.mjs';

const runs = Number(process.argv[2] ?? 30);
const etcd = await startEtcd();
const dir = mkdtempSync(join(tmpdir(), 'bench-get-'));
try {
  const env = cleanEnv({ DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: etcd.endpoint });
  const docs = Array.from({ length: 100 }, (_, i) =>
    `apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: pool-${i}\nspec:\n  cidr: 10.${i}.0.0/16\n`).join('---\n');
  writeFileSync(join(dir, 'pools.yaml'), docs);
  timeRun(process.execPath, [CLI, 'apply', '-f', join(dir, 'pools.yaml')], { env });
  const prefix = '/calico/resources/v3/projectcalico.org/ippools/';
  const ours = [];
  const base = [];
  const before = [];
  const nodeStart = [];
  const getPools = (cli) => {
    const r = timeRun(process.execPath, [cli, 'get', 'ippools'], { env });
    if (r.stdout.split('\n').length !== 103) throw new Error(`unexpected output:\n${r.stdout}`);
    return r.ms;
  };
  for (let i = 0; i < runs; i++) {
    base.push(timeRun('etcdctl', ['--endpoints', etcd.endpoint, 'get', '--prefix', prefix], { env: { ...env, ETCDCTL_API: '3' } }).ms);
    nodeStart.push(timeRun(process.execPath, ['-e', '0'], { env }).ms);
    if (BEFORE_CLI) before.push(getPools(BEFORE_CLI));
    ours.push(getPools(CLI));
  }
  const ratio = median(ours) / median(base);
  console.log(`machine: ${machine()}`);
  console.log(`runs: ${runs} (interleaved), 100 IPPools in a local etcd`);
  console.log(`baseline  etcdctl get --prefix ${prefix}: median ${median(base).toFixed(1)} ms`);
  console.log(`node -e 0 (Node's own start-up):          median ${median(nodeStart).toFixed(1)} ms`);
  if (BEFORE_CLI) console.log(`calicoctl get ippools, before:           median ${median(before).toFixed(1)} ms (${(median(before) / median(base)).toFixed(2)}×)`);
  console.log(`calicoctl get ippools:                   median ${median(ours).toFixed(1)} ms`);
  console.log(`ratio ${ratio.toFixed(2)}× (goal ≤ 2.00×) ${ratio <= 2 ? 'MET' : 'NOT MET'}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  await etcd.stop();
}
