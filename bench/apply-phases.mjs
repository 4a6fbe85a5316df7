// CPU of the two in-process phases of a bulk `apply -f` of 10,000 GlobalNetworkPolicies, each
// measured in a fresh process (so JIT warm-up counts, as in a real command): parsing
// (parseDocuments) and defaulting + validation (prepare). Prints medians; with a second build's
// root given, both builds alternate run by run, for a before/after under the same machine state.
//   node bench/apply-phases.mjs [runs=7] [other-build-root]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, machine, median } from './lib.mjs';

const runs = Number(process.argv[2] ?? 7);
const roots = [ROOT, ...(process.argv[3] ? [process.argv[3]] : [])];
const dir = mkdtempSync(join(tmpdir(), 'bench-phases-'));
const file = join(dir, 'big.yaml');
let text = '';
for (let i = 0; i < 10000; i++) {
  text += `---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: policy-${i}\nspec:\n` +
    `  order: ${i}\n  selector: app == 'app-${i}'\n  ingress:\n  - action: Allow\n    protocol: TCP\n` +
    `    source:\n      selector: role == 'frontend'\n    destination:\n      ports: [80, 443]\n  egress:\n  - action: Allow\n`;
}
writeFileSync(file, text);

const child = (root) => `
const D = ${JSON.stringify(join(root, 'dist') + '/')};
const { readFileSync } = await import('node:fs');
const { parseDocuments } = await import(D + 'resources/documents.js');
const { prepare } = await import(D + 'resources/manager.js');
const text = readFileSync(${JSON.stringify(file)}, 'utf8');
const t1 = performance.now();
const docs = parseDocuments(text, 'big.yaml');
const t2 = performance.now();
const out = docs.map((d) => prepare(d.def, d.resource, 'create'));
const t3 = performance.now();
if (out.length !== 10000) throw new Error('expected 10000 resources');
console.log(JSON.stringify({ parse: t2 - t1, prepare: t3 - t2 }));`;

try {
  const res = new Map(roots.map((r) => [r, { parse: [], prepare: [] }]));
  for (let i = 0; i < runs; i++) {
    for (const r of roots) {
      const m = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', child(r)], { encoding: 'utf8' }));
      res.get(r).parse.push(m.parse);
      res.get(r).prepare.push(m.prepare);
    }
  }
  console.log(`machine: ${machine()}`);
  console.log(`10,000 GlobalNetworkPolicies, ${runs} fresh processes per build (interleaved); medians:`);
  for (const [r, v] of res) console.log(`  ${r === ROOT ? 'this build' : r}: parse ${median(v.parse).toFixed(0)} ms, defaults + validation ${median(v.prepare).toFixed(0)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
