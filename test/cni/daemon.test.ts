/**
 * The resident calico-ipam daemon and the native client, against a real etcd: the same answers
 * as the in-process plugin, the fallback without a daemon, concurrency, the socket's life cycle,
 * and a daemon that dies mid-request.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connect, createServer, type Server } from 'node:net';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync, copyFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ipamEnv, type IpamEnv } from '../ipam/setup.js';
import { freePort } from '../helpers/etcd.js';
import { ROOT } from '../helpers/cli.js';
import { FrameReader, decodeRequest, encodeResponse } from '../../src/cni/daemon/protocol.js';
import { NATIVE, NO_DAEMON, PLUGIN, baseEnv, cniEnv, netconf, runPlugin, type PluginResult } from './plugin.js';
import { removeDir, requireNative, startDaemon, stopAllDaemons, type DaemonProcess } from './daemon-process.js';

let env: IpamEnv;
let daemon: DaemonProcess;
const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'calico-ipam-test-'));
  dirs.push(d);
  return d;
};

beforeAll(async () => {
  requireNative();
  env = await ipamEnv();
  daemon = await startDaemon();
  dirs.push(daemon.dir);
});
afterAll(async () => {
  await stopAllDaemons();
  for (const d of dirs) removeDir(d);
  await env?.stop();
});

async function resetPools(): Promise<void> {
  env.etcd.wipe();
  await env.pool('p4', { cidr: '10.20.0.0/24', blockSize: 26 });
  await env.pool('p6', { cidr: 'fd20::/120', blockSize: 122 });
}

/** etcd stopped (SIGSTOP) while fn runs, so requests hang in the daemon; always resumed. */
async function withEtcdPaused<T>(fn: () => Promise<T>): Promise<T> {
  process.kill(env.etcd.pid, 'SIGSTOP');
  try {
    return await fn();
  } finally {
    process.kill(env.etcd.pid, 'SIGCONT');
  }
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Waits until the native client (pid) has sent its request and blocks reading the 8-byte answer
 * header (Linux /proc/<pid>/syscall: read = 0, count 0x8), then gives the daemon time to accept it.
 */
async function awaitingAnswer(pid: () => number): Promise<void> {
  await until(() => {
    try {
      return pid() !== 0 && /^0 0x[0-9a-f]+ 0x[0-9a-f]+ 0x8 /.test(readFileSync(`/proc/${pid()}/syscall`, 'utf8'));
    } catch {
      return false;
    }
  }, 'the client to wait for its answer');
  await new Promise((r) => setTimeout(r, 200));
}

describe('through the daemon the plugin answers exactly as in-process', () => {
  beforeEach(resetPools);

  it('ADD, repeat ADD, CHECK, DEL, VERSION and every error case: same stdout bytes and exit codes', async () => {
    const port = await freePort();
    const conf = netconf(env.etcd.endpoint);
    const args = { CNI_ARGS: 'IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-0' };
    const dual = netconf(env.etcd.endpoint, { cniVersion: '0.3.1' }, { assign_ipv4: 'true', assign_ipv6: 'true', ipv4_pools: ['p4'], ipv6_pools: ['fd20::/120'] });
    const bare = JSON.stringify({ cniVersion: '0.4.0', name: 'net2', nodename: 'node-9', ipam: { type: 'calico-ipam' } });
    const steps: Array<[string, Record<string, string>, string]> = [
      ['VERSION', { CNI_COMMAND: 'VERSION' }, '{"cniVersion":"1.0.0"}'],
      ['ADD', cniEnv('ADD', 'eq1', args), conf],
      ['repeat ADD', cniEnv('ADD', 'eq1', args), conf],
      ['CHECK', cniEnv('CHECK', 'eq1'), conf],
      ['dual-stack ADD (0.3.1)', cniEnv('ADD', 'eq2'), dual],
      ['ADD, datastore from env', cniEnv('ADD', 'eq3', { DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: env.etcd.endpoint }), bare],
      ['ADD, datastore from CALICO_ env', cniEnv('ADD', 'eq4', { CALICO_ETCD_ENDPOINTS: env.etcd.endpoint }), bare],
      ['DEL', cniEnv('DEL', 'eq1'), conf],
      ['repeat DEL', cniEnv('DEL', 'eq1'), conf],
      ['CHECK after DEL', cniEnv('CHECK', 'eq1'), conf],
      ['no CNI_COMMAND', {}, conf],
      ['unknown CNI_COMMAND', { CNI_COMMAND: 'GC' }, conf],
      ['missing CNI_ vars', { CNI_COMMAND: 'ADD' }, conf],
      ['undecodable netconf', cniEnv('ADD'), '{not json'],
      ['invalid flag', cniEnv('ADD'), netconf(env.etcd.endpoint, {}, { assign_ipv4: 'maybe' })],
      ['unknown pool', cniEnv('ADD'), netconf(env.etcd.endpoint, {}, { ipv4_pools: ['nope'] })],
      ['incompatible version', cniEnv('ADD'), netconf(env.etcd.endpoint, { cniVersion: '0.2.0' })],
      ['unreachable datastore', cniEnv('ADD'), netconf(`http://127.0.0.1:${port}`)],
      ['unsupported datastore', cniEnv('ADD', 'x', { DATASTORE_TYPE: 'consul' }), bare],
    ];
    const runAll = async (socket: string): Promise<Array<[string, number, string, string]>> => {
      const out: Array<[string, number, string, string]> = [];
      for (const [label, e, stdin] of steps) {
        const r = await runPlugin(e, stdin, socket);
        out.push([label, r.code, r.stdout, r.stderr]);
      }
      return out;
    };
    const inProcess = await runAll(NO_DAEMON);
    const handlesInProcess = env.keys('/calico/ipam/v2/handle/');
    await resetPools();
    const before = daemon.requests().length;
    const viaDaemon = await runAll(daemon.socket);
    expect((await daemon.waitForRequests(before + steps.length)).length - before).toBe(steps.length);
    expect(viaDaemon).toEqual(inProcess);
    // The answers are the real ones, not two equal failures.
    const byLabel = new Map(viaDaemon.map(([l, code, stdout]) => [l, { code, json: stdout ? JSON.parse(stdout) : undefined }]));
    expect(byLabel.get('ADD')).toEqual({ code: 0, json: { cniVersion: '1.0.0', ips: [{ address: expect.stringMatching(/^10\.20\.0\.\d+\/26$/) }], dns: {} } });
    expect(byLabel.get('repeat ADD')).toEqual(byLabel.get('ADD'));
    expect(byLabel.get('ADD, datastore from CALICO_ env')?.json.cniVersion).toBe('0.4.0');
    expect(byLabel.get('CHECK after DEL')?.json).toMatchObject({ code: 999 });
    expect(byLabel.get('unreachable datastore')?.json).toMatchObject({ code: 11 });
    expect(byLabel.get('unsupported datastore')?.json).toMatchObject({ code: 7, cniVersion: '0.4.0' });
    expect(inProcess.every(([, code]) => code === 0 || code === 1)).toBe(true);
    expect(env.keys('/calico/ipam/v2/handle/')).toEqual(handlesInProcess);
    expect(handlesInProcess).toEqual(expect.arrayContaining(['/calico/ipam/v2/handle/k8s-pod-network.eq2', '/calico/ipam/v2/handle/net2.eq3', '/calico/ipam/v2/handle/net2.eq4']));
  });
});

describe('without a daemon', () => {
  beforeEach(resetPools);

  it('the native client runs the Node plugin itself, stdin untouched', async () => {
    const version = await runPlugin({ CNI_COMMAND: 'VERSION' }, '{"cniVersion":"1.0.0"}', NO_DAEMON, NATIVE);
    expect([version.code, version.json]).toEqual([0, { cniVersion: '1.0.0', supportedVersions: ['0.3.0', '0.3.1', '0.4.0', '1.0.0'] }]);
    const before = daemon.requests().length;
    const add = await runPlugin(cniEnv('ADD', 'fb1'), netconf(env.etcd.endpoint), NO_DAEMON, NATIVE);
    expect(add.code, add.stdout).toBe(0);
    expect(add.json?.ips).toEqual([{ address: expect.stringMatching(/^10\.20\.0\.\d+\/26$/) }]);
    expect(env.keys('/calico/ipam/v2/handle/')).toEqual(['/calico/ipam/v2/handle/k8s-pod-network.fb1']);
    expect(daemon.requests().length).toBe(before);
  });

  it('a stale socket (daemon killed) makes the client fall back; a new daemon replaces the socket', async () => {
    const d = await startDaemon({ dir: tempDir() });
    expect(await d.stop('SIGKILL')).toBe('SIGKILL');
    expect(lstatSync(d.socket).isSocket()).toBe(true);
    const add = await runPlugin(cniEnv('ADD', 'stale1'), netconf(env.etcd.endpoint), d.socket);
    expect(add.code, add.stdout).toBe(0);
    expect(env.keys('/calico/ipam/v2/handle/')).toEqual(['/calico/ipam/v2/handle/k8s-pod-network.stale1']);

    const d2 = await startDaemon({ socket: d.socket, dir: d.dir });
    const again = await runPlugin(cniEnv('ADD', 'stale1'), netconf(env.etcd.endpoint), d2.socket);
    expect(again.stdout).toBe(add.stdout);
    expect(await d2.waitForRequests(1)).toEqual([expect.stringMatching(/ ADD container=stale1 exit=0 /)]);
    expect(await d2.stop()).toBe(0);
  });

  it('bin/calico-ipam runs the Node plugin when the native client was not built, also through a symlink', async () => {
    // A copy of the layout: bin/calico-ipam and dist/ with everything but the native client.
    const root = tempDir();
    mkdirSync(join(root, 'bin'));
    copyFileSync(PLUGIN, join(root, 'bin', 'calico-ipam'));
    const real = join(ROOT, 'dist');
    mkdirSync(join(root, 'dist', 'cni'), { recursive: true });
    for (const n of readdirSync(real)) if (n !== 'cni') symlinkSync(join(real, n), join(root, 'dist', n));
    for (const n of readdirSync(join(real, 'cni'))) if (n !== 'calico-ipam-native') symlinkSync(join(real, 'cni', n), join(root, 'dist', 'cni', n));
    const wrapper = join(root, 'bin', 'calico-ipam');
    expect(existsSync(join(root, 'dist', 'cni', 'calico-ipam-native'))).toBe(false);
    const before = daemon.requests().length;
    // The daemon's socket is given, but without the native client nothing talks to it.
    const add = await runPlugin(cniEnv('ADD', 'nonative'), netconf(env.etcd.endpoint), daemon.socket, wrapper);
    expect(add.code, add.stdout + add.stderr).toBe(0);
    expect(env.keys('/calico/ipam/v2/handle/')).toEqual(['/calico/ipam/v2/handle/k8s-pod-network.nonative']);
    expect(daemon.requests().length).toBe(before);

    const link = join(tempDir(), 'calico-ipam');
    symlinkSync(PLUGIN, link);
    const viaLink = await runPlugin(cniEnv('ADD', 'nonative'), netconf(env.etcd.endpoint), daemon.socket, link);
    expect(viaLink.stdout).toBe(add.stdout);
    expect(await daemon.waitForRequests(before + 1)).toHaveLength(before + 1);

    // `node bin/calico-ipam` (the file is also an ES module) runs the plugin in-process.
    const asModule = spawnSync(process.execPath, [PLUGIN], {
      env: { ...baseEnv(), ...cniEnv('ADD', 'nonative'), CALICO_IPAM_SOCKET: daemon.socket },
      input: netconf(env.etcd.endpoint),
      encoding: 'utf8',
    });
    expect([asModule.status, asModule.stdout]).toEqual([0, add.stdout]);
    expect(daemon.requests()).toHaveLength(before + 1);
  });
});

describe('the native client talking to a server', () => {
  let server: Server | undefined;
  const serve = (socket: string, answer: (payload: Buffer, conn: import('node:net').Socket) => void): Promise<void> =>
    new Promise((resolve) => {
      server = createServer((conn) => {
        const reader = new FrameReader();
        conn.on('data', (c: Buffer) => {
          const p = reader.push(c);
          if (p) answer(p, conn);
        });
      });
      server.listen(socket, resolve);
    });
  afterAll(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  it('forwards the CNI and datastore env and stdin, relays stdout bytes and the exit code', async () => {
    const socket = join(tempDir(), 's.sock');
    const seen: Array<ReturnType<typeof decodeRequest>> = [];
    await serve(socket, (p, conn) => {
      seen.push(decodeRequest(p));
      conn.end(encodeResponse({ exitCode: 3, stdout: 'relayed \u00e9\n' }));
    });
    const stdin = '{"cniVersion":"0.4.0","name":"n","x":"\u00e9"}';
    const r = await runPlugin(
      cniEnv('ADD', 'fw', { ETCD_ENDPOINTS: 'http://e:1', CALICO_DATASTORE_TYPE: 'etcdv3', DATASTORE_TYPE: 'etcdv3', KUBECONFIG: '/k', K8S_API_ENDPOINT: 'https://k', UNRELATED: 'no', KUBECONFIG_X: 'no' }),
      stdin,
      socket,
      NATIVE,
    );
    expect([r.code, r.stdout]).toEqual([3, 'relayed \u00e9\n']);
    await new Promise<void>((res) => server!.close(() => res()));
    server = undefined;
    expect(seen).toHaveLength(1);
    expect(seen[0]!.stdin).toBe(stdin);
    expect(seen[0]!.env).toEqual({
      CNI_COMMAND: 'ADD', CNI_CONTAINERID: 'fw', CNI_NETNS: '/var/run/netns/x', CNI_IFNAME: 'eth0', CNI_PATH: '/opt/cni/bin',
      ETCD_ENDPOINTS: 'http://e:1', CALICO_DATASTORE_TYPE: 'etcdv3', DATASTORE_TYPE: 'etcdv3', KUBECONFIG: '/k', K8S_API_ENDPOINT: 'https://k',
      CALICO_IPAM_SOCKET: socket,
    });
  });

  it('a server that closes without answering is "try again later" (11) in the netconf\'s version', async () => {
    const socket = join(tempDir(), 's.sock');
    await serve(socket, (_p, conn) => conn.destroy());
    const r = await runPlugin(cniEnv('ADD', 'gone'), '{"cniVersion": "0.4.0", "name":"n"}', socket, NATIVE);
    expect(r.code).toBe(1);
    expect(r.json).toEqual({
      cniVersion: '0.4.0',
      code: 11,
      msg: 'calico-ipam: the IPAM daemon went away before answering; try again later',
      details: `IPAM daemon at ${socket}`,
    });
  });
});

describe('the daemon process', () => {
  beforeEach(resetPools);

  it('8 processes × 50 ADDs through the daemon get 400 distinct addresses; DEL of all leaves the pools empty', { timeout: 180_000 }, async () => {
    env.etcd.wipe();
    await env.pool('big', { cidr: '10.50.0.0/16', blockSize: 26 });
    const conf = netconf(env.etcd.endpoint);
    const before = daemon.requests().length;
    const each = async (command: string): Promise<PluginResult[]> =>
      (
        await Promise.all(
          Array.from({ length: 8 }, async (_, p) => {
            const out: PluginResult[] = [];
            for (let i = 0; i < 50; i++) out.push(await runPlugin(cniEnv(command, `w${p}-${i}`), conf, daemon.socket));
            return out;
          }),
        )
      ).flat();
    const adds = await each('ADD');
    expect(adds.filter((r) => r.code !== 0).map((r) => r.stdout)).toEqual([]);
    const ips = adds.map((r) => (r.json!.ips as Array<{ address: string }>)[0]!.address);
    expect(new Set(ips).size).toBe(400);
    expect(env.keys('/calico/ipam/v2/handle/')).toHaveLength(400);

    const dels = await each('DEL');
    expect(dels.map((r) => [r.code, r.stdout]).filter(([c, o]) => c !== 0 || o !== '')).toEqual([]);
    expect(env.keys('/calico/ipam/v2/handle/')).toEqual([]);
    const blocks = env.keys('/calico/ipam/v2/assignment/').map((k) => JSON.parse(env.stored(k)) as { allocations: unknown[]; unallocated: number[] });
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) {
      expect(b.allocations.every((a) => a === null)).toBe(true);
      expect(b.unallocated).toHaveLength(64);
    }
    expect((await daemon.waitForRequests(before + 800)).length - before).toBe(800);
  });

  it('creates its socket 0600, refuses to start when a daemon answers there or the path is not a socket', async () => {
    expect(lstatSync(daemon.socket).mode & 0o777).toBe(0o600);
    const second = await startDaemon({ socket: daemon.socket, dir: daemon.dir }).catch((e: { code: unknown; log: string }) => e);
    expect(second).toMatchObject({ code: 1, log: `calico-ipam daemon: another process is already serving ${daemon.socket}\n` });
    const r = await runPlugin({ CNI_COMMAND: 'VERSION' }, '', daemon.socket);
    expect(r.code).toBe(0);
    expect(daemon.requests().at(-1)).toMatch(/ VERSION container=- exit=0 /);

    const file = join(tempDir(), 'not-a-socket');
    writeFileSync(file, 'keep me');
    const third = await startDaemon({ socket: file, dir: tempDir() }).catch((e: { code: unknown; log: string }) => e);
    expect(third).toMatchObject({ code: 1, log: `calico-ipam daemon: ${file} exists and is not a socket; refusing to replace it\n` });
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('drops a connection that does not speak its protocol and keeps serving', async () => {
    const closed = await new Promise<string>((resolve, reject) => {
      const c = connect(daemon.socket, () => c.write('GET / HTTP/1.1\r\n\r\n'));
      let got = '';
      c.on('data', (d) => (got += d.toString()));
      c.on('close', () => resolve(got));
      c.on('error', reject);
    });
    expect(closed).toBe('');
    expect(daemon.log()).toContain('bad request: not a calico-ipam frame');
    expect((await runPlugin({ CNI_COMMAND: 'VERSION' }, '', daemon.socket)).code).toBe(0);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('%s: removes the socket at once, answers the request in flight, exits 0', async (signal) => {
    const d = await startDaemon({ dir: tempDir() });
    const pending = await withEtcdPaused(async () => {
      let pid = 0;
      const p = runPlugin(cniEnv('ADD', `inflight-${signal}`), netconf(env.etcd.endpoint), d.socket, PLUGIN, (n) => (pid = n));
      await awaitingAnswer(() => pid);
      process.kill(d.pid, signal);
      await until(() => !existsSync(d.socket), 'the socket to be removed');
      expect(d.requests()).toEqual([]);
      return { p };
    });
    const r = await pending.p;
    expect(r.code, r.stdout).toBe(0);
    expect(r.json?.ips).toEqual([{ address: expect.stringMatching(/^10\.20\.0\.\d+\/26$/) }]);
    expect(await d.exited).toBe(0);
    expect(d.requests()).toEqual([expect.stringMatching(new RegExp(` ADD container=inflight-${signal} exit=0 `))]);
  });

  it('a daemon killed mid-request: the client says "try again later" (11), exit 1', async () => {
    const d = await startDaemon({ dir: tempDir() });
    const r = await withEtcdPaused(async () => {
      let pid = 0;
      const p = runPlugin(cniEnv('ADD', 'killed'), netconf(env.etcd.endpoint, { cniVersion: '0.3.1' }), d.socket, PLUGIN, (n) => (pid = n));
      await awaitingAnswer(() => pid);
      expect(await d.stop('SIGKILL')).toBe('SIGKILL');
      return p;
    });
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ cniVersion: '0.3.1', code: 11, details: `IPAM daemon at ${d.socket}` });
    expect(env.keys('/calico/ipam/v2/handle/')).toEqual([]);
  });
});
