// A bulk `apply -f` large enough to span several pipelined stages (500 resources each) must
// give exactly what one-resource-at-a-time apply gives (CALICOCTL_APPLY_BATCH=0): the same
// messages and exit code, and the same objects stored in etcd. The interesting documents sit in
// different stages: a Tier created in the first stage used by a policy in the second, a name
// applied twice (the later document wins), overlapping pools across stages, a policy in a tier
// that does not exist, and an invalid selector.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdInstance } from '../helpers/etcd.js';
import { BIN, etcdEnv, runCli } from '../helpers/cli.js';

let etcd: EtcdInstance;
let dir: string;
const COUNT = 2050;

const gnp = (name: string, extra = '', order = 10, selector = "app == 'x'") =>
  `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n${extra}  order: ${order}\n  selector: ${selector}\n  ingress:\n  - action: Allow\n    protocol: TCP\n    destination:\n      ports: [80]\n`;

/** Document i of the mixed file (0-based). */
function doc(i: number): string {
  switch (i) {
    case 0: return 'apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: t1\nspec:\n  order: 100\n';
    case 5: return gnp('dup', '', 1);
    case 300: return 'apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: wide\nspec:\n  cidr: 10.40.0.0/16\n';
    case 1200: return gnp('bad', '', 3, "app == 'unterminated");
    case 1300: return 'apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: narrow\nspec:\n  cidr: 10.40.1.0/24\n';
    case 1500: return gnp('t1.in-tier', '  tier: t1\n');
    case 1800: return gnp('dup', '', 2);
    case 2010: return gnp('nope.orphan', '  tier: nope\n');
    default: return gnp(`p-${i}`, '', i);
  }
}

/** Every stored resource, keyed by etcd key, without the fields that differ run to run (uid, times, the cluster GUID). */
function storedState(): Record<string, unknown> {
  const out = etcd.etcdctl(['get', '--prefix', '/calico/resources/v3/projectcalico.org/', '-w', 'json']);
  const kvs = (JSON.parse(out) as { kvs?: { key: string; value: string }[] }).kvs ?? [];
  const state: Record<string, unknown> = {};
  for (const kv of kvs) {
    const obj = JSON.parse(Buffer.from(kv.value, 'base64').toString('utf8')) as { metadata: Record<string, unknown>; spec?: Record<string, unknown> };
    delete obj.metadata.uid;
    if (obj.spec) delete obj.spec.clusterGUID; // random per initialisation
    delete obj.metadata.creationTimestamp;
    state[Buffer.from(kv.key, 'base64').toString('utf8')] = obj;
  }
  return state;
}

beforeAll(async () => {
  etcd = await startEtcd();
  dir = mkdtempSync(join(tmpdir(), 'ctlts-bulk-'));
  writeFileSync(join(dir, 'mixed.yaml'), Array.from({ length: COUNT }, (_, i) => doc(i)).join('---\n'));
});
afterAll(async () => {
  await etcd?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('bulk apply across pipelined stages', () => {
  it('gives the same messages, exit code and stored objects as one-at-a-time apply', async () => {
    const file = join(dir, 'mixed.yaml');
    const env = etcdEnv(etcd.endpoint);
    etcd.wipe();
    const single = await runCli(['apply', '-f', file], { env: { ...env, CALICOCTL_APPLY_BATCH: '0' }, timeoutMs: 120_000 });
    const singleState = storedState();
    etcd.wipe();
    const bulk = await runCli(['apply', '-f', file], { env, timeoutMs: 120_000 });
    const bulkState = storedState();

    // What the user sees, checked on its own first so that a failure reads well.
    expect(bulk.code).toBe(1);
    expect(bulk.stdout).toBe('Partial success: applied the first 2047 out of 2050 resources:\n');
    expect(bulk.stderr).toContain('mixed.yaml, document 1201');
    expect(bulk.stderr).toMatch(/IPPool\(narrow\)|10\.40\.1\.0\/24/);
    expect(bulk.stderr).toContain('nope');
    expect(bulk).toEqual(single);

    const gnpKey = (name: string) => `/calico/resources/v3/projectcalico.org/globalnetworkpolicies/${name}`;
    expect((bulkState[gnpKey('dup')] as { spec: { order: number } }).spec.order).toBe(2);
    expect(bulkState[gnpKey('t1.in-tier')]).toBeDefined();
    expect(bulkState[gnpKey('bad')]).toBeUndefined();
    expect(bulkState[gnpKey('nope.orphan')]).toBeUndefined();
    expect(bulkState['/calico/resources/v3/projectcalico.org/ippools/narrow']).toBeUndefined();
    expect(bulkState[gnpKey('p-2049')]).toBeDefined();
    // 2,047 policy documents less the two refused ones, with `dup` written twice to one key.
    expect(Object.keys(bulkState).filter((k) => k.includes('/globalnetworkpolicies/'))).toHaveLength(2044);
    expect(bulkState).toEqual(singleState);
  }, 180_000);

  // script(1) (bsdutils, always on Debian) runs the command on a pseudo-terminal.
  it.skipIf(!existsSync('/usr/bin/script'))('on a terminal, shows progress as stages are written, then erases it', () => {
    etcd.wipe();
    const env = { ...process.env, ...etcdEnv(etcd.endpoint), NO_COLOR: '1' };
    const r = spawnSync('/usr/bin/script', ['-qec', `${process.execPath} ${BIN} apply -f ${join(dir, 'mixed.yaml')}`, '/dev/null'], { env, encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(1); // the file's three bad documents; script -e passes the exit code on
    const out = r.stdout;
    const shown = [...out.matchAll(/\rApplying resources: (\d+)\/2050/g)].map((m) => Number(m[1]));
    expect(shown.length).toBeGreaterThanOrEqual(4);
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
    expect(new Set(shown).size).toBe(shown.length);
    expect(shown.at(-1)).toBe(2050);
    expect(out).toContain('\r\x1b[KPartial success: applied the first 2047 out of 2050 resources:');
  }, 180_000);
});
