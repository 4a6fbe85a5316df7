/** Where one node instance keeps its files: everything hangs off --run-dir and --log-dir. */
import { join } from 'node:path';

export const DEFAULT_RUN_DIR = '/var/run/calico';
export const DEFAULT_LOG_DIR = '/var/log/calico';
export const DEFAULT_HEALTH_PORT = 9099;

export interface NodePaths {
  runDir: string;
  logDir: string;
  supervisorPid: string;
  agentPid: string;
  birdPid: string;
  birdCfg: string;
  birdCtl: string;
  status: string;
  expectedPeers: string;
  supervisorLog: string;
  agentLog: string;
  birdLog: string;
  nodename: string;
  /** The calico-ipam daemon's socket (CNI plugins on this node reach it through CALICO_IPAM_SOCKET). */
  ipamSocket: string;
  ipamPid: string;
  ipamLog: string;
}

export function nodePaths(runDir: string, logDir: string): NodePaths {
  return {
    runDir,
    logDir,
    supervisorPid: join(runDir, 'supervisor.pid'),
    agentPid: join(runDir, 'agent.pid'),
    birdPid: join(runDir, 'bird.pid'),
    birdCfg: join(runDir, 'bird.cfg'),
    birdCtl: join(runDir, 'bird.ctl'),
    status: join(runDir, 'status.json'),
    expectedPeers: join(runDir, 'expected-peers.json'),
    supervisorLog: join(logDir, 'supervisor.log'),
    agentLog: join(logDir, 'agent.log'),
    birdLog: join(logDir, 'bird.log'),
    nodename: join(runDir, 'nodename'),
    ipamSocket: join(runDir, 'ipam.sock'),
    ipamPid: join(runDir, 'ipam.pid'),
    ipamLog: join(logDir, 'ipam.log'),
  };
}
