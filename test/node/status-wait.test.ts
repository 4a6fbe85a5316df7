// `node status --wait`'s pure parts: which expected peers are still pending given what BIRD
// reports, how they are described, where the expected set comes from, and when a datastore
// counts as configured.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NodeStatus } from '../../src/node/status/collect.js';
import type { Peer } from '../../src/node/status/peers.js';
import { describePending, pendingPeers } from '../../src/node/status/wait.js';
import { fallbackWarning, fromAgent } from '../../src/node/status/expected.js';
import { datastoreConfigured, recordedNodeName } from '../../src/node/status/ds-peers.js';
import { loadClientConfig } from '../../src/datastore/config.js';
import { parseStatusArgv } from '../../src/node/status/fast.js';

function peer(name: string, address: string, type: Peer['type'], info: string, family: 4 | 6 = 4): Peer {
  return { name, address, type, family, state: info === 'Established' ? 'up' : 'start', since: '10:00:00', info };
}

function statusWith(v4: Peer[], v6: Peer[] = []): NodeStatus {
  return { running: true, bird: { ipv4: { running: true, peers: v4 }, ipv6: { running: v6.length > 0, peers: v6 } } };
}

const BIRD = statusWith(
  [
    peer('Mesh_10_0_0_2', '10.0.0.2', 'node-to-node mesh', 'Established'),
    peer('Mesh_10_0_0_3', '10.0.0.3', 'node-to-node mesh', 'Active Socket: Connection refused'),
    // Still in BIRD, but no longer expected (e.g. its BGPPeer was just deleted).
    peer('Global_10_0_0_9', '10.0.0.9', 'global', 'Connect'),
  ],
  [peer('Mesh_fd00__2', 'fd00::2', 'node-to-node mesh', 'Established', 6)],
);

describe('pendingPeers', () => {
  it('an expected peer Established (either family) is done; one in another state is pending with BIRD’s state', () => {
    const pending = pendingPeers(BIRD, [
      { name: 'Mesh_10_0_0_2', address: '10.0.0.2', type: 'node-to-node mesh' },
      { name: 'Mesh_10_0_0_3', address: '10.0.0.3', type: 'node-to-node mesh' },
      { name: 'Mesh_fd00__2', address: 'fd00::2', type: 'node-to-node mesh' },
    ]);
    expect(pending).toEqual([{ name: 'Mesh_10_0_0_3', address: '10.0.0.3', type: 'node-to-node mesh', state: 'start Active Socket: Connection refused' }]);
  });

  it('an expected peer BIRD does not have is "not configured in BIRD"; a BIRD peer not expected is not required', () => {
    const pending = pendingPeers(BIRD, [
      { name: 'Mesh_10_0_0_2', address: '10.0.0.2', type: 'node-to-node mesh' },
      { name: 'Node_10_0_0_7_port_1790', address: '10.0.0.7:1790', type: 'node specific' },
    ]);
    expect(pending).toEqual([{ name: 'Node_10_0_0_7_port_1790', address: '10.0.0.7:1790', type: 'node specific', state: 'not configured in BIRD' }]);
  });

  it('an empty expected set is satisfied whatever BIRD has', () => {
    expect(pendingPeers(BIRD, [])).toEqual([]);
  });

  it('without an expected set, every BGP peer BIRD has must be Established', () => {
    expect(pendingPeers(BIRD, undefined).map((p) => p.name)).toEqual(['Mesh_10_0_0_3', 'Global_10_0_0_9']);
  });

  it('an entry with only a name is described by its name', () => {
    const [p] = pendingPeers(statusWith([]), [{ name: 'Global_10_0_0_8' }]);
    expect(p).toEqual({ name: 'Global_10_0_0_8', address: 'Global_10_0_0_8', state: 'not configured in BIRD' });
    expect(describePending(p!)).toBe('Global_10_0_0_8 (not configured in BIRD)');
  });

  it('describes a pending peer as the timeout message lists it', () => {
    expect(describePending({ name: 'Global_10_0_0_9', address: '10.0.0.9', type: 'global', state: 'not configured in BIRD' })).toBe('10.0.0.9 (global, not configured in BIRD)');
    expect(describePending({ name: 'Mesh_10_0_0_3', address: '10.0.0.3', type: 'node-to-node mesh', state: 'start Connect' })).toBe('10.0.0.3 (node-to-node mesh, start Connect)');
  });
});

describe('where the expected set comes from', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ctlts-wait-unit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the agent’s list when it wrote one, else BIRD’s', () => {
    expect(fromAgent(dir)).toEqual({ from: 'bird' });
    writeFileSync(join(dir, 'expected-peers.json'), JSON.stringify([{ name: 'Mesh_10_0_0_2', address: '10.0.0.2' }, { bogus: 1 }]));
    expect(fromAgent(dir)).toEqual({ from: 'agent', peers: [{ name: 'Mesh_10_0_0_2', address: '10.0.0.2' }] });
    // Half-written: treated as absent for that round.
    writeFileSync(join(dir, 'expected-peers.json'), '[{"name": "Mes');
    expect(fromAgent(dir)).toEqual({ from: 'bird' });
  });

  it('the fallback warning is one line naming the reason and what is used instead', () => {
    const agent = fallbackWarning('/run/n1', 'datastore http://10.0.0.1:2379 is unavailable:\n  connection refused', { from: 'agent', peers: [] });
    expect(agent).toBe('Warning: cannot compute the expected BGP peers from the datastore (datastore http://10.0.0.1:2379 is unavailable: connection refused); waiting for the peers the agent listed in /run/n1/expected-peers.json\n');
    expect(fallbackWarning('/run/n1', 'x', { from: 'bird' })).toBe('Warning: cannot compute the expected BGP peers from the datastore (x); waiting for the BGP peers BIRD has configured\n');
  });

  it('the node name is the one node run recorded', () => {
    expect(recordedNodeName(dir)).toBeUndefined();
    writeFileSync(join(dir, 'nodename'), 'node-a\n');
    expect(recordedNodeName(dir)).toBe('node-a');
    writeFileSync(join(dir, 'nodename'), '\n');
    expect(recordedNodeName(dir)).toBeUndefined();
  });
});

describe('datastoreConfigured', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ctlts-wait-cfg-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const HOME = dir; // no .kube/config there
  const configured = (env: NodeJS.ProcessEnv, configPath?: string): boolean => {
    const full = { HOME, ...env };
    return datastoreConfigured(loadClientConfig({ env: full, configPath, defaultConfigPath: join(dir, 'absent.cfg') }), full);
  };

  it('nothing set: none (calicoctl would fall back to an in-cluster Kubernetes client)', () => {
    expect(configured({})).toBe(false);
    expect(configured({ DATASTORE_TYPE: 'kubernetes' })).toBe(false);
  });

  it('etcd endpoints, a kubeconfig, an API endpoint, in-cluster, or a config file: configured', () => {
    expect(configured({ ETCD_ENDPOINTS: 'http://10.0.0.1:2379' })).toBe(true);
    expect(configured({ DATASTORE_TYPE: 'kubernetes', KUBECONFIG: '/etc/k.conf' })).toBe(true);
    expect(configured({ DATASTORE_TYPE: 'kubernetes', K8S_API_ENDPOINT: 'https://10.0.0.1:6443' })).toBe(true);
    expect(configured({ KUBERNETES_SERVICE_HOST: '10.96.0.1' })).toBe(true);
    const cfg = join(dir, 'calicoctl.cfg');
    writeFileSync(cfg, 'apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nmetadata: {}\nspec:\n  datastoreType: kubernetes\n');
    expect(configured({}, cfg)).toBe(true);
  });

  it('a ~/.kube/config, as calicoctl would use it', () => {
    const home = mkdtempSync(join(dir, 'home-'));
    expect(configured({ HOME: home })).toBe(false);
    mkdirSync(join(home, '.kube'));
    writeFileSync(join(home, '.kube', 'config'), 'apiVersion: v1\nkind: Config\n');
    expect(configured({ HOME: home })).toBe(true);
  });
});

describe('parseStatusArgv: -c/--config', () => {
  it('is taken in both forms and passed on', () => {
    expect(parseStatusArgv(['-c', '/etc/x.cfg', '--wait=5s'])).toMatchObject({ configPath: '/etc/x.cfg', waitMs: 5000 });
    expect(parseStatusArgv(['--config=/etc/y.cfg'])).toMatchObject({ configPath: '/etc/y.cfg' });
    expect(parseStatusArgv(['--config'])).toBeUndefined();
  });
});
