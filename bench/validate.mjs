// `calicoctl validate -f` of 10,000 policies: the CPU spent beyond YAML parsing. Each sample is
// a fresh process that parses the text with parseDocuments (split + YAML + strict decode: the
// baseline, measured in the same run) and then runs prepare() (CRD defaults, the kind's
// validation, the CRD OpenAPI pass) on every resource, as `validate` does. The end-to-end
// `calicoctl validate -f` of the same file is timed too. Goal: validation beyond parsing < 1 s.
//   npm run build && node bench/validate.mjs [runs]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI, ROOT, cleanEnv, machine, median } from './lib.mjs';

const COUNT = 10_000;
const dist = join(ROOT, 'dist');

function policies(n) {
  const doc = (i) => `apiVersion: projectcalico.org/v3
kind: ${i % 2 ? 'NetworkPolicy' : 'GlobalNetworkPolicy'}
metadata:
  name: policy-${i}
${i % 2 ? '  namespace: ns' + (i % 13) + '\n' : ''}  labels:
    team: t${i % 7}
spec:
  order: ${i}
  selector: app == 'a${i}'
  types: [Ingress, Egress]
  ingress:
  - action: Allow
    protocol: TCP
    source:
      selector: role == 'client'
      nets: [10.0.0.0/8]
    destination:
      ports: [80, 443, "8000:8080"]
  - action: Deny
    protocol: ICMP
    icmp: {type: 8, code: 0}
  egress:
  - action: Allow
    protocol: UDP
    destination:
      ports: [53]
      nets: [10.96.0.10/32]
`;
  return Array.from({ length: n }, (_, i) => doc(i)).join('---\n');
}

const cpuMs = (u) => (u.user + u.system) / 1000;

if (process.argv[2] === '--child') {
  const text = policies(COUNT);
  const { parseDocuments } = await import(pathToFileURL(join(dist, 'resources', 'loader.js')).href);
  const { prepare } = await import(pathToFileURL(join(dist, 'resources', 'manager.js')).href);
  let c0 = process.cpuUsage();
  let t0 = performance.now();
  const loaded = parseDocuments(text, 'bench.yaml');
  const parse = { wall: performance.now() - t0, cpu: cpuMs(process.cpuUsage(c0)) };
  if (loaded.length !== COUNT) throw new Error(`decoded ${loaded.length} resources`);
  c0 = process.cpuUsage();
  t0 = performance.now();
  for (const l of loaded) prepare(l.def, l.resource, 'validate');
  const validate = { wall: performance.now() - t0, cpu: cpuMs(process.cpuUsage(c0)) };
  process.stdout.write(`${JSON.stringify({ parse, validate })}\n`);
} else {
  const runs = Number(process.argv[2] ?? 5);
  const dir = mkdtempSync(join(tmpdir(), 'bench-validate-'));
  const file = join(dir, 'policies.yaml');
  writeFileSync(file, policies(COUNT));
  const samples = [];
  const e2e = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--child'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    samples.push(JSON.parse(r.stdout));
    const t0 = performance.now();
    const v = spawnSync(process.execPath, [CLI, 'validate', '-f', file], { encoding: 'utf8', env: cleanEnv(), maxBuffer: 1 << 26 });
    if (v.status !== 0) throw new Error(v.stderr);
    e2e.push(performance.now() - t0);
  }
  rmSync(dir, { recursive: true, force: true });
  const m = (f) => median(samples.map(f)).toFixed(0);
  console.log(`machine: ${machine()}; ${COUNT} policies (GNP and NP), ${runs} fresh processes`);
  console.log(`parseDocuments (baseline)  wall ${m((s) => s.parse.wall)} ms  cpu ${m((s) => s.parse.cpu)} ms`);
  console.log(`prepare (validation)       wall ${m((s) => s.validate.wall)} ms  cpu ${m((s) => s.validate.cpu)} ms   goal < 1000 ms`);
  console.log(`calicoctl validate -f (end to end, wall): ${median(e2e).toFixed(0)} ms`);
}
