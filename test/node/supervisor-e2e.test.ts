// node run / node stop end to end: a real etcd and BIRD in network namespaces, processes
// checked by PID. Skips (with the reason) where root, iproute2, bird2 or etcd are missing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { BIN, ROOT } from '../helpers/cli.js';
import { join } from 'node:path';
import { createLab, netnsSkipReason, type Lab } from './netns-helpers.js';
import { isAlive, readPid } from '../../src/node/run/procs.js';

const skip = netnsSkipReason();
let lab: Lab;

const pidOf = (name: string) => readPid(join(lab.runDir(1), `${name}.pid`));
const status = () => JSON.parse(readFileSync(join(lab.runDir(1), 'status.json'), 'utf8'));
async function until<T>(what: string, fn: () => T | undefined, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(skip !== undefined)(`node run / stop with real BIRD${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    lab = await createLab();
    lab.addNode(1);
  }, 60_000);
  afterAll(async () => lab?.cleanup(), 60_000);

  it('starts supervisor, agent and BIRD; restarts BIRD when killed; node stop stops everything', { timeout: 90_000 }, async () => {
    const run = await lab.cli(1, ['node', 'run', '--name', 'n1', '--ip', lab.nodeIP(1), '--run-dir', lab.runDir(1), '--log-dir', lab.logDir(1), '--health-port', '0']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`Using IPv4 address from environment or autodetection: ${lab.nodeIP(1)}/24`);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('Calico node started successfully');
    expect(run.code).toBe(0);

    const s = status();
    expect(s).toMatchObject({ started: true, node: 'n1', agent: { state: 'Ready' }, bird: { state: 'Ready', version: '2.0.12', routerID: lab.nodeIP(1) } });
    const [sup, agent, bird, ipam] = [pidOf('supervisor'), pidOf('agent'), pidOf('bird'), pidOf('ipam')];
    for (const pid of [sup, agent, bird, ipam]) expect(pid !== undefined && isAlive(pid)).toBe(true);
    // The calico-ipam daemon listens on the node's socket.
    expect(statSync(join(lab.runDir(1), 'ipam.sock')).isSocket()).toBe(true);
    expect(readFileSync(join(lab.runDir(1), 'bird.cfg'), 'utf8')).toContain(`router id ${lab.nodeIP(1)};`);

    // The agent's health endpoints answer inside the node's namespace.
    expect(lab.httpStatus(1, `http://127.0.0.1:${s.healthPort}/readiness`)).toBe(200);
    expect(lab.httpStatus(1, `http://127.0.0.1:${s.healthPort}/liveness`)).toBe(200);

    // A second run on the same run dir is refused while the node runs.
    const again = await lab.cli(1, ['node', 'run', '--name', 'n1', '--ip', lab.nodeIP(1), '--run-dir', lab.runDir(1), '--log-dir', lab.logDir(1)]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already running');

    // Kill BIRD: the supervisor starts a new one.
    process.kill(bird!, 'SIGKILL');
    const newBird = await until('a new BIRD', () => {
      const p = pidOf('bird');
      return p !== undefined && p !== bird && isAlive(p) ? p : undefined;
    }, 10_000);
    expect(newBird).not.toBe(bird);
    await until('BIRD answering again', () => status().bird.state === 'Ready', 10_000);

    // Kill the agent: restarted too.
    process.kill(agent!, 'SIGKILL');
    await until('a new agent', () => {
      const p = pidOf('agent');
      return p !== undefined && p !== agent && isAlive(p) ? p : undefined;
    }, 10_000);

    const stop = await lab.cli(1, ['node', 'stop', '--run-dir', lab.runDir(1)]);
    expect(stop).toMatchObject({ code: 0, stdout: 'Calico node stopped\n' });
    for (const pid of [sup!, pidOf('agent') ?? agent!, newBird, ipam!]) expect(isAlive(pid)).toBe(false);
    expect(existsSync(join(lab.runDir(1), 'supervisor.pid'))).toBe(false);
    expect(existsSync(join(lab.runDir(1), 'ipam.sock'))).toBe(false);
    expect(existsSync(join(lab.runDir(1), 'bird.ctl'))).toBe(false);

    const stopAgain = await lab.cli(1, ['node', 'stop', '--run-dir', lab.runDir(1)]);
    expect(stopAgain).toMatchObject({ code: 1, stderr: `error executing command: no calico node is running from ${lab.runDir(1)}\n` });
  });

  it('fails with the reason and exit 1 when the node cannot start, leaving nothing running', { timeout: 60_000 }, async () => {
    // A "bird" that rejects every configuration: the agent never reports started.
    const r = await lab.cli(1, ['node', 'run', '--name', 'n1', '--ip', lab.nodeIP(1), '--run-dir', lab.runDir(1), '--log-dir', lab.logDir(1), '--health-port', '0'],
      60_000, { CALICO_BIRD_BINARY: '/bin/false', CALICO_NODE_START_TIMEOUT_MS: '3000' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error executing command: calico/node has terminated, check logs for details: the node did not report started within 3 s');
    expect(r.stderr).toContain('BIRD rejected the configuration');
    expect(pidOf('supervisor')).toBeUndefined();
    for (const name of ['agent', 'bird', 'ipam']) {
      const pid = pidOf(name);
      expect(pid === undefined || !isAlive(pid)).toBe(true);
    }
  });

  it('--init-system runs in the foreground until signalled; a killed supervisor leaves nothing node stop cannot end', { timeout: 60_000 }, async () => {
    const child = spawn('ip', ['netns', 'exec', lab.nodeNs(1), process.execPath, BIN, 'node', 'run', '--init-system', '--name', 'n1', '--ip', lab.nodeIP(1),
      '--run-dir', lab.runDir(1), '--log-dir', lab.logDir(1), '--health-port', '0'], {
      cwd: ROOT, stdio: 'ignore', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: lab.etcdEndpoint },
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await until('started', () => existsSync(join(lab.runDir(1), 'status.json')) && status().started === true, 20_000);
    const pids = [pidOf('supervisor')!, pidOf('agent')!, pidOf('bird')!];
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);

    // Detached again, then the supervisor is killed outright: the agent notices and exits;
    // node stop ends the orphaned BIRD.
    expect((await lab.cli(1, ['node', 'run', '--name', 'n1', '--ip', lab.nodeIP(1), '--run-dir', lab.runDir(1), '--log-dir', lab.logDir(1), '--health-port', '0'])).code).toBe(0);
    const [sup, agent, bird, ipam] = [pidOf('supervisor')!, pidOf('agent')!, pidOf('bird')!, pidOf('ipam')!];
    process.kill(sup, 'SIGKILL');
    await until('the agent to exit', () => !isAlive(agent), 10_000);
    expect(isAlive(bird)).toBe(true);
    expect((await lab.cli(1, ['node', 'stop', '--run-dir', lab.runDir(1)])).code).toBe(0);
    expect(isAlive(bird)).toBe(false);
    expect(isAlive(ipam)).toBe(false);
    expect(existsSync(join(lab.runDir(1), 'supervisor.pid'))).toBe(false);
  });

  it('--backend none: no BIRD and no BGP, the node still starts (agent and IPAM daemon) and stops', { timeout: 60_000 }, async () => {
    const r = await lab.cli(1, ['node', 'run', '--backend', 'none', '--name', 'n1', '--ip', lab.nodeIP(1), '--run-dir', lab.runDir(1), '--log-dir', lab.logDir(1), '--health-port', '0']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('Calico node started successfully');
    expect(r.code).toBe(0);
    expect(pidOf('bird')).toBeUndefined();
    expect(existsSync(join(lab.runDir(1), 'bird.cfg'))).toBe(false);
    for (const name of ['supervisor', 'agent', 'ipam']) expect(isAlive(pidOf(name)!)).toBe(true);
    expect(status()).toMatchObject({ started: true, agent: { state: 'Ready' } });
    expect((await lab.cli(1, ['node', 'stop', '--run-dir', lab.runDir(1)])).code).toBe(0);
  });
});
