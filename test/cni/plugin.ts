/** Runs the built calico-ipam plugin (bin/calico-ipam) as a container runtime would. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';

export const PLUGIN = join(ROOT, 'bin', 'calico-ipam');
export const NATIVE = join(ROOT, 'dist', 'cni', 'calico-ipam-native');
/** A socket path where no daemon can be: the plugin then runs in-process. */
export const NO_DAEMON = '/nonexistent/calico-ipam-test.sock';

export interface PluginResult {
  stdout: string;
  stderr: string;
  code: number;
  json?: Record<string, unknown>;
}

export function netconf(endpoint: string, extra: Record<string, unknown> = {}, ipam: Record<string, unknown> = {}): string {
  return JSON.stringify({
    cniVersion: '1.0.0',
    name: 'k8s-pod-network',
    type: 'calico',
    nodename: 'node-1',
    datastore_type: 'etcdv3',
    etcd_endpoints: endpoint,
    ...extra,
    ipam: { type: 'calico-ipam', ...ipam },
  });
}

export function cniEnv(command: string, containerId = 'c1', extra: Record<string, string> = {}): Record<string, string> {
  return { CNI_COMMAND: command, CNI_CONTAINERID: containerId, CNI_NETNS: '/var/run/netns/x', CNI_IFNAME: 'eth0', CNI_PATH: '/opt/cni/bin', ...extra };
}

/** The test runner's environment minus anything the plugin would read. */
export function baseEnv(): Record<string, string> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^(CALICO_|DATASTORE_TYPE|ETCD_|K8S_|KUBECONFIG|CNI_)/.test(k)) base[k] = v;
  }
  return base;
}

/**
 * Runs `cmd` (default bin/calico-ipam) with `env` and `stdin`; `socket` is the daemon socket
 * (CALICO_IPAM_SOCKET), NO_DAEMON unless given.
 */
export function runPlugin(
  env: Record<string, string>,
  stdin: string,
  socket = NO_DAEMON,
  cmd = PLUGIN,
  onSpawn?: (pid: number) => void,
): Promise<PluginResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, [], { env: { ...baseEnv(), CALICO_IPAM_SOCKET: socket, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    if (child.pid !== undefined) onSpawn?.(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      let json: Record<string, unknown> | undefined;
      try {
        json = stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : undefined;
      } catch {
        json = undefined;
      }
      resolve({ stdout, stderr, code: code ?? -1, json });
    });
    child.stdin.on('error', () => undefined); // EPIPE when the plugin exits without reading stdin
    child.stdin.end(stdin);
  });
}
