// Input path speed: parseDocuments (split + YAML + strict decode) of one file holding 10,000
// GlobalNetworkPolicies, each sample in a fresh process (cold, as a CLI run is), next to
// js-yaml's loadAll of the same text (parsing only) as a reference. Goal: well under 1 s.
//   npm run build && node bench/loader.mjs [runs]
// DIST=<dir> points at another compiled tree (default: dist/).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, machine, median } from './lib.mjs';

const COUNT = 10_000;
const dist = process.env.DIST ?? join(ROOT, 'dist');

function policies(n) {
  const doc = (i) => `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: policy-${i}
  labels:
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
  egress:
  - action: Allow
    protocol: UDP
    destination:
      ports: [53]
`;
  return Array.from({ length: n }, (_, i) => doc(i)).join('---\n');
}

if (process.argv[2] === '--child') {
  const text = policies(COUNT);
  let ms;
  if (process.argv[3] === 'js-yaml') {
    const { default: yaml } = await import('js-yaml');
    const t0 = performance.now();
    yaml.loadAll(text, undefined, { schema: yaml.CORE_SCHEMA });
    ms = performance.now() - t0;
  } else {
    const { parseDocuments } = await import(pathToFileURL(join(dist, 'resources', 'loader.js')).href);
    const t0 = performance.now();
    const loaded = parseDocuments(text, 'bench.yaml');
    ms = performance.now() - t0;
    if (loaded.length !== COUNT) throw new Error(`decoded ${loaded.length} resources`);
  }
  process.stdout.write(`${ms}\n`);
} else {
  const runs = Number(process.argv[2] ?? 7);
  const sample = (which) => {
    const r = spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--child', which], { encoding: 'utf8', cwd: ROOT });
    if (r.status !== 0) throw new Error(r.stderr);
    return Number(r.stdout);
  };
  const ours = [];
  const ref = [];
  for (let i = 0; i < runs; i++) {
    ours.push(sample('ours'));
    ref.push(sample('js-yaml'));
  }
  const mb = (Buffer.byteLength(policies(COUNT)) / 1e6).toFixed(1);
  console.log(machine());
  console.log(`parseDocuments, ${COUNT} GlobalNetworkPolicies (${mb} MB), cold: median ${median(ours).toFixed(0)} ms (min ${Math.min(...ours).toFixed(0)})`);
  console.log(`js-yaml loadAll only (reference), same text:        median ${median(ref).toFixed(0)} ms (min ${Math.min(...ref).toFixed(0)})`);
}
