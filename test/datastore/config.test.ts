/** loadClientConfig: calicoctl-features §11 (selection, precedence, file format, errors). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigFileNotFoundError,
  DEFAULT_CONFIG_PATH,
  loadClientConfig,
  type LoadClientConfigOptions,
} from '../../src/datastore/config.js';
import { ConfigError } from '../../src/errors.js';

let dir: string;
let missingDefault: string;
let home: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'calicoctl-ts-cfg-'));
  missingDefault = join(dir, 'no-such-default.cfg');
  home = join(dir, 'home');
  mkdirSync(home);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** Env mode (default path missing), with an empty HOME so no kubeconfig default applies. */
function fromEnv(env: NodeJS.ProcessEnv, extra: Partial<LoadClientConfigOptions> = {}) {
  return loadClientConfig({ env: { HOME: home, ...env }, defaultConfigPath: missingDefault, ...extra });
}

function error(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('selection', () => {
  it('defaults to /etc/calico/calicoctl.cfg', () => {
    expect(DEFAULT_CONFIG_PATH).toBe('/etc/calico/calicoctl.cfg');
  });

  it('uses the environment when the default file does not exist', () => {
    const c = fromEnv({ ETCD_ENDPOINTS: 'http://10.0.0.1:2379' });
    expect(c.datastoreType).toBe('etcdv3');
    expect(c.etcdEndpoints).toEqual(['http://10.0.0.1:2379']);
    expect(c.source).toEqual({ type: 'env' });
  });

  it('an explicit path that does not exist is ConfigFileNotFoundError, printed bare on stdout', () => {
    const p = join(dir, 'missing.cfg');
    const e = error(() => fromEnv({ ETCD_ENDPOINTS: 'http://x:1' }, { configPath: p }));
    expect(e).toBeInstanceOf(ConfigFileNotFoundError);
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toBe(`Error reading config file: ${p}`);
    expect((e as ConfigFileNotFoundError).stdout).toBe(true);
    expect((e as ConfigFileNotFoundError).bare).toBe(true);
  });

  it('the default path given explicitly behaves like the default', () => {
    const c = fromEnv({ ETCD_ENDPOINTS: 'http://10.0.0.1:2379' }, { configPath: missingDefault });
    expect(c.source).toEqual({ type: 'env' });
  });

  it('an existing file is the only source: environment variables are not merged', () => {
    const p = file(
      'only-file.cfg',
      'apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nmetadata:\nspec:\n  etcdEndpoints: "http://etcd1:2379,http://etcd2:2379"\n',
    );
    const c = fromEnv(
      { ETCD_ENDPOINTS: 'http://from-env:2379', ETCD_USERNAME: 'envuser', CALICO_ETCD_PASSWORD: 'pw', K8S_CURRENT_CONTEXT: 'ctx' },
      { configPath: p, context: 'flag-ctx' },
    );
    expect(c.datastoreType).toBe('etcdv3');
    expect(c.etcdEndpoints).toEqual(['http://etcd1:2379', 'http://etcd2:2379']);
    expect(c.etcdUsername).toBeUndefined();
    expect(c.etcdPassword).toBeUndefined();
    expect(c.k8sCurrentContext).toBeUndefined();
    expect(c.source).toEqual({ type: 'file', path: p });
  });

  it('an existing file at the default path is used', () => {
    const p = file('default.cfg', '{"apiVersion":"projectcalico.org/v3","kind":"CalicoAPIConfig","spec":{"datastoreType":"etcdv3","etcdEndpoints":"https://e:2379"}}');
    const c = loadClientConfig({ env: { ETCD_ENDPOINTS: 'http://env:1' }, defaultConfigPath: p });
    expect(c.etcdEndpoints).toEqual(['https://e:2379']);
  });
});

describe('environment variables', () => {
  it('reads every documented variable', () => {
    const c = fromEnv({
      DATASTORE_TYPE: 'etcdv3',
      ETCD_ENDPOINTS: 'http://a:2379, http://b:2379',
      ETCD_USERNAME: 'u',
      ETCD_PASSWORD: 'p',
      ETCD_KEY_FILE: '/k',
      ETCD_CERT_FILE: '/c',
      ETCD_CA_CERT_FILE: '/ca',
      KUBECONFIG: '/kc',
      K8S_API_ENDPOINT: 'https://api:6443',
      K8S_KEY_FILE: '/kk',
      K8S_CERT_FILE: '/kcrt',
      K8S_CA_FILE: '/kca',
      K8S_INSECURE_SKIP_TLS_VERIFY: 'true',
      K8S_DISABLE_NODE_POLL: '1',
      USE_POD_CIDR: 'F',
      K8S_CLIENT_QPS: '12.5',
      K8S_CLIENT_BURST: '200',
      K8S_CURRENT_CONTEXT: 'ctx',
      CALICO_API_GROUP: 'projectcalico.org/v3',
      CALICO_K8SAPITOKEN: 'tok',
    });
    expect(c).toEqual({
      datastoreType: 'etcdv3',
      etcdEndpoints: ['http://a:2379', 'http://b:2379'],
      etcdUsername: 'u',
      etcdPassword: 'p',
      etcdKeyFile: '/k',
      etcdCertFile: '/c',
      etcdCACertFile: '/ca',
      kubeconfig: '/kc',
      k8sAPIEndpoint: 'https://api:6443',
      k8sKeyFile: '/kk',
      k8sCertFile: '/kcrt',
      k8sCAFile: '/kca',
      k8sInsecureSkipTLSVerify: true,
      k8sDisableNodePoll: true,
      usePodCIDR: false,
      k8sClientQPS: 12.5,
      k8sClientBurst: 200,
      k8sCurrentContext: 'ctx',
      calicoAPIGroup: 'projectcalico.org/v3',
      k8sAPIToken: 'tok',
      source: { type: 'env' },
    });
  });

  it('CALICO_-prefixed names take precedence over the plain names', () => {
    const c = fromEnv({
      DATASTORE_TYPE: 'kubernetes',
      CALICO_DATASTORE_TYPE: 'etcdv3',
      ETCD_ENDPOINTS: 'http://plain:2379',
      CALICO_ETCD_ENDPOINTS: 'http://prefixed:2379',
      ETCD_USERNAME: 'plain-only',
    });
    expect(c.datastoreType).toBe('etcdv3');
    expect(c.etcdEndpoints).toEqual(['http://prefixed:2379']);
    expect(c.etcdUsername).toBe('plain-only');
  });

  it('k8sAPIToken is only CALICO_K8SAPITOKEN; inline certs and kubeconfigInline have no variables', () => {
    const c = fromEnv({
      K8SAPITOKEN: 'x',
      K8S_API_TOKEN: 'y',
      ETCD_KEY: 'k',
      CALICO_ETCD_KEY: 'k',
      ETCD_CERT: 'c',
      ETCD_CA_CERT: 'ca',
      KUBECONFIG_INLINE: 'i',
      CALICO_KUBECONFIGINLINE: 'i',
      CALICO_ETCDKEY: 'k',
    });
    expect(c.k8sAPIToken).toBeUndefined();
    expect(c.etcdKey).toBeUndefined();
    expect(c.etcdCert).toBeUndefined();
    expect(c.etcdCACert).toBeUndefined();
    expect(c.kubeconfigInline).toBeUndefined();
  });

  it('k8sClientBurst defaults to 100', () => {
    expect(fromEnv({}).k8sClientBurst).toBe(100);
  });

  it('rejects unparsable booleans and numbers like envconfig', () => {
    const e = error(() => fromEnv({ K8S_INSECURE_SKIP_TLS_VERIFY: 'yes' }));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toBe(
      `failed to load config from env vars: envconfig.Process: assigning CALICO_K8S_INSECURE_SKIP_TLS_VERIFY to K8sInsecureSkipTLSVerify: converting 'yes' to type bool. details: strconv.ParseBool: parsing "yes": invalid syntax`,
    );
    expect(error(() => fromEnv({ CALICO_K8S_CLIENT_BURST: '1.5' })).message).toContain(
      `assigning CALICO_K8S_CLIENT_BURST to K8sClientBurst: converting '1.5' to type int`,
    );
    expect(error(() => fromEnv({ K8S_CLIENT_QPS: 'fast' })).message).toContain('strconv.ParseFloat: parsing "fast": invalid syntax');
  });

  it('--context sets k8sCurrentContext in env mode; CALICO_K8S_CURRENT_CONTEXT still wins', () => {
    expect(fromEnv({}, { context: 'dev' }).k8sCurrentContext).toBe('dev');
    expect(fromEnv({ K8S_CURRENT_CONTEXT: 'env' }, { context: 'dev' }).k8sCurrentContext).toBe('dev');
    expect(fromEnv({ CALICO_K8S_CURRENT_CONTEXT: 'env' }, { context: 'dev' }).k8sCurrentContext).toBe('env');
  });

  it('does not modify the environment it is given', () => {
    const env = { HOME: home };
    loadClientConfig({ env, defaultConfigPath: missingDefault, context: 'dev' });
    expect(env).toEqual({ HOME: home });
  });
});

describe('datastore type', () => {
  it('defaults to etcdv3 with endpoints and kubernetes without', () => {
    expect(fromEnv({ ETCD_ENDPOINTS: 'http://a:2379' }).datastoreType).toBe('etcdv3');
    const k = fromEnv({});
    expect(k.datastoreType).toBe('kubernetes');
    expect(k.etcdEndpoints).toEqual([]);
  });

  it('unknown types are rejected', () => {
    const e = error(() => fromEnv({ DATASTORE_TYPE: 'consul' }));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toBe('unknown datastore type: consul');
  });

  it('etcdv3 needs endpoints (or SRV discovery), not both', () => {
    expect(error(() => fromEnv({ DATASTORE_TYPE: 'etcdv3' })).message).toBe('no etcd endpoints specified');
    expect(error(() => fromEnv({ DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: ' , ' })).message).toBe('no etcd endpoints specified');
    expect(fromEnv({ DATASTORE_TYPE: 'etcdv3', ETCD_DISCOVERY_SRV: 'example.com' }).etcdDiscoverySrv).toBe('example.com');
    expect(error(() => fromEnv({ ETCD_ENDPOINTS: 'http://a:1', ETCD_DISCOVERY_SRV: 'example.com' })).message).toBe(
      'multiple discovery or bootstrap options specified, use either "etcdEndpoints" or "etcdDiscoverySrv"',
    );
  });

  it('kubernetes defaults kubeconfig to $HOME/.kube/config only when it exists', () => {
    const h = join(dir, 'home-with-kube');
    mkdirSync(join(h, '.kube'), { recursive: true });
    expect(loadClientConfig({ env: { HOME: h }, defaultConfigPath: missingDefault }).kubeconfig).toBeUndefined();
    writeFileSync(join(h, '.kube', 'config'), 'apiVersion: v1\n');
    expect(loadClientConfig({ env: { HOME: h }, defaultConfigPath: missingDefault }).kubeconfig).toBe(join(h, '.kube', 'config'));
    expect(loadClientConfig({ env: { HOME: h, KUBECONFIG: '/a:/b' }, defaultConfigPath: missingDefault }).kubeconfig).toBe('/a:/b');
    expect(
      loadClientConfig({ env: { HOME: h, K8S_API_ENDPOINT: 'https://x' }, defaultConfigPath: missingDefault }).kubeconfig,
    ).toBeUndefined();
  });
});

describe('file format', () => {
  it('reads every field from YAML', () => {
    const p = file(
      'full.yaml',
      [
        'apiVersion: projectcalico.org/v3',
        'kind: CalicoAPIConfig',
        'metadata:',
        '  name: ignored',
        'spec:',
        '  datastoreType: kubernetes',
        '  etcdKey: "-----BEGIN KEY-----"',
        '  etcdCert: c',
        '  etcdCACert: ca',
        '  kubeconfig: /kc',
        '  k8sAPIToken: tok',
        '  k8sInsecureSkipTLSVerify: true',
        '  kubeconfigInline: "apiVersion: v1"',
        '  k8sClientQPS: 50',
        '  k8sClientBurst: 70',
        '  k8sCurrentContext: prod',
        '  usePodCIDR: true',
        '',
      ].join('\n'),
    );
    const c = loadClientConfig({ configPath: p, env: {} });
    expect(c).toMatchObject({
      datastoreType: 'kubernetes',
      etcdKey: '-----BEGIN KEY-----',
      etcdCert: 'c',
      etcdCACert: 'ca',
      kubeconfig: '/kc',
      k8sAPIToken: 'tok',
      k8sInsecureSkipTLSVerify: true,
      kubeconfigInline: 'apiVersion: v1',
      k8sClientQPS: 50,
      k8sClientBurst: 70,
      k8sCurrentContext: 'prod',
      usePodCIDR: true,
    });
  });

  it('matches field names case-insensitively, like Go encoding/json', () => {
    const p = file('case.yaml', 'APIVersion: projectcalico.org/v3\nKind: CalicoAPIConfig\nSpec:\n  EtcdEndpoints: http://x:2379\n');
    expect(loadClientConfig({ configPath: p, env: {} }).etcdEndpoints).toEqual(['http://x:2379']);
  });

  it('rejects unknown fields (strict parse)', () => {
    const p = file('unknown.yaml', 'apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nspec:\n  k8sToken: abc\n');
    const e = error(() => loadClientConfig({ configPath: p, env: {} }));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e).not.toBeInstanceOf(ConfigFileNotFoundError);
    expect(e.message).toBe(
      `syntax error in ${p}: failed to parse config as YAML/JSON: error unmarshaling JSON: while decoding JSON: json: unknown field "k8sToken"`,
    );
    const top = file('unknown-top.json', '{"apiVersion":"projectcalico.org/v3","kind":"CalicoAPIConfig","extra":1}');
    expect(error(() => loadClientConfig({ configPath: top, env: {} })).message).toContain('json: unknown field "extra"');
  });

  it('rejects wrongly typed fields', () => {
    const p = file('types.yaml', 'apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nspec:\n  etcdEndpoints: 2379\n');
    expect(error(() => loadClientConfig({ configPath: p, env: {} })).message).toBe(
      `syntax error in ${p}: failed to parse config as YAML/JSON: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal number 2379 into Go struct field CalicoAPIConfigSpec.spec.etcdEndpoints of type string`,
    );
    const b = file('bool.yaml', 'apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nspec:\n  k8sInsecureSkipTLSVerify: "true"\n');
    expect(error(() => loadClientConfig({ configPath: b, env: {} })).message).toContain(
      'cannot unmarshal string into Go struct field CalicoAPIConfigSpec.spec.k8sInsecureSkipTLSVerify of type bool',
    );
  });

  it('reports YAML syntax errors', () => {
    const p = file('syntax.yaml', 'apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nspec:\n  etcdEndpoints: [unclosed\n');
    const e = error(() => loadClientConfig({ configPath: p, env: {} }));
    expect(e.message).toMatch(new RegExp(`^syntax error in ${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: failed to parse config as YAML/JSON: error converting YAML to JSON: yaml: line \\d+: `));
    expect(e.message.split('\n')).toHaveLength(1);
  });

  it('checks apiVersion and kind', () => {
    const v = file('v1.yaml', 'apiVersion: projectcalico.org/v1\nkind: CalicoAPIConfig\nspec: {}\n');
    expect(error(() => loadClientConfig({ configPath: v, env: {} })).message).toBe(
      `syntax error in ${v}: invalid config file: unknown APIVersion 'projectcalico.org/v1'`,
    );
    const k = file('kind.yaml', 'apiVersion: projectcalico.org/v3\nkind: IPPool\nspec: {}\n');
    expect(error(() => loadClientConfig({ configPath: k, env: {} })).message).toBe(
      `syntax error in ${k}: invalid config file: expected kind 'CalicoAPIConfig', got 'IPPool'`,
    );
    const empty = file('empty.yaml', '');
    expect(error(() => loadClientConfig({ configPath: empty, env: {} })).message).toBe(
      `syntax error in ${empty}: invalid config file: unknown APIVersion ''`,
    );
  });

  it('applies the same defaults and checks as env mode', () => {
    const none = file('none.yaml', 'apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nspec:\n  datastoreType: etcdv3\n');
    expect(error(() => loadClientConfig({ configPath: none, env: {} })).message).toBe('no etcd endpoints specified');
    const bad = file('bad-type.yaml', 'apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nspec:\n  datastoreType: etcdv2\n');
    expect(error(() => loadClientConfig({ configPath: bad, env: {} })).message).toBe('unknown datastore type: etcdv2');
    const kdd = file('kdd.yaml', 'apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nspec: {}\n');
    expect(loadClientConfig({ configPath: kdd, env: {} }).datastoreType).toBe('kubernetes');
  });

  it('a directory is not a config file', () => {
    const e = error(() => loadClientConfig({ configPath: dir, env: {} }));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toBe(`read ${dir}: is a directory`);
  });
});
