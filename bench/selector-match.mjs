// Matching one realistic Calico selector (&&, in, has, !has) against 10,000 label sets, with
// the compiled selector from dist/, against a hand-written JS predicate doing the same test,
// interleaved in the same run. Goal: < 50 ms per 10,000 matches.
//   npm run build && node bench/selector-match.mjs [runs]
import { compileSelector, parseSelector } from '../dist/resources/selector/index.js';
import { machine, median } from './lib.mjs';

const runs = Number(process.argv[2] ?? 50);
const SETS = 10_000;
const GOAL_MS = 50;
const SELECTOR = 'env == "prod" && tier in {"db", "web", "cache"} && has(team) && !has(deprecated)';

// Deterministic label sets (about one in ten matches), 4 to 8 labels each.
let seed = 42;
const rand = (n) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const ENVS = ['prod', 'dev', 'staging'];
const TIERS = ['db', 'web', 'cache', 'batch', 'edge'];
const labelSets = Array.from({ length: SETS }, (_, i) => {
  const l = { app: `app-${i % 97}`, 'projectcalico.org/namespace': `ns-${i % 13}` };
  if (rand(10) > 0) l.env = ENVS[rand(ENVS.length)];
  if (rand(10) > 1) l.tier = TIERS[rand(TIERS.length)];
  if (rand(10) > 2) l.team = `team-${rand(5)}`;
  if (rand(10) === 0) l.deprecated = 'true';
  if (rand(2) === 0) l['kubernetes.io/hostname'] = `node-${rand(50)}`;
  return l;
});

const compiled = compileSelector(SELECTOR);
const TIER_SET = new Set(['db', 'web', 'cache']);
const own = Object.prototype.hasOwnProperty;
const handWritten = (l) =>
  l.env === 'prod' && TIER_SET.has(l.tier) && own.call(l, 'team') && !own.call(l, 'deprecated');

function timeMatches(fn) {
  const t0 = process.hrtime.bigint();
  let n = 0;
  for (let i = 0; i < SETS; i++) if (fn(labelSets[i])) n++;
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, n };
}

// The two must agree before their speed means anything.
const a = timeMatches(compiled).n;
const b = timeMatches(handWritten).n;
if (a !== b) throw new Error(`compiled selector matched ${a}, hand-written predicate ${b}`);

// Parse + compile cost, once per selector.
const parseTimes = [];
for (let i = 0; i < runs; i++) {
  const t0 = process.hrtime.bigint();
  compileSelector(SELECTOR);
  parseTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
}

const ours = [];
const base = [];
for (let i = 0; i < runs; i++) {
  base.push(timeMatches(handWritten).ms);
  ours.push(timeMatches(compiled).ms);
}
const m = median(ours);
const mb = median(base);
console.log(`machine: ${machine()}`);
console.log(`selector: ${parseSelector(SELECTOR).toString()}`);
console.log(`runs: ${runs} (interleaved), ${SETS} label sets, ${a} matches per run`);
console.log(`compiled selector: median ${m.toFixed(3)} ms per ${SETS} matches (${((m * 1e6) / SETS).toFixed(0)} ns each)`);
console.log(`hand-written JS predicate (baseline): median ${mb.toFixed(3)} ms (ratio ${(m / mb).toFixed(2)}x)`);
console.log(`parse + compile: median ${(median(parseTimes) * 1000).toFixed(1)} µs`);
console.log(`goal < ${GOAL_MS} ms: ${m < GOAL_MS ? 'met' : 'NOT met'}`);
