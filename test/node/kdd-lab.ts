/**
 * A network-namespace lab for nodes on the Kubernetes datastore: a switch namespace with a
 * bridge, node namespaces wired to it (as test/node/netns-helpers.ts does for etcd), and the
 * API-server stand-in reachable from the nodes. The stand-in listens on loopback in this
 * namespace, so a veth joins the bridge to this namespace (`<subnet>.253`) and a TCP proxy there
 * forwards to it. Everything is named with a per-run prefix and removed by name; processes are
 * stopped by PID.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT } from '../helpers/cli.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { inNs, ip, netnsSkipReason, stopNodeProcesses } from './netns-helpers.js';

export const kddLabSkipReason = (): string | undefined => netnsSkipReason(false);

export interface KddLab {
  dir: string;
  /** The API server URL as the nodes reach it. */
  apiEndpoint: string;
  nodeNs(i: number): string;
  nodeIP(i: number): string;
  runDir(i: number): string;
  logDir(i: number): string;
  addNode(i: number): void;
  /** Runs the CLI inside node i's namespace against the Kubernetes datastore (`env`: extra variables). */
  cli(i: number, args: string[], timeoutMs?: number, env?: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Node i's BGP protocols as BIRD reports them (`birdc show protocols`): name → state and info; {} when BIRD does not answer. */
  bgpStates(i: number): Record<string, string>;
  cleanup(): Promise<void>;
}

export async function createKddLab(standInUrl: string): Promise<KddLab> {
  const prefix = `ctk${process.pid % 10000}${Math.floor(Math.random() * 1000)}`;
  const subnet = `10.${100 + Math.floor(Math.random() * 100)}.${Math.floor(Math.random() * 250)}`;
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const sw = `${prefix}s`;
  const hostLink = `${prefix}h`;
  const namespaces: string[] = [];
  const nodes: number[] = [];
  let proxy: TcpProxy | undefined;
  const runDir = (i: number) => join(dir, `n${i}`, 'run');
  const logDir = (i: number) => join(dir, `n${i}`, 'log');

  const cleanup = async (): Promise<void> => {
    for (const i of nodes) await stopNodeProcesses(runDir(i));
    await proxy?.close();
    // Deleting the switch namespace deletes the veth pair, host end included.
    for (const ns of namespaces.reverse()) spawnSync('ip', ['netns', 'del', ns]);
    spawnSync('ip', ['link', 'del', hostLink]);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    ip('netns', 'add', sw);
    namespaces.push(sw);
    inNs(sw, 'ip', 'link', 'set', 'lo', 'up');
    inNs(sw, 'ip', 'link', 'add', 'br0', 'type', 'bridge');
    inNs(sw, 'ip', 'link', 'set', 'br0', 'up');
    ip('link', 'add', hostLink, 'type', 'veth', 'peer', 'name', 'up0', 'netns', sw);
    inNs(sw, 'ip', 'link', 'set', 'up0', 'master', 'br0', 'up');
    ip('addr', 'add', `${subnet}.253/24`, 'dev', hostLink);
    ip('link', 'set', hostLink, 'up');
    proxy = await startTcpProxy(standInUrl, `${subnet}.253`);

    const lab: KddLab = {
      dir,
      apiEndpoint: proxy.url,
      nodeNs: (i) => `${prefix}n${i}`,
      nodeIP: (i) => `${subnet}.${i}`,
      runDir,
      logDir,
      addNode(i) {
        const ns = lab.nodeNs(i);
        ip('netns', 'add', ns);
        namespaces.push(ns);
        nodes.push(i);
        inNs(sw, 'ip', 'link', 'add', `p${i}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
        inNs(sw, 'ip', 'link', 'set', `p${i}`, 'master', 'br0', 'up');
        inNs(ns, 'ip', 'link', 'set', 'lo', 'up');
        inNs(ns, 'ip', 'addr', 'add', `${lab.nodeIP(i)}/24`, 'dev', 'eth0');
        inNs(ns, 'ip', 'link', 'set', 'eth0', 'up');
      },
      cli(i, args, timeoutMs = 30_000, extraEnv = {}) {
        return new Promise((resolve, reject) => {
          const child = spawn('ip', ['netns', 'exec', lab.nodeNs(i), process.execPath, BIN, ...args], {
            cwd: ROOT,
            env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', DATASTORE_TYPE: 'kubernetes', K8S_API_ENDPOINT: lab.apiEndpoint, NO_COLOR: '1', ...extraEnv },
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (d) => (stdout += d));
          child.stderr.on('data', (d) => (stderr += d));
          const t = setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`calicoctl ${args.join(' ')} timed out\n${stdout}\n${stderr}`));
          }, timeoutMs);
          child.on('close', (code) => {
            clearTimeout(t);
            resolve({ code: code ?? 1, stdout, stderr });
          });
        });
      },
      bgpStates(i) {
        let out = '';
        try {
          out = execFileSync('birdc', ['-s', join(runDir(i), 'bird.ctl'), 'show', 'protocols'], { encoding: 'utf8' });
        } catch {
          return {};
        }
        const states: Record<string, string> = {};
        for (const line of out.split('\n')) {
          const f = line.trim().split(/\s+/);
          if (f[1] === 'BGP') states[f[0]!] = f.slice(5).join(' ');
        }
        return states;
      },
      cleanup,
    };
    return lab;
  } catch (e) {
    await cleanup();
    throw e;
  }
}
