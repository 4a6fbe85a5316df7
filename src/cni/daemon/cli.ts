/**
 * `calico-ipam daemon [--socket PATH]`: runs the resident IPAM daemon in the foreground until
 * SIGTERM/SIGINT (then removes its socket and exits 0 once requests in flight are answered).
 * Exit 1 when the socket is already served by another process or cannot be created.
 */
import { DEFAULT_SOCKET } from './protocol.js';
import { startIpamDaemon } from './server.js';

const USAGE = `Usage: calico-ipam daemon [--socket PATH]

Serves calico-ipam CNI requests on a unix socket (default ${DEFAULT_SOCKET}); the calico-ipam
client sends each CNI invocation there (socket from CALICO_IPAM_SOCKET) and runs the plugin
itself when no daemon answers.
`;

class UsageError extends Error {}

export function parseDaemonArgs(argv: readonly string[]): { socket: string } | 'help' {
  let socket = DEFAULT_SOCKET;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h' || a === '--help') return 'help';
    if (a === '--socket') {
      const v = argv[++i];
      if (v === undefined || v === '') throw new UsageError('--socket needs a path');
      socket = v;
    } else if (a.startsWith('--socket=')) {
      socket = a.slice('--socket='.length);
      if (socket === '') throw new UsageError('--socket needs a path');
    } else {
      throw new UsageError(`unknown argument ${JSON.stringify(a)}`);
    }
  }
  return { socket };
}

export async function daemonMain(argv: readonly string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseDaemonArgs(argv);
  } catch (e) {
    process.stderr.write(`calico-ipam daemon: ${(e as Error).message}\n\n${USAGE}`);
    process.exitCode = 1;
    return;
  }
  if (parsed === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  // A log reader that went away must not take the daemon down with it.
  process.stderr.on('error', () => undefined);
  const log = (line: string): void => void process.stderr.write(`${new Date().toISOString()} calico-ipam daemon: ${line}\n`);
  let daemon;
  try {
    daemon = await startIpamDaemon({ socket: parsed.socket, log });
  } catch (e) {
    process.stderr.write(`calico-ipam daemon: ${(e as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  const stop = (): void => {
    void daemon.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
