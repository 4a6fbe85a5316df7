#!/usr/bin/env node
// Cold-start benchmark: wall time of calicoctl invocations against `node -e 0`, interleaved so
// machine load hits every case alike. Goal (issue): `--help` and `version --client` within 1.6×.
// Usage: node bench/coldstart.js [--runs=30]   (build first: npm run build && npx oclif manifest)
// Exits 1 when a goal case misses the ratio.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GOAL = 1.6;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'calicoctl.js');
const runsArg = process.argv.find((a) => a.startsWith('--runs='));
const runs = runsArg ? Number(runsArg.slice('--runs='.length)) : 30;

const cases = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'calicoctl --help', args: [bin, '--help'], goal: true },
  { name: 'calicoctl version --client', args: [bin, 'version', '--client'], goal: true },
  { name: 'calicoctl get --help', args: [bin, 'get', '--help'] },
  { name: 'calicoctl --help (through oclif)', args: [bin, '--help'], env: { CALICOCTL_NO_FASTPATH: '1' } },
];

function once(c) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, c.args, { stdio: 'ignore', env: { ...process.env, ...c.env } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${c.name} exited ${r.status}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

for (const c of cases) once(c); // warm the file cache
const times = new Map(cases.map((c) => [c.name, []]));
for (let i = 0; i < runs; i++) for (const c of cases) times.get(c.name).push(once(c));

const base = median(times.get('node -e 0'));
let failed = false;
console.log(`Node ${process.version}, ${runs} interleaved runs; goal: ≤ ${GOAL}× node -e 0\n`);
console.log(`${'command'.padEnd(36)}${'median ms'.padStart(10)}${'min ms'.padStart(9)}${'ratio'.padStart(8)}`);
for (const c of cases) {
  const xs = times.get(c.name);
  const ratio = median(xs) / base;
  const verdict = c.goal ? (ratio <= GOAL ? '  ok' : '  MISSED') : '';
  if (c.goal && ratio > GOAL) failed = true;
  console.log(
    `${c.name.padEnd(36)}${median(xs).toFixed(1).padStart(10)}${Math.min(...xs).toFixed(1).padStart(9)}${ratio.toFixed(2).padStart(8)}${verdict}`,
  );
}
process.exitCode = failed ? 1 : 0;
