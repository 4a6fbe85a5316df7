/**
 * Network-namespace fixtures for node end-to-end tests: a switch namespace with a bridge and an
 * etcd listening on it, and node namespaces wired to the bridge. Everything is named with a
 * per-run prefix and removed by name; processes are stopped by PID.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT } from '../helpers/cli.js';

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/**
 * Why netns end-to-end tests cannot run here, or undefined when they can. `withEtcd` false: for
 * labs that need no etcd (the Kubernetes datastore ones).
 */
export function netnsSkipReason(withEtcd = true): string | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'needs root (network namespaces)';
  const commands = withEtcd ? ['ip', 'bird', 'birdc', 'etcd'] : ['ip', 'bird', 'birdc'];
  for (const c of commands) if (!has(c)) return `needs ${c} (apt-get install iproute2 bird2${withEtcd ? ' etcd-server' : ''})`;
  const probe = `ctsprobe${process.pid}`;
  const r = spawnSync('ip', ['netns', 'add', probe]);
  if (r.status !== 0) return `cannot create network namespaces: ${r.stderr.toString().trim()}`;
  spawnSync('ip', ['netns', 'del', probe]);
  return undefined;
}

export const ip = (...args: string[]): string => execFileSync('ip', args, { encoding: 'utf8' });
export const inNs = (ns: string, ...args: string[]): string => execFileSync('ip', ['netns', 'exec', ns, ...args], { encoding: 'utf8' });

/**
 * Stops a node started with `node run --run-dir <runDir>`: node stop, then SIGKILL to whatever of
 * its processes (supervisor, agent, BIRD, calico-ipam daemon) is still alive, by PID file.
 */
export async function stopNodeProcesses(runDir: string): Promise<void> {
  const { stopNode } = await import('../../src/node/run/stop.js');
  const { readPid, isAlive } = await import('../../src/node/run/procs.js');
  await stopNode(runDir, 5000).catch(() => {});
  for (const f of ['supervisor.pid', 'agent.pid', 'bird.pid', 'ipam.pid']) {
    const pid = readPid(join(runDir, f));
    if (pid !== undefined && isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
}

export interface Lab {
  prefix: string;
  subnet: string;
  /** The bridge namespace (holds br0 at <subnet>.254 and etcd). */
  switchNs: string;
  dir: string;
  etcdEndpoint: string;
  /** Namespace name of node i (1-based). */
  nodeNs(i: number): string;
  nodeIP(i: number): string;
  /** The bridge's IPv6 prefix (a random ULA /64, written `fdXX:XXXX:XXXX::`); br0 holds `<prefix6>fe`. */
  prefix6: string;
  /** Node i's IPv6 address on the bridge (only configured when added with `dualStack`). */
  nodeIP6(i: number): string;
  /** The switch namespace's IPv6 address on br0. */
  switchIP6: string;
  /** Wires node i to the bridge with its IPv4 address, and with `dualStack` its IPv6 one too. */
  addNode(i: number, opts?: { dualStack?: boolean }): void;
  /** Runs the CLI inside node i's namespace. */
  cli(i: number, args: string[], timeoutMs?: number, env?: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }>;
  runDir(i: number): string;
  /** HTTP GET from inside node i's namespace; returns the status code. */
  httpStatus(i: number, url: string): number;
  logDir(i: number): string;
  /** `calicoctl node run` in node i's namespace, named `n<i>`, with its own run/log dirs and IP. */
  runNode(i: number, extraArgs?: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** `calicoctl apply -f` of a manifest (YAML text or a file path) from node i's namespace; throws unless exit 0. */
  apply(i: number, manifest: string): Promise<string>;
  /** birdc against node i's BIRD; '' when it does not answer. */
  birdc(i: number, ...args: string[]): string;
  /** BGP protocol name → the Info column (e.g. 'Established'), as node i's BIRD reports it. */
  bgpProtocols(i: number): Record<string, string>;
  /** `ip route` lines of node i's namespace (IPv4 main table). */
  kernelRoutes(i: number): string[];
  /** `ip -6 route` lines of node i's namespace (IPv6 main table). */
  kernelRoutes6(i: number): string[];
  /**
   * Runs the built calico-ipam CNI plugin in node i's namespace, as a runtime would on that host;
   * `ipam` fields (e.g. `{assign_ipv6: 'true'}`) are added to the network config's `ipam` section.
   */
  cni(i: number, command: 'ADD' | 'DEL' | 'CHECK', containerId: string, nodeName?: string, ipam?: Record<string, unknown>): Promise<CniRun>;
  /** Runs an ES module snippet with Node.js inside node i's namespace (for library calls); returns stdout. */
  nodeScript(i: number, code: string): string;
  cleanup(): Promise<void>;
}

export interface CniRun {
  code: number;
  stdout: string;
  stderr: string;
  json?: { ips?: { address: string }[] } & Record<string, unknown>;
}

/** Polls `fn` every 100 ms until it returns something other than undefined/false. */
export async function until<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function runIn(ns: string, argv: string[], env: Record<string, string>, stdin: string, timeoutMs: number): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', ns, ...argv], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const t = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${argv.join(' ')} timed out in ${ns}\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(t);
      resolve({ code: code ?? 1, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}

export async function createLab(): Promise<Lab> {
  const tag = `${process.pid % 10000}${Math.floor(Math.random() * 1000)}`;
  const prefix = `cts${tag}`;
  const subnet = `10.${100 + Math.floor(Math.random() * 100)}.0`;
  // Non-zero groups, so that `<prefix6><i>` is already the canonical text of the address.
  const hex4 = () => (1 + Math.floor(Math.random() * 0xffff)).toString(16);
  const prefix6 = `fd${Math.floor(Math.random() * 0x100).toString(16).padStart(2, '0')}:${hex4()}:${hex4()}::`;
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const sw = `${prefix}s`;
  const namespaces: string[] = [];
  let etcd: ChildProcess | undefined;
  const nodes: number[] = [];
  const runDir = (i: number) => join(dir, `n${i}`, 'run');
  const logDir = (i: number) => join(dir, `n${i}`, 'log');

  const cleanup = async (): Promise<void> => {
    for (const i of nodes) await stopNodeProcesses(runDir(i));
    if (etcd?.pid !== undefined && etcd.exitCode === null) {
      const gone = new Promise((r) => etcd!.once('exit', r));
      process.kill(etcd.pid, 'SIGKILL');
      await gone;
    }
    for (const ns of namespaces.reverse()) spawnSync('ip', ['netns', 'del', ns]);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    ip('netns', 'add', sw);
    namespaces.push(sw);
    inNs(sw, 'ip', 'link', 'set', 'lo', 'up');
    inNs(sw, 'ip', 'link', 'add', 'br0', 'type', 'bridge');
    inNs(sw, 'ip', 'addr', 'add', `${subnet}.254/24`, 'dev', 'br0');
    // nodad: usable at once (no duplicate address detection wait); harmless for IPv4-only labs.
    inNs(sw, 'ip', '-6', 'addr', 'add', `${prefix6}fe/64`, 'dev', 'br0', 'nodad');
    inNs(sw, 'ip', 'link', 'set', 'br0', 'up');
    const endpoint = `http://${subnet}.254:2379`;
    etcd = spawn('ip', ['netns', 'exec', sw, 'etcd', '--name', 'e', '--data-dir', join(dir, 'etcd'),
      '--listen-client-urls', endpoint, '--advertise-client-urls', endpoint,
      '--listen-peer-urls', 'http://127.0.0.1:2380', '--initial-advertise-peer-urls', 'http://127.0.0.1:2380',
      '--initial-cluster', 'e=http://127.0.0.1:2380', '--log-level', 'error'], { stdio: 'ignore' });
    const end = Date.now() + 20_000;
    for (;;) {
      const r = spawnSync('ip', ['netns', 'exec', sw, 'etcdctl', '--endpoints', endpoint, 'endpoint', 'health'], { encoding: 'utf8' });
      if (r.status === 0) break;
      if (Date.now() > end) throw new Error(`etcd did not start in ${sw}: ${r.stderr}`);
      await new Promise((res) => setTimeout(res, 200));
    }

    const lab: Lab = {
      prefix,
      subnet,
      switchNs: sw,
      dir,
      etcdEndpoint: endpoint,
      nodeNs: (i) => `${prefix}n${i}`,
      nodeIP: (i) => `${subnet}.${i}`,
      prefix6,
      nodeIP6: (i) => `${prefix6}${i.toString(16)}`,
      switchIP6: `${prefix6}fe`,
      runDir,
      logDir,
      httpStatus(i, url) {
        const script = `fetch(${JSON.stringify(url)}).then((r) => console.log(r.status), () => console.log(0))`;
        return Number(inNs(lab.nodeNs(i), process.execPath, '-e', script).trim());
      },
      addNode(i, opts = {}) {
        const ns = lab.nodeNs(i);
        ip('netns', 'add', ns);
        namespaces.push(ns);
        nodes.push(i);
        inNs(sw, 'ip', 'link', 'add', `p${i}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
        inNs(sw, 'ip', 'link', 'set', `p${i}`, 'master', 'br0', 'up');
        inNs(ns, 'ip', 'link', 'set', 'lo', 'up');
        inNs(ns, 'ip', 'addr', 'add', `${lab.nodeIP(i)}/24`, 'dev', 'eth0');
        if (opts.dualStack) inNs(ns, 'ip', '-6', 'addr', 'add', `${lab.nodeIP6(i)}/64`, 'dev', 'eth0', 'nodad');
        inNs(ns, 'ip', 'link', 'set', 'eth0', 'up');
      },
      cli(i, args, timeoutMs = 30_000, extraEnv = {}) {
        const env = { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: endpoint, NO_COLOR: '1', ...extraEnv };
        return runIn(lab.nodeNs(i), [process.execPath, BIN, ...args], env, '', timeoutMs);
      },
      runNode(i, extraArgs = []) {
        return lab.cli(i, ['node', 'run', '--name', `n${i}`, '--ip', lab.nodeIP(i), '--run-dir', runDir(i), '--log-dir', logDir(i), '--health-port', '0', ...extraArgs], 60_000);
      },
      async apply(i, manifest) {
        let file = manifest;
        if (manifest.includes('\n')) {
          file = join(dir, `apply-${Date.now()}-${Math.floor(Math.random() * 1e6)}.yaml`);
          writeFileSync(file, manifest);
        }
        const r = await lab.cli(i, ['apply', '-f', file]);
        if (r.code !== 0) throw new Error(`apply -f ${file} failed (${r.code}): ${r.stdout}${r.stderr}`);
        return r.stdout;
      },
      birdc(i, ...args) {
        const r = spawnSync('birdc', ['-s', join(runDir(i), 'bird.ctl'), ...args], { encoding: 'utf8' });
        return r.status === 0 ? r.stdout : '';
      },
      bgpProtocols(i) {
        const states: Record<string, string> = {};
        for (const line of lab.birdc(i, 'show', 'protocols').split('\n')) {
          const f = line.trim().split(/\s+/);
          if (f[1] === 'BGP') states[f[0]!] = f.slice(5).join(' ');
        }
        return states;
      },
      kernelRoutes(i) {
        return ip('-n', lab.nodeNs(i), '-4', 'route').split('\n').map((l) => l.trim()).filter(Boolean);
      },
      kernelRoutes6(i) {
        return ip('-n', lab.nodeNs(i), '-6', 'route').split('\n').map((l) => l.trim()).filter(Boolean);
      },
      async cni(i, command, containerId, nodeName = `n${i}`, ipam = {}) {
        const conf = JSON.stringify({
          cniVersion: '1.0.0', name: 'k8s-pod-network', type: 'calico', nodename: nodeName,
          datastore_type: 'etcdv3', etcd_endpoints: endpoint, ipam: { type: 'calico-ipam', ...ipam },
        });
        const env = {
          PATH: process.env.PATH ?? '/usr/bin:/bin', CNI_COMMAND: command, CNI_CONTAINERID: containerId,
          CNI_NETNS: `/var/run/netns/${containerId}`, CNI_IFNAME: 'eth0', CNI_PATH: '/opt/cni/bin',
          // The node's calico-ipam daemon (started by node run), as the plugin on that host would use it.
          CALICO_IPAM_SOCKET: join(lab.runDir(i), 'ipam.sock'),
        };
        const r = await runIn(lab.nodeNs(i), [join(ROOT, 'bin', 'calico-ipam')], env, conf, 30_000);
        let json: CniRun['json'];
        try {
          json = r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
        } catch {
          json = undefined;
        }
        return { ...r, json };
      },
      nodeScript(i, code) {
        return inNs(lab.nodeNs(i), process.execPath, '--input-type=module', '-e', code);
      },
      cleanup,
    };
    return lab;
  } catch (e) {
    await cleanup();
    throw e;
  }
}
