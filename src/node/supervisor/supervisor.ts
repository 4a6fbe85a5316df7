/**
 * The node supervisor: starts the agent and (backend bird) BIRD, restarts either when it dies,
 * and on SIGTERM/SIGINT stops both and exits 0.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodePaths } from '../run/paths.js';
import { sleep } from '../run/procs.js';
import { formatProcessArgs, type NodeProcessArgs } from './args.js';
import { SupervisedChild } from './child.js';

const AGENT_MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'agent', 'main.js');
const CNI_ENTRY = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'cni', 'entry.js');

export function log(line: string): void {
  process.stdout.write(`${new Date().toISOString()} [supervisor] ${line}\n`);
}

export async function runSupervisor(args: NodeProcessArgs): Promise<void> {
  const p = nodePaths(args.runDir, args.logDir);
  mkdirSync(p.runDir, { recursive: true });
  mkdirSync(p.logDir, { recursive: true });
  writeFileSync(p.supervisorPid, `${process.pid}\n`);
  rmSync(p.status, { force: true });
  // BIRD must only ever start from a configuration this run's agent has checked.
  rmSync(p.birdCfg, { force: true });

  if (args.startup) {
    const { startupFromEnv } = await import('../run/startup-env.js');
    try {
      await startupFromEnv(process.env, log);
      writeFileSync(p.nodename, `${args.name}\n`);
    } catch (e) {
      log(`startup failed: ${(e as Error).message}`);
      log('Terminating');
      rmSync(p.supervisorPid, { force: true });
      process.exit(1);
    }
  }

  const children: SupervisedChild[] = [];
  const agent = new SupervisedChild(
    { name: 'agent', command: process.execPath, args: [AGENT_MAIN, ...formatProcessArgs(args)], logFile: p.agentLog, pidFile: p.agentPid },
    log,
  );
  children.push(agent);
  // The resident calico-ipam daemon: CNI ADD/DEL on this node without a Node start-up each.
  children.push(
    new SupervisedChild(
      { name: 'ipam', command: process.execPath, args: [CNI_ENTRY, 'daemon', '--socket', p.ipamSocket], logFile: p.ipamLog, pidFile: p.ipamPid },
      log,
    ),
  );
  if (args.backend === 'bird') {
    const bird = new SupervisedChild(
      {
        name: 'bird',
        command: process.env.CALICO_BIRD_BINARY || 'bird',
        args: ['-f', '-c', p.birdCfg, '-s', p.birdCtl, '-P', p.birdPid],
        logFile: p.birdLog,
        pidFile: p.birdPid,
        beforeStart: async () => {
          // The agent writes the first configuration; BIRD cannot start without it.
          while (!existsSync(p.birdCfg)) await sleep(50);
          rmSync(p.birdCtl, { force: true });
        },
      },
      log,
    );
    children.push(bird);
  }

  let stopping = false;
  const stop = async (sig: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log(`received ${sig}; stopping`);
    await Promise.all(children.map((c) => c.stop()));
    rmSync(p.status, { force: true });
    rmSync(p.birdCtl, { force: true });
    rmSync(p.supervisorPid, { force: true });
    log('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGHUP', () => {});

  log(`starting node ${args.name} (run dir ${args.runDir}, backend ${args.backend})`);
  for (const c of children) void c.start();
}
