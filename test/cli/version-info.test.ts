import { describe, expect, it } from 'vitest';
import { type ClusterInfo, clientVersionLines, clusterInfoLines, printClusterInfo } from '../../src/cli/version-info.js';

describe('version text', () => {
  it('starts values at column 19', () => {
    const [client, commit] = clientVersionLines();
    expect(client).toBe('Client Version:    v3.32.1');
    expect(commit).toMatch(/^Git commit: {8}(\S+)$/);
    expect(clusterInfoLines({ calicoVersion: 'v3.32.1', clusterType: 'k8s,bgp,kubeadm,kdd' })).toEqual([
      'Cluster Version:   v3.32.1',
      'Cluster Type:      k8s,bgp,kubeadm,kdd',
    ]);
  });

  it('prints unknown for empty cluster fields', () => {
    expect(clusterInfoLines({ calicoVersion: '' })).toEqual(['Cluster Version:   unknown', 'Cluster Type:      unknown']);
  });
});

describe('printClusterInfo', () => {
  it('reads once and prints both lines', async () => {
    let out = '';
    await printClusterInfo(async () => ({ calicoVersion: 'v3.32.1', clusterType: 'typha,kdd' }), {
      pollMs: 0,
      out: async (t) => void (out += t),
      err: async () => undefined,
    });
    expect(out).toBe('Cluster Version:   v3.32.1\nCluster Type:      typha,kdd\n');
  });

  it('turns a read failure into calicoctl\'s message', async () => {
    const run = printClusterInfo(async () => Promise.reject(new Error('connection refused')), {
      pollMs: 0,
      out: async () => undefined,
      err: async () => undefined,
    });
    await expect(run).rejects.toThrow('unable to retrieve Cluster Version or Type: connection refused');
  });

  it('when polling, prints only changes and reports errors without stopping', async () => {
    const answers: Array<ClusterInfo | Error> = [
      { calicoVersion: 'v3.32.0' },
      { calicoVersion: 'v3.32.0' },
      new Error('timeout'),
      { calicoVersion: 'v3.32.1' },
    ];
    const stop = new AbortController();
    let out = '';
    let err = '';
    await printClusterInfo(
      async () => {
        const a = answers.shift();
        if (!answers.length) stop.abort();
        if (a instanceof Error) throw a;
        return a ?? {};
      },
      {
        pollMs: 1000,
        out: async (t) => void (out += t),
        err: async (t) => void (err += t),
        sleep: async () => undefined,
        signal: stop.signal,
      },
    );
    expect(out).toBe(
      'Cluster Version:   v3.32.0\nCluster Type:      unknown\nCluster Version:   v3.32.1\nCluster Type:      unknown\n',
    );
    expect(err).toBe('unable to retrieve Cluster Version or Type: timeout\n');
  });
});
