/**
 * Kubernetes datastore configuration: kubeconfig merging with kubectl's rules (not
 * client-node's), context selection, and the K8S_* / config-file overrides.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClientConfig } from '../../src/datastore/config.js';
import { resolveConnection } from '../../src/datastore/kube/connection.js';
import { loadKubeconfigFiles } from '../../src/datastore/kube/kubeconfig.js';
import { ConfigError } from '../../src/errors.js';

let dir: string;

function kubeconfig(file: string, o: { current?: string; clusters?: Record<string, string>; users?: Record<string, Record<string, unknown>>; contexts?: Record<string, [string, string]> }): string {
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    ...(o.current ? { 'current-context': o.current } : {}),
    clusters: Object.entries(o.clusters ?? {}).map(([name, server]) => ({ name, cluster: { server } })),
    users: Object.entries(o.users ?? {}).map(([name, user]) => ({ name, user })),
    contexts: Object.entries(o.contexts ?? {}).map(([name, [cluster, user]]) => ({ name, context: { cluster, user } })),
  };
  const p = join(dir, file);
  writeFileSync(p, JSON.stringify(doc));
  return p;
}

/** Config from the environment only (no config file). */
function envConfig(env: NodeJS.ProcessEnv, context?: string) {
  return loadClientConfig({ env: { HOME: dir, DATASTORE_TYPE: 'kubernetes', ...env }, defaultConfigPath: join(dir, 'none.cfg'), context });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubecfg-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('kubeconfig merge (kubectl rules)', () => {
  it('the first file wins for current-context and for duplicate names, without an error', () => {
    const a = kubeconfig('a.yaml', {
      current: 'ctx-a',
      clusters: { shared: 'https://a.example:6443' },
      users: { u: { token: 'token-a' } },
      contexts: { 'ctx-a': ['shared', 'u'], both: ['shared', 'u'] },
    });
    const b = kubeconfig('b.yaml', {
      current: 'ctx-b',
      clusters: { shared: 'https://b.example:6443', only_b: 'https://ob.example' },
      users: { u: { token: 'token-b' } },
      contexts: { 'ctx-b': ['only_b', 'u'], both: ['only_b', 'u'] },
    });
    const merged = loadKubeconfigFiles(`${a}:${b}`);
    expect(merged.currentContext).toBe('ctx-a');
    expect(merged.clusters.get('shared')?.server).toBe('https://a.example:6443');
    expect(merged.clusters.get('only_b')?.server).toBe('https://ob.example');
    expect(merged.users.get('u')?.token).toBe('token-a');
    expect(merged.contexts.get('both')?.cluster).toBe('shared');
    expect([...merged.contexts.keys()].sort()).toEqual(['both', 'ctx-a', 'ctx-b']);

    // Reversed order: the other file's values win.
    const rev = resolveConnection(envConfig({ KUBECONFIG: `${b}:${a}` }));
    expect(rev.server).toBe('https://ob.example');
    expect(rev.token).toBe('token-b');
  });

  it('takes current-context from a later file when earlier files do not set one; skips missing files', () => {
    const a = kubeconfig('nocur.yaml', { clusters: { c: 'https://c.example' } });
    const b = kubeconfig('cur.yaml', { current: 'x', users: { u: {} }, contexts: { x: ['c', 'u'] } });
    const conn = resolveConnection(envConfig({ KUBECONFIG: `${join(dir, 'missing.yaml')}:${a}:${b}` }));
    expect(conn.server).toBe('https://c.example');
    expect(conn.contextName).toBe('x');
  });

  it('a single missing kubeconfig is an error', () => {
    expect(() => resolveConnection(envConfig({ KUBECONFIG: join(dir, 'nope.yaml') }))).toThrow(`stat ${join(dir, 'nope.yaml')}: no such file or directory`);
  });

  it('resolves relative certificate paths against the file that names them', () => {
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'sub', 'ca.pem'), 'CA-PEM');
    writeFileSync(
      join(dir, 'sub', 'rel.yaml'),
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: r',
        'clusters: [{name: c, cluster: {server: "https://r.example", certificate-authority: ca.pem}}]',
        'users: [{name: u, user: {token: t}}]',
        'contexts: [{name: r, context: {cluster: c, user: u}}]',
      ].join('\n'),
    );
    const conn = resolveConnection(envConfig({ KUBECONFIG: join(dir, 'sub', 'rel.yaml') }));
    expect(conn.ca?.toString()).toBe('CA-PEM');
  });
});

describe('context selection and overrides', () => {
  let kc: string;
  beforeAll(() => {
    kc = kubeconfig('ctx.yaml', {
      current: 'one',
      clusters: { c1: 'https://one.example:6443', c2: 'https://two.example:6443' },
      users: { u1: { token: 'tok-1' }, u2: { token: 'tok-2' } },
      contexts: { one: ['c1', 'u1'], two: ['c2', 'u2'] },
    });
  });

  it('--context (K8S_CURRENT_CONTEXT) picks another context', () => {
    expect(resolveConnection(envConfig({ KUBECONFIG: kc })).server).toBe('https://one.example:6443');
    const viaFlag = resolveConnection(envConfig({ KUBECONFIG: kc }, 'two'));
    expect(viaFlag.server).toBe('https://two.example:6443');
    expect(viaFlag.token).toBe('tok-2');
    expect(resolveConnection(envConfig({ KUBECONFIG: kc, K8S_CURRENT_CONTEXT: 'two' })).token).toBe('tok-2');
  });

  it('an unknown context is a one-line configuration error', () => {
    const err = (() => {
      try {
        resolveConnection(envConfig({ KUBECONFIG: kc }, 'nope'));
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err?.message).toBe('invalid configuration: context was not found for specified context: nope');
  });

  it('K8S_API_ENDPOINT, CALICO_K8SAPITOKEN and K8S_INSECURE_SKIP_TLS_VERIFY override the kubeconfig', () => {
    const conn = resolveConnection(
      envConfig({ KUBECONFIG: kc, K8S_API_ENDPOINT: 'https://override.example:443/', CALICO_K8SAPITOKEN: 'over', K8S_INSECURE_SKIP_TLS_VERIFY: 'true' }),
    );
    expect(conn.server).toBe('https://override.example:443');
    expect(conn.token).toBe('over');
    expect(conn.insecureSkipTLSVerify).toBe(true);
    // K8S_API_TOKEN without the CALICO_ prefix is not read (calicoctl's envconfig quirk).
    expect(resolveConnection(envConfig({ KUBECONFIG: kc, K8S_API_TOKEN: 'ignored' })).token).toBe('tok-1');
  });

  it('the config file is the only source when it exists; k8sCurrentContext and k8sAPIToken there', () => {
    const cfgPath = join(dir, 'calicoctl.cfg');
    writeFileSync(
      cfgPath,
      ['apiVersion: projectcalico.org/v3', 'kind: CalicoAPIConfig', 'spec:', '  datastoreType: kubernetes', `  kubeconfig: ${kc}`, '  k8sCurrentContext: two', '  k8sAPIToken: from-file'].join('\n'),
    );
    const cfg = loadClientConfig({ configPath: cfgPath, env: { KUBECONFIG: '/nonexistent', K8S_CURRENT_CONTEXT: 'one' } });
    const conn = resolveConnection(cfg);
    expect(conn.server).toBe('https://two.example:6443');
    expect(conn.token).toBe('from-file');
  });

  it('K8S_CERT_FILE/K8S_KEY_FILE/K8S_CA_FILE are read from disk; an unreadable one is a one-line error', () => {
    writeFileSync(join(dir, 'c.pem'), 'CERT');
    writeFileSync(join(dir, 'k.pem'), 'KEY');
    const conn = resolveConnection(
      envConfig({ K8S_API_ENDPOINT: 'https://x.example', K8S_CERT_FILE: join(dir, 'c.pem'), K8S_KEY_FILE: join(dir, 'k.pem'), K8S_CA_FILE: join(dir, 'c.pem') }),
    );
    expect(conn.cert?.toString()).toBe('CERT');
    expect(conn.key?.toString()).toBe('KEY');
    expect(conn.ca?.toString()).toBe('CERT');
    expect(() => resolveConnection(envConfig({ K8S_API_ENDPOINT: 'https://x.example', K8S_CA_FILE: join(dir, 'no.pem') }))).toThrow(
      `unable to read certificate authority ${join(dir, 'no.pem')}: no such file or directory`,
    );
  });

  it('with nothing configured and no in-cluster environment it says so', () => {
    expect(() => resolveConnection(envConfig({}), {})).toThrow(/no configuration has been provided/);
  });

  it('exec users are handed to client-node; static tokens are not', () => {
    const p = join(dir, 'exec.yaml');
    writeFileSync(
      p,
      JSON.stringify({
        'current-context': 'e',
        clusters: [{ name: 'c', cluster: { server: 'https://e.example' } }],
        users: [{ name: 'u', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'get-token', args: ['--x'] } } }],
        contexts: [{ name: 'e', context: { cluster: 'c', user: 'u' } }],
      }),
    );
    const conn = resolveConnection(envConfig({ KUBECONFIG: p }));
    expect(conn.pluginAuth).toBeDefined();
    expect(JSON.stringify(conn.pluginAuth?.kubeconfig)).toContain('get-token');
    expect(resolveConnection(envConfig({ KUBECONFIG: p, CALICO_K8SAPITOKEN: 't' })).pluginAuth).toBeUndefined();
  });
});
