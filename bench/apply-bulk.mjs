// `calicoctl apply -f` of one file with N GlobalNetworkPolicies on a local etcd (batched
// transactions), against the same apply done one resource at a time
// (CALICOCTL_APPLY_BATCH=0) in the same run. Goal: ≥ 10,000 resources/s.
//   node bench/apply-bulk.mjs [N=10000] [baselineN=1000] [rounds=1]
// With BENCH_BEFORE_CLI set (see lib.mjs), that build is timed too, interleaved round by round.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startEtcd } from '../scripts/etcd-process.mjs';
import { BEFORE_CLI, CLI, cleanEnv, machine, median, timeRun } from './lib.mjs';

const n = Number(process.argv[2] ?? 10000);
const baselineN = Number(process.argv[3] ?? 1000);
const rounds = Number(process.argv[4] ?? 1);

function policies(count) {
  let out = '';
  for (let i = 0; i < count; i++) {
    out += `---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: policy-${i}\nspec:\n` +
      `  order: ${i}\n  selector: app == 'app-${i}'\n  ingress:\n  - action: Allow\n    protocol: TCP\n` +
      `    source:\n      selector: role == 'frontend'\n    destination:\n      ports: [80, 443]\n  egress:\n  - action: Allow\n`;
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'bench-apply-'));
const etcd = await startEtcd();
try {
  const env = cleanEnv({ DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: etcd.endpoint });
  writeFileSync(join(dir, 'big.yaml'), policies(n));
  writeFileSync(join(dir, 'small.yaml'), policies(baselineN));

  const builds = BEFORE_CLI ? [['before', BEFORE_CLI], ['this build', CLI]] : [['this build', CLI]];
  const times = new Map(builds.map(([name]) => [name, { fresh: [], again: [] }]));
  for (let r = 0; r < rounds; r++) {
    for (const [name, cli] of builds) {
      etcd.wipe();
      const batched = timeRun(process.execPath, [cli, 'apply', '-f', join(dir, 'big.yaml')], { env });
      if (!batched.stdout.includes(`Successfully applied ${n} 'GlobalNetworkPolicy' resource(s)`)) throw new Error(batched.stdout);
      const again = timeRun(process.execPath, [cli, 'apply', '-f', join(dir, 'big.yaml')], { env });
      if (!again.stdout.includes(`Successfully applied ${n} 'GlobalNetworkPolicy' resource(s)`)) throw new Error(again.stdout);
      times.get(name).fresh.push(batched.ms);
      times.get(name).again.push(again.ms);
    }
  }
  etcd.wipe();
  const single = timeRun(process.execPath, [CLI, 'apply', '-f', join(dir, 'small.yaml')], { env: { ...env, CALICOCTL_APPLY_BATCH: '0' } });
  if (!single.stdout.includes(`Successfully applied ${baselineN}`)) throw new Error(single.stdout);

  const rate = (count, ms) => (count / (ms / 1000));
  const r0 = rate(baselineN, single.ms);
  console.log(`machine: ${machine()}`);
  console.log(`apply -f of ${n} GlobalNetworkPolicies (one file), whole command wall time incl. start-up and parsing; median of ${rounds} round(s)`);
  console.log(`baseline one-at-a-time (${baselineN} policies, CALICOCTL_APPLY_BATCH=0): ${single.ms.toFixed(0)} ms = ${r0.toFixed(0)} resources/s`);
  let worst = Infinity;
  for (const [name] of builds) {
    const t = times.get(name);
    const r1 = rate(n, median(t.fresh));
    const r2 = rate(n, median(t.again));
    if (name === 'this build') worst = Math.min(r1, r2);
    console.log(`${name}, batched, all new:      ${median(t.fresh).toFixed(0)} ms = ${r1.toFixed(0)} resources/s (${(r1 / r0).toFixed(1)}× one-at-a-time)`);
    console.log(`${name}, batched, all existing: ${median(t.again).toFixed(0)} ms = ${r2.toFixed(0)} resources/s (${(r2 / r0).toFixed(1)}× one-at-a-time)`);
  }
  console.log(`goal ≥ 10000 resources/s: ${worst >= 10000 ? 'MET' : 'NOT MET'}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  await etcd.stop();
}
