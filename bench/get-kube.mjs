// The Kubernetes datastore through the API-server stand-in (test/kube-apiserver), in one run:
//  1. `calicoctl get globalnetworkpolicies` with 1,000 policies on the stand-in vs the same on a
//     local etcd, interleaved. Goal: kube ≤ 1.5× etcd.
//  2. A bulk `calicoctl apply -f` of 10,000 policies through the stand-in, and the same writes
//     through the adapter in-process with a request counter: requests/s (no client-side throttle;
//     client-go's default 5 QPS would need 10,000 / 5 = 2,000 s).
//  3. The import cost of @kubernetes/client-node (which the adapter only loads for exec /
//     auth-provider users) against bare node.
//   node bench/get-kube.mjs [runs] [bulk]
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startEtcd } from '../scripts/etcd-process.mjs';
import { startKubeApiServer } from '../test/kube-apiserver/index.mjs';
import { CLI, ROOT, cleanEnv, machine, median, timeRun } from './lib.mjs';

const runs = Number(process.argv[2] ?? 15);
const bulk = Number(process.argv[3] ?? 10_000);

function policies(n, prefix) {
  return Array.from({ length: n }, (_, i) =>
    `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: ${prefix}-${i}\nspec:\n  order: ${i}\n  selector: app == 'a${i}'\n  types: [Ingress]\n  ingress:\n  - action: Allow\n    source:\n      nets: [10.${i % 256}.0.0/16]\n`,
  ).join('---\n');
}

const etcd = await startEtcd();
const kube = await startKubeApiServer({});
const dir = mkdtempSync(join(tmpdir(), 'bench-kube-'));
try {
  const etcdEnv = cleanEnv({ DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: etcd.endpoint });
  const kubeEnv = cleanEnv({ DATASTORE_TYPE: 'kubernetes', KUBECONFIG: kube.kubeconfigPath });
  writeFileSync(join(dir, 'gnp-1k.yaml'), policies(1000, 'p'));
  const seedEtcd = timeRun(process.execPath, [CLI, 'apply', '-f', join(dir, 'gnp-1k.yaml')], { env: etcdEnv }).ms;
  const seedKube = timeRun(process.execPath, [CLI, 'apply', '-f', join(dir, 'gnp-1k.yaml')], { env: kubeEnv }).ms;

  const e = [];
  const k = [];
  for (let i = 0; i < runs; i++) {
    const a = timeRun(process.execPath, [CLI, 'get', 'globalnetworkpolicies'], { env: etcdEnv });
    const b = timeRun(process.execPath, [CLI, 'get', 'globalnetworkpolicies'], { env: kubeEnv });
    if (a.stdout !== b.stdout || (a.stdout.match(/^p-/gm) ?? []).length !== 1000) {
      throw new Error(`outputs differ or are incomplete: ${a.stdout.split('\n').length} vs ${b.stdout.split('\n').length} lines\n${a.stdout.slice(0, 300)}\n---\n${b.stdout.slice(0, 300)}`);
    }
    e.push(a.ms);
    k.push(b.ms);
  }
  const ratio = median(k) / median(e);

  // 2. Bulk apply through the CLI, then raw adapter throughput with a request counter.
  writeFileSync(join(dir, 'gnp-bulk.yaml'), policies(bulk, 'bulk'));
  const applyMs = timeRun(process.execPath, [CLI, 'apply', '-f', join(dir, 'gnp-bulk.yaml')], { env: kubeEnv, timeout: 600_000 }).ms;
  const { loadClientConfig } = await import(join(ROOT, 'dist/datastore/config.js'));
  const { openDatastore } = await import(join(ROOT, 'dist/datastore/index.js'));
  const { findKind } = await import(join(ROOT, 'dist/resources/registry.js'));
  const ds = await openDatastore(loadClientConfig({ env: kubeEnv, defaultConfigPath: '/nonexistent/calicoctl.cfg' }));
  const gnp = findKind('globalnetworkpolicy');
  const ops = Array.from({ length: bulk }, (_, i) => ({
    op: 'create',
    kind: gnp,
    object: { apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name: `raw-${i}` }, spec: { order: i, selector: 'all()', types: ['Ingress'] } },
  }));
  const before = ds.http.stats.requests;
  const t0 = performance.now();
  const out = await ds.writeMany(ops);
  const rawMs = performance.now() - t0;
  const requests = ds.http.stats.requests - before;
  await ds.close();
  if (out.some((o) => !o.ok)) throw new Error(`bulk create failed: ${out.find((o) => !o.ok).error.message}`);

  // 3. client-node import cost.
  const bare = [];
  const withClient = [];
  for (let i = 0; i < 5; i++) {
    bare.push(timeRun(process.execPath, ['-e', '0']).ms);
    withClient.push(timeRun(process.execPath, ['--input-type=module', '-e', "await import('@kubernetes/client-node')"], { cwd: ROOT }).ms);
  }

  console.log(`machine: ${machine()}`);
  console.log(`1. get globalnetworkpolicies, 1,000 policies, ${runs} interleaved runs`);
  console.log(`   etcd:        median ${median(e).toFixed(1)} ms`);
  console.log(`   kubernetes:  median ${median(k).toFixed(1)} ms`);
  console.log(`   ratio ${ratio.toFixed(2)}× (goal ≤ 1.50×) ${ratio <= 1.5 ? 'MET' : 'NOT MET'}`);
  console.log(`   (seeding 1,000 by apply: etcd ${seedEtcd.toFixed(0)} ms, kubernetes ${seedKube.toFixed(0)} ms)`);
  console.log(`2. bulk: calicoctl apply -f of ${bulk} policies on the stand-in: ${(applyMs / 1000).toFixed(1)} s (${(bulk / (applyMs / 1000)).toFixed(0)} resources/s)`);
  console.log(`   adapter writeMany of ${bulk} creates: ${requests} requests in ${(rawMs / 1000).toFixed(2)} s = ${(requests / (rawMs / 1000)).toFixed(0)} requests/s`);
  console.log(`   (client-go's default 5 QPS would need ${(requests / 5).toFixed(0)} s)`);
  console.log(`3. import cost: node -e 0 median ${median(bare).toFixed(0)} ms; import('@kubernetes/client-node') median ${median(withClient).toFixed(0)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  await kube.stop();
  await etcd.stop();
}
