// `calicoctl node status` wall time against `birdc show protocols` on the same live BIRD 2, and
// `node -e 0` (Node's own start-up), interleaved round by round.
// Goal (issue 5): status ≤ 1.5 × birdc + (node -e 0).
// Also times the status module run directly (dist/node/status/fast.js), i.e. what the CLI costs
// without oclif, as src/main.ts's fast path would run it.
//
// usage: sudo node bench/node-status.mjs [--runs=15] [--peers=6]   (needs root and bird2)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT, cleanEnv, machine, median, timeRun } from './lib.mjs';

const arg = (name, dflt) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const RUNS = arg('runs', 15);
const PEERS = arg('peers', 6);
const BIRD = '/usr/sbin/bird';
const BIRDC = '/usr/sbin/birdc';

if (process.getuid?.() !== 0 || !existsSync(BIRD)) {
  console.error('needs root and bird2 (apt-get install -y bird2)');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'ctlts-bench-status-'));
const sock = join(dir, 'bird.ctl');
const port = 20000 + Math.floor(Math.random() * 30000);
const kinds = ['Mesh', 'Node', 'Global'];
let cfg = `log "${join(dir, 'bird.log')}" all;\nrouter id 127.0.0.1;\nprotocol device { scan time 10; }\n`;
for (let i = 0; i < PEERS; i++) {
  const ip = `127.0.1.${i + 2}`;
  cfg += `protocol bgp ${kinds[i % 3]}_${ip.replaceAll('.', '_')} {\n  local 127.0.0.1 port ${port} as 64512;\n  neighbor ${ip} port ${port + 1} as 64512;\n  strict bind; connect retry time 5;\n  ipv4 { import all; export none; };\n}\n`;
}
writeFileSync(join(dir, 'bird.cfg'), cfg);
const bird = spawn(BIRD, ['-f', '-c', join(dir, 'bird.cfg'), '-s', sock, '-P', join(dir, 'bird.pid')], { argv0: 'bird', stdio: 'ignore' });
writeFileSync(join(dir, 'agent.pid'), `${process.pid}\n`);

function cleanup() {
  try {
    process.kill(bird.pid, 'SIGTERM');
  } catch {}
  rmSync(dir, { recursive: true, force: true });
}

try {
  for (let i = 0; i < 100 && spawnSync(BIRDC, ['-s', sock, 'show', 'status']).status !== 0; i++) await new Promise((r) => setTimeout(r, 50));
  const env = cleanEnv();
  const fastEntry = `import(${JSON.stringify(join(ROOT, 'dist/node/status/fast.js'))}).then(async (m) => { process.exitCode = await m.fastNodeStatus(['--run-dir', ${JSON.stringify(dir)}]); })`;
  const cases = {
    'node -e 0': () => timeRun(process.execPath, ['-e', '0']),
    'birdc show protocols': () => timeRun(BIRDC, ['-s', sock, 'show', 'protocols']),
    'calicoctl node status': () => timeRun(process.execPath, [CLI, 'node', 'status', '--run-dir', dir], { env }),
    'status module (no oclif)': () => timeRun(process.execPath, ['--input-type=module', '-e', fastEntry], { env }),
  };
  // Sanity: the CLI really shows the peers.
  const shown = cases['calicoctl node status']().stdout;
  const rows = shown.split('\n').filter((l) => /^\| 127\.0\.1\./.test(l)).length;
  if (rows !== PEERS) throw new Error(`expected ${PEERS} peers in the output, got:\n${shown}`);
  const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let r = 0; r < RUNS; r++) for (const [k, f] of Object.entries(cases)) samples[k].push(f().ms);
  const med = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  console.log(`machine: ${machine()}`);
  console.log(`BIRD 2 with ${PEERS} BGP protocols; ${RUNS} interleaved runs each; medians:`);
  for (const [k, v] of Object.entries(med)) console.log(`  ${k.padEnd(26)} ${v.toFixed(1)} ms`);
  const budget = 1.5 * med['birdc show protocols'] + med['node -e 0'];
  for (const k of ['calicoctl node status', 'status module (no oclif)']) {
    const ok = med[k] <= budget;
    console.log(`goal ${k} ≤ 1.5 × birdc + node -e 0 = ${budget.toFixed(1)} ms: ${ok ? 'MET' : 'NOT MET'} (${med[k].toFixed(1)} ms)`);
  }
} finally {
  cleanup();
}
