/**
 * `calicoctl node run`, natively: validate flags, load the datastore settings (etcdv3 or
 * kubernetes), (dry run: print the command), prepare the host, run calico-node's startup, launch
 * the supervisor and wait for "started".
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { StdoutError } from '../../actions/base-command.js';
import { CommandError, ConfigError, SilentFailure, messageOf } from '../../errors.js';
import { stdout } from '../../actions/output.js';
import type { ClientConfig } from '../../datastore/config.js';
import { validateRunFlags, type RunFlags } from './flags.js';
import { dryRunText, supervisorCommandLine, supervisorEnv } from './env.js';
import { nodePaths } from './paths.js';
import { isAlive, readPid } from './procs.js';
import { prepareHost } from './host.js';
import { writeInlineKubeconfig } from './kube-env.js';

export interface NodeRunFlags extends RunFlags {
  config?: string;
  'log-dir': string;
  'run-dir': string;
  'health-port': number;
  'no-default-ippools': boolean;
  dryrun: boolean;
  'init-system': boolean;
}

async function loadNodeConfig(path: string | undefined): Promise<ClientConfig> {
  const { loadClientConfig } = await import('../../datastore/config.js');
  let cfg: ClientConfig;
  try {
    cfg = loadClientConfig({ configPath: path, env: process.env });
  } catch (e) {
    const msg = messageOf(e);
    if (msg.startsWith('Error reading config file')) throw new StdoutError(msg);
    if (e instanceof ConfigError) throw new CommandError('error executing command: invalid config file');
    throw e;
  }
  if (cfg.datastoreType !== 'etcdv3' && cfg.datastoreType !== 'kubernetes') {
    throw new CommandError('error executing command: unsupported backend specified in config');
  }
  return cfg;
}

export async function runNodeRun(flags: NodeRunFlags): Promise<void> {
  const v = await validateRunFlags(flags);
  const cfg = await loadNodeConfig(flags.config);
  const env = supervisorEnv(v, cfg, flags['no-default-ippools'], flags['run-dir']);
  const args = { runDir: flags['run-dir'], logDir: flags['log-dir'], name: v.name, backend: v.backend, healthPort: flags['health-port'] };
  if (flags.dryrun) {
    await stdout(dryRunText(supervisorCommandLine(env, { ...args, startup: true }), args.runDir, flags['init-system']));
    return;
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) throw new CommandError('This command must be run as root.');

  const p = nodePaths(args.runDir, args.logDir);
  const running = readPid(p.supervisorPid);
  if (running !== undefined && isAlive(running)) {
    throw new CommandError(`error executing command: a calico node is already running from ${args.runDir} (supervisor pid ${running}); use calicoctl node stop --run-dir ${args.runDir}`);
  }
  await prepareHost((l) => stdout(`${l}\n`));
  mkdirSync(p.runDir, { recursive: true });
  mkdirSync(p.logDir, { recursive: true });
  writeInlineKubeconfig(cfg, p.runDir);
  // The agent renders only once the nodename file exists, i.e. after the startup below.
  rmSync(p.nodename, { force: true });
  const launch = await import('./launch.js');
  const offsets = launch.logOffsets([p.supervisorLog, p.agentLog, p.birdLog]);
  const cmd = `Running the following command to start calico-node:\n\n${supervisorCommandLine(env, args)}\n\n`;

  // Detached: start the supervisor first so the agent loads while startup runs.
  let pid: number | undefined;
  if (!flags['init-system']) {
    await stdout(cmd);
    pid = launch.spawnDetached(args, env);
    if (pid === undefined) throw new CommandError('error executing command: could not start the supervisor');
  }
  const failed = async (reason: string): Promise<never> => {
    const logs = [...offsets].map(([f, from]) => launch.tail(f, from)).filter((t) => t !== '').join('\n');
    // Leave nothing half-running behind.
    const { stopNode } = await import('./stop.js');
    await stopNode(args.runDir, 5000).catch(() => {});
    throw new CommandError(`error executing command: calico/node has terminated, check logs for details: ${reason}${logs ? `\n${logs.split('\n').map((l) => ` | ${l}`).join('\n')}` : ''}`);
  };

  const { openDatastore } = await import('../../datastore/index.js');
  const { runStartup } = await import('./startup.js');
  const { readHostInterfaces, routeSource } = await import('./interfaces.js');
  try {
    const ds = await openDatastore(cfg);
    try {
      await runStartup(ds, {
        ...v,
        noDefaultPools: flags['no-default-ippools'],
        env: process.env,
        deps: { interfaces: readHostInterfaces(), routeSource },
        log: (l) => void stdout(`${l}\n`),
      });
    } finally {
      await ds.close();
    }
  } catch (e) {
    if (pid !== undefined) {
      const { stopNode } = await import('./stop.js');
      await stopNode(args.runDir, 5000).catch(() => {});
    }
    throw new CommandError(`error executing command: calico node startup failed: ${messageOf(e)}`);
  }
  writeFileSync(p.nodename, `${v.name}\n`);

  if (pid === undefined) {
    await stdout(cmd);
    const code = await launch.runForeground(args, env);
    if (code !== 0) throw new SilentFailure();
    return;
  }
  const res = await launch.waitStarted(pid, args);
  if (!res.ok) await failed(res.reason);
  await stdout('Calico node started successfully\n');
}
