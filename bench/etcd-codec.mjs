// CPU of the etcd wire codec (src/datastore/etcd/wire) on the txns of a bulk `apply -f` of
// 10,000 GlobalNetworkPolicies: 79 batches of ≤128 ops, each (a) a read txn of single-key
// `request_range`s and the decoding of its response, then (b) a write txn of compares + puts
// (values as strings) and the decoding of its response. Two scenarios, each in fresh processes
// (JIT warm-up counts, as in a real command): "new" (create: version == 0 compares, reads find
// nothing) and "existing" (update: mod_revision compares, reads return the stored policies).
// Prints medians of CPU time (all threads, so JIT compilation counts) and of wall time; with a
// second build's root given, both builds alternate run by run and must produce the same request
// bytes and decoded responses (checked by digest).
//   node bench/etcd-codec.mjs [runs=11] [other-build-root]
// BENCH_CALLGRIND=1: instead, counts the codec's instructions under valgrind's callgrind.
// BENCH_CHILD=new|existing: prints that child's script instead (to run it under a profiler).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, machine, median } from './lib.mjs';

const runs = Number(process.argv[2] ?? 11);
const N = 10000, BATCH = 128;
const key = (i) => Buffer.from('/calico/resources/v3/projectcalico.org/globalnetworkpolicies/default.policy-' + i);
const value = (i) => JSON.stringify({ kind: 'GlobalNetworkPolicy', apiVersion: 'projectcalico.org/v3',
  metadata: { name: 'default.policy-' + i, uid: '6f1c2a3b-' + (100000 + i) + '-4e5f-9a0b-1c2d3e4f5a6b', resourceVersion: '', creationTimestamp: '2026-11-21T23:00:00Z' },
  spec: { tier: 'default', order: i, selector: "app == 'app-" + i + "'", types: ['Ingress', 'Egress'],
    ingress: [{ action: 'Allow', protocol: 'TCP', source: { selector: "role == 'frontend'" }, destination: { ports: [80, 443] } }],
    egress: [{ action: 'Allow' }] } });

// The txn responses of each batch as etcd sends them (defaults left out), encoded by protobufjs
// (etcd3's encoder) from etcd's rpc.proto: a 4-byte length before each.
const require = createRequire(import.meta.url);
const protobuf = require('protobufjs');
const T = new protobuf.Root().loadSync(require.resolve('etcd3/proto/rpc.proto'), { keepCase: true }).lookupType('etcdserverpb.TxnResponse');
const header = (rev) => ({ cluster_id: '14841639068965178418', member_id: '10276657743932975437', revision: String(rev), raft_term: '2' });
const dir = mkdtempSync(join(tmpdir(), 'bench-codec-'));
if (!process.env.BENCH_CHILD) process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
for (const scenario of ['new', 'existing']) {
  const parts = [];
  let rev = 1000;
  for (let s = 0; s < N; s += BATCH) {
    const ids = Array.from({ length: Math.min(BATCH, N - s) }, (_, j) => s + j);
    const read = { header: header(rev), succeeded: true, responses: ids.map((i) => ({ response_range: scenario === 'existing'
      ? { header: header(rev), kvs: [{ key: key(i), create_revision: String(500 + i), mod_revision: String(500 + i), version: '1', value: Buffer.from(value(i)) }], count: '1' }
      : { header: header(rev) } })) };
    rev++;
    const write = { header: header(rev), succeeded: true, responses: ids.map(() => ({ response_put: { header: header(rev) } })) };
    for (const msg of [read, write]) {
      const bytes = Buffer.from(T.encode(T.fromObject(msg)).finish());
      const len = Buffer.alloc(4);
      len.writeUInt32BE(bytes.length);
      parts.push(len, bytes);
    }
  }
  writeFileSync(join(dir, scenario), Buffer.concat(parts));
}
const roots = [ROOT, ...(process.argv[3] ? [process.argv[3]] : [])];

const child = (root, scenario, skip = false, digest = true) => `
const D = ${JSON.stringify(join(root, 'dist') + '/')};
const { createHash } = await import('node:crypto');
const { encodeMessage, decodeMessage } = await import(D + 'datastore/etcd/wire/proto.js');
const { TxnRequest, TxnResponse } = await import(D + 'datastore/etcd/wire/messages.js');
const existing = ${JSON.stringify(scenario === 'existing')};
const N = ${N}, BATCH = ${BATCH};
const key = ${key.toString()};
const value = ${value.toString()};
// The responses come from the parent (encoded there by protobufjs), so that no encoding done
// here warms up code before the timed part.
const { readFileSync } = await import('node:fs');
const fixture = readFileSync(${JSON.stringify(join(dir, scenario))});
const responses = [];
for (let at = 0; at < fixture.length; ) {
  const n = fixture.readUInt32BE(at);
  responses.push(fixture.subarray(at + 4, at + 4 + n));
  at += 4 + n;
}
const batches = [];
for (let s = 0, b = 0; s < N; s += BATCH, b++) {
  const ids = Array.from({ length: Math.min(BATCH, N - s) }, (_, j) => s + j);
  const keys = ids.map(key);
  const vals = ids.map(value);
  const revs = ids.map((i) => String(500 + i));
  const readReq = { compare: [], success: keys.map((k) => ({ request_range: { key: k } })), failure: [] };
  const writeReq = { compare: keys.map((k, j) => existing
      ? { key: k, target: 2, result: 0, mod_revision: revs[j] }
      : { key: k, target: 0, result: 0, version: 0 }),
    success: keys.map((k, j) => ({ request_put: { key: k, value: vals[j] } })),
    failure: keys.map((k) => ({ request_range: { key: k } })) };
  batches.push({ readReq, readResp: responses[2 * b], writeReq, writeResp: responses[2 * b + 1] });
}
globalThis.gc?.(); // the inputs' garbage is not the codec's
const t = { encodeRead: 0, decodeRead: 0, encodeWrite: 0, decodeWrite: 0 };
const c = { encodeRead: 0, decodeRead: 0, encodeWrite: 0, decodeWrite: 0 };
const reqHash = createHash('sha256'), respHash = createHash('sha256');
// Decoded responses go into the digest as they come (not kept: that would make every GC slower),
// walked without making garbage: names, strings and bytes in order, with type marks.
const feed = (v) => {
  if (Buffer.isBuffer(v)) respHash.update('B').update(v);
  else if (typeof v === 'string') respHash.update('S').update(v);
  else if (Array.isArray(v)) { respHash.update('['); for (const x of v) feed(x); respHash.update(']'); }
  else if (v && typeof v === 'object') { respHash.update('{'); for (const k in v) { respHash.update(k); feed(v[k]); } respHash.update('}'); }
  else respHash.update(String(v));
};
let w = performance.now(), u = process.cpuUsage();
const lap = (phase) => {
  const w2 = performance.now(), u2 = process.cpuUsage();
  t[phase] += w2 - w;
  c[phase] += (u2.user - u.user + u2.system - u.system) / 1000;
  w = w2; u = u2;
};
for (const b of ${skip ? '[]' : 'batches'}) {
  w = performance.now(); u = process.cpuUsage();
  const r1 = encodeMessage(TxnRequest, b.readReq, 5);
  lap('encodeRead');
  const d1 = decodeMessage(TxnResponse, b.readResp);
  lap('decodeRead');
  const r2 = encodeMessage(TxnRequest, b.writeReq, 5);
  lap('encodeWrite');
  const d2 = decodeMessage(TxnResponse, b.writeResp);
  lap('decodeWrite');
  ${digest ? 'reqHash.update(r1.subarray(5)); reqHash.update(r2.subarray(5)); feed(d1); feed(d2);' : ''} // outside the laps
}
console.log(JSON.stringify({ wall: t, cpu: c, digest: reqHash.digest('hex').slice(0, 16) + '/' + respHash.digest('hex').slice(0, 16) }));`;

if (process.env.BENCH_CHILD) {
  // For profiling: prints one child's script (its fixture stays in a temporary directory).
  console.log(child(roots[0], process.env.BENCH_CHILD));
  process.exit(0);
}

if (process.env.BENCH_CALLGRIND) {
  // Instructions (all threads, so JIT compilation counts) of the codec work: a child doing
  // everything minus the same child with the codec loop left out, one run each under callgrind.
  const count = (r, scenario, skip) => {
    const args = ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, '--expose-gc', '--input-type=module', '-e', child(r, scenario, skip, false)];
    const { stderr } = spawnSync('valgrind', args, { encoding: 'utf8', maxBuffer: 1 << 26 });
    const m = /Collected : (\d+)/.exec(stderr);
    if (!m) throw new Error(`callgrind gave no count: ${stderr.slice(-500)}`);
    return Number(m[1]);
  };
  console.log(`codec instructions under callgrind (millions; median of ${runs} run(s), each the whole child minus the child without the codec loop):`);
  for (const scenario of ['new', 'existing']) {
    const diffs = new Map(roots.map((r) => [r, []]));
    for (let i = 0; i < runs; i++) {
      for (const r of roots) {
        const full = count(r, scenario, false);
        const skip = count(r, scenario, true);
        diffs.get(r).push(full - skip);
        console.log(`    run ${i + 1} ${scenario} ${r === ROOT ? 'this build' : r}: ${(full / 1e6).toFixed(0)} M - ${(skip / 1e6).toFixed(0)} M`);
      }
    }
    for (const r of roots) console.log(`  ${scenario.padEnd(8)} ${r === ROOT ? 'this build' : r}: ${(median(diffs.get(r)) / 1e6).toFixed(0)} M`);
  }
  process.exit(0);
}

const phases = ['encodeRead', 'decodeRead', 'encodeWrite', 'decodeWrite'];
const res = new Map();
for (const scenario of ['new', 'existing']) {
  for (const r of roots) res.set(`${scenario} ${r}`, { scenario, root: r, samples: [] });
}
const digests = new Map();
for (let i = 0; i < runs; i++) {
  for (const scenario of ['new', 'existing']) {
    for (const r of roots) {
      const m = JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', child(r, scenario)], { encoding: 'utf8' }));
      res.get(`${scenario} ${r}`).samples.push(m);
      const seen = digests.get(scenario);
      if (seen && seen !== m.digest) throw new Error(`${scenario}: ${r} produced different bytes or objects (${m.digest} vs ${seen})`);
      digests.set(scenario, m.digest);
    }
  }
}
console.log(`machine: ${machine()}`);
console.log(`10,000 ops in 79 txns per shape, ${runs} fresh processes per build and scenario (interleaved); medians in ms:`);
for (const clock of ['cpu', 'wall']) {
  console.log(` ${clock === 'cpu' ? 'CPU time (user + system, all threads)' : 'wall time'}:`);
  for (const { scenario, root, samples } of res.values()) {
    const parts = phases.map((p) => `${p} ${median(samples.map((s) => s[clock][p])).toFixed(1)}`);
    const total = median(samples.map((s) => phases.reduce((a, p) => a + s[clock][p], 0)));
    console.log(`  ${scenario.padEnd(8)} ${root === ROOT ? 'this build' : root}: ${parts.join(', ')}; total ${total.toFixed(1)}`);
  }
}
if (roots.length > 1) console.log('request bytes and decoded responses identical across builds (digests match)');
