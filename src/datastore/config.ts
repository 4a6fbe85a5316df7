/**
 * calicoctl's client configuration (CalicoAPIConfig): where it comes from and what it holds.
 *
 * Selection (calicoctl-features §11.1):
 *  1. `-c/--config <path>`, default /etc/calico/calicoctl.cfg.
 *  2. If the path exists, the file is the ONLY source (environment variables are not merged).
 *  3. If it does not exist and is the default path, the environment is used.
 *  4. If it does not exist and was given explicitly: ConfigFileNotFoundError
 *     (`Error reading config file: <path>`).
 *
 * Error-printing contract with the command layer:
 *  - ConfigFileNotFoundError (a ConfigError subclass) has `stdout = true` and `bare = true`: print
 *    its message as-is on stdout, exit 1 (calicoctl prints it itself and exits).
 *  - Every other ConfigError thrown here is a client-construction failure: calicoctl prints it on
 *    stdout as `Failed to create Calico API client: <message>`, exit 1.
 *
 * Pure apart from reading the config file (and stat-ing $HOME/.kube/config for the kubernetes
 * default); the environment is passed in.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors.js';

export const DEFAULT_CONFIG_PATH = '/etc/calico/calicoctl.cfg';
export const CONFIG_API_VERSION = 'projectcalico.org/v3';
export const CONFIG_KIND = 'CalicoAPIConfig';

export type DatastoreType = 'etcdv3' | 'kubernetes';

export interface ClientConfig {
  datastoreType: DatastoreType;
  /** Parsed from the comma-separated `etcdEndpoints`; empty for kubernetes. */
  etcdEndpoints: string[];
  etcdDiscoverySrv?: string;
  etcdUsername?: string;
  etcdPassword?: string;
  etcdKeyFile?: string;
  etcdCertFile?: string;
  etcdCACertFile?: string;
  /** Inline PEM (file only). */
  etcdKey?: string;
  etcdCert?: string;
  etcdCACert?: string;
  /** Path or `:`-separated list of paths. */
  kubeconfig?: string;
  k8sAPIEndpoint?: string;
  k8sKeyFile?: string;
  k8sCertFile?: string;
  k8sCAFile?: string;
  k8sAPIToken?: string;
  k8sInsecureSkipTLSVerify?: boolean;
  k8sDisableNodePoll?: boolean;
  usePodCIDR?: boolean;
  /** Kubeconfig content (file only); overrides `kubeconfig`. */
  kubeconfigInline?: string;
  k8sClientQPS?: number;
  /** Defaults to 100. */
  k8sClientBurst?: number;
  k8sCurrentContext?: string;
  calicoAPIGroup?: string;
  /** Where the configuration came from (for diagnostics). */
  source: { type: 'file'; path: string } | { type: 'env' };
}

export interface LoadClientConfigOptions {
  /** The `-c/--config` value; undefined or empty means the default path. */
  configPath?: string;
  /** Environment to read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** `--context`: sets K8S_CURRENT_CONTEXT, so it only has an effect in env mode. */
  context?: string;
  /** The default path (tests only); DEFAULT_CONFIG_PATH otherwise. */
  defaultConfigPath?: string;
}

/** `Error reading config file: <path>`: printed verbatim on stdout (not prefixed), exit 1. */
export class ConfigFileNotFoundError extends ConfigError {
  /** Print on stdout rather than stderr. */
  readonly stdout = true as const;
  /** Print the message as-is, without `Failed to create Calico API client: `. */
  readonly bare = true as const;
  constructor(readonly path: string) {
    super(`Error reading config file: ${path}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Field table

type FieldType = 'string' | 'bool' | 'float32' | 'int';

interface SpecField {
  /** JSON name in the file. */
  json: string;
  /** Property in ClientConfig. */
  prop: keyof ClientConfig;
  type: FieldType;
  /** envconfig tag (looked up as CALICO_<tag>, then <tag>); null = no env var. */
  env: string | null;
  /** Env key without a tag (only the prefixed derived name), e.g. CALICO_K8SAPITOKEN. */
  envOnlyPrefixed?: string;
  /** Go field name, for error messages. */
  goName: string;
}

const SPEC_FIELDS: readonly SpecField[] = [
  { json: 'datastoreType', prop: 'datastoreType', type: 'string', env: 'DATASTORE_TYPE', goName: 'DatastoreType' },
  { json: 'etcdEndpoints', prop: 'etcdEndpoints', type: 'string', env: 'ETCD_ENDPOINTS', goName: 'EtcdEndpoints' },
  { json: 'etcdDiscoverySrv', prop: 'etcdDiscoverySrv', type: 'string', env: 'ETCD_DISCOVERY_SRV', goName: 'EtcdDiscoverySrv' },
  { json: 'etcdUsername', prop: 'etcdUsername', type: 'string', env: 'ETCD_USERNAME', goName: 'EtcdUsername' },
  { json: 'etcdPassword', prop: 'etcdPassword', type: 'string', env: 'ETCD_PASSWORD', goName: 'EtcdPassword' },
  { json: 'etcdKeyFile', prop: 'etcdKeyFile', type: 'string', env: 'ETCD_KEY_FILE', goName: 'EtcdKeyFile' },
  { json: 'etcdCertFile', prop: 'etcdCertFile', type: 'string', env: 'ETCD_CERT_FILE', goName: 'EtcdCertFile' },
  { json: 'etcdCACertFile', prop: 'etcdCACertFile', type: 'string', env: 'ETCD_CA_CERT_FILE', goName: 'EtcdCACertFile' },
  { json: 'etcdKey', prop: 'etcdKey', type: 'string', env: null, goName: 'EtcdKey' },
  { json: 'etcdCert', prop: 'etcdCert', type: 'string', env: null, goName: 'EtcdCert' },
  { json: 'etcdCACert', prop: 'etcdCACert', type: 'string', env: null, goName: 'EtcdCACert' },
  { json: 'kubeconfig', prop: 'kubeconfig', type: 'string', env: 'KUBECONFIG', goName: 'Kubeconfig' },
  { json: 'k8sAPIEndpoint', prop: 'k8sAPIEndpoint', type: 'string', env: 'K8S_API_ENDPOINT', goName: 'K8sAPIEndpoint' },
  { json: 'k8sKeyFile', prop: 'k8sKeyFile', type: 'string', env: 'K8S_KEY_FILE', goName: 'K8sKeyFile' },
  { json: 'k8sCertFile', prop: 'k8sCertFile', type: 'string', env: 'K8S_CERT_FILE', goName: 'K8sCertFile' },
  { json: 'k8sCAFile', prop: 'k8sCAFile', type: 'string', env: 'K8S_CA_FILE', goName: 'K8sCAFile' },
  { json: 'k8sAPIToken', prop: 'k8sAPIToken', type: 'string', env: null, envOnlyPrefixed: 'CALICO_K8SAPITOKEN', goName: 'K8sAPIToken' },
  { json: 'k8sInsecureSkipTLSVerify', prop: 'k8sInsecureSkipTLSVerify', type: 'bool', env: 'K8S_INSECURE_SKIP_TLS_VERIFY', goName: 'K8sInsecureSkipTLSVerify' },
  { json: 'k8sDisableNodePoll', prop: 'k8sDisableNodePoll', type: 'bool', env: 'K8S_DISABLE_NODE_POLL', goName: 'K8sDisableNodePoll' },
  { json: 'usePodCIDR', prop: 'usePodCIDR', type: 'bool', env: 'USE_POD_CIDR', goName: 'K8sUsePodCIDR' },
  { json: 'kubeconfigInline', prop: 'kubeconfigInline', type: 'string', env: null, goName: 'KubeconfigInline' },
  { json: 'k8sClientQPS', prop: 'k8sClientQPS', type: 'float32', env: 'K8S_CLIENT_QPS', goName: 'K8sClientQPS' },
  { json: 'k8sClientBurst', prop: 'k8sClientBurst', type: 'int', env: 'K8S_CLIENT_BURST', goName: 'K8sClientBurst' },
  { json: 'k8sCurrentContext', prop: 'k8sCurrentContext', type: 'string', env: 'K8S_CURRENT_CONTEXT', goName: 'K8sCurrentContext' },
  { json: 'calicoAPIGroup', prop: 'calicoAPIGroup', type: 'string', env: 'CALICO_API_GROUP', goName: 'CalicoAPIGroup' },
];

const GO_TYPE: Record<FieldType, string> = { string: 'string', bool: 'bool', float32: 'float32', int: 'int' };

/** Raw spec values before defaulting: strings/bools/numbers keyed by JSON name. */
type RawSpec = Partial<Record<string, string | boolean | number>>;

// ---------------------------------------------------------------------------------------------
// File loading (strict, Go encoding/json semantics as used through sigs.k8s.io/yaml)

class ParseError extends Error {}

function jsonTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  return 'object';
}

function typeError(v: unknown, struct: string, path: string, goType: string): ParseError {
  const what = typeof v === 'number' ? `number ${String(v)}` : jsonTypeName(v);
  return new ParseError(
    `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${what} into Go struct field ${struct}.${path} of type ${goType}`,
  );
}

function unknownField(k: string): ParseError {
  return new ParseError(`error unmarshaling JSON: while decoding JSON: json: unknown field "${k}"`);
}

/** Go's encoding/json matches keys exactly first, then case-insensitively. */
function matchField<T extends string>(key: string, names: readonly T[]): T | undefined {
  const exact = names.find((n) => n === key);
  if (exact) return exact;
  const lower = key.toLowerCase();
  return names.find((n) => n.toLowerCase() === lower);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

const META_STRING_FIELDS = ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion'] as const;
const META_OTHER_FIELDS = [
  'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations',
  'ownerReferences', 'finalizers', 'managedFields',
] as const;
const META_FIELDS: readonly string[] = [...META_STRING_FIELDS, ...META_OTHER_FIELDS];

function checkMetadata(meta: unknown): void {
  if (meta === null || meta === undefined) return;
  if (!isPlainObject(meta)) throw typeError(meta, 'CalicoAPIConfig', 'metadata', 'v1.ObjectMeta');
  for (const [k, v] of Object.entries(meta)) {
    const f = matchField(k, META_FIELDS);
    if (!f) throw unknownField(k);
    if (v === null) continue;
    if ((META_STRING_FIELDS as readonly string[]).includes(f) && typeof v !== 'string') {
      throw typeError(v, 'ObjectMeta', `metadata.${f}`, 'string');
    }
    if ((f === 'labels' || f === 'annotations')) {
      if (!isPlainObject(v)) throw typeError(v, 'ObjectMeta', `metadata.${f}`, 'map[string]string');
      for (const [lk, lv] of Object.entries(v)) {
        if (typeof lv !== 'string' && lv !== null) throw typeError(lv, 'ObjectMeta', `metadata.${f}.${lk}`, 'string');
      }
    }
  }
}

function decodeSpec(spec: unknown): RawSpec {
  const out: RawSpec = {};
  if (spec === null || spec === undefined) return out;
  if (!isPlainObject(spec)) throw typeError(spec, 'CalicoAPIConfig', 'spec', 'apiconfig.CalicoAPIConfigSpec');
  const names = SPEC_FIELDS.map((f) => f.json);
  for (const [k, v] of Object.entries(spec)) {
    const name = matchField(k, names);
    if (!name) throw unknownField(k);
    const field = SPEC_FIELDS.find((f) => f.json === name)!;
    if (v === null) continue;
    const path = `spec.${field.json}`;
    switch (field.type) {
      case 'string':
        if (typeof v !== 'string') throw typeError(v, 'CalicoAPIConfigSpec', path, 'string');
        break;
      case 'bool':
        if (typeof v !== 'boolean') throw typeError(v, 'CalicoAPIConfigSpec', path, 'bool');
        break;
      case 'float32':
        if (typeof v !== 'number') throw typeError(v, 'CalicoAPIConfigSpec', path, 'float32');
        break;
      case 'int':
        if (typeof v !== 'number' || !Number.isInteger(v)) throw typeError(v, 'CalicoAPIConfigSpec', path, 'int');
        break;
    }
    out[field.json] = v as string | boolean | number;
  }
  return out;
}

/**
 * js-yaml, loaded on first use: most commands run without a config file. The ES module build
 * (the instance other modules import) through require(esm) on Node >= 20.19, else the CommonJS
 * build.
 */
function loadYaml(): typeof import('js-yaml') {
  const require = createRequire(import.meta.url);
  try {
    return (require(fileURLToPath(import.meta.resolve('js-yaml'))) as { default: typeof import('js-yaml') }).default;
  } catch {
    return require('js-yaml') as typeof import('js-yaml');
  }
}

function parseDocument(text: string): unknown {
  const yaml = loadYaml();
  try {
    return yaml.load(text, { schema: yaml.DEFAULT_SCHEMA, json: false });
  } catch (e) {
    const ye = e as { reason?: string; mark?: { line?: number }; message?: string };
    if (ye.reason !== undefined && ye.mark?.line !== undefined) {
      throw new ParseError(`error converting YAML to JSON: yaml: line ${ye.mark.line + 1}: ${ye.reason}`);
    }
    throw new ParseError(`error converting YAML to JSON: yaml: ${String(ye.message ?? e).split('\n')[0]}`);
  }
}

/** Decodes file content; throws ConfigError with calicoctl's messages. */
export function parseConfigFile(text: string, path: string): RawSpec {
  let doc: unknown;
  try {
    doc = parseDocument(text);
    if (doc !== null && doc !== undefined && !isPlainObject(doc)) {
      throw new ParseError(
        `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonTypeName(doc)} into Go value of type apiconfig.CalicoAPIConfig`,
      );
    }
    const top = (doc ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(top)) {
      const f = matchField(k, ['apiVersion', 'kind', 'metadata', 'spec']);
      if (!f) throw unknownField(k);
      if ((f === 'apiVersion' || f === 'kind') && v !== null && typeof v !== 'string') {
        throw typeError(v, 'CalicoAPIConfig', f, 'string');
      }
    }
    const get = (name: string): unknown => {
      const k = Object.keys(top).find((key) => key === name) ?? Object.keys(top).find((key) => key.toLowerCase() === name.toLowerCase());
      return k === undefined ? undefined : top[k];
    };
    checkMetadata(get('metadata'));
    const spec = decodeSpec(get('spec'));
    const apiVersion = (get('apiVersion') as string | null | undefined) ?? '';
    const kind = (get('kind') as string | null | undefined) ?? '';
    if (apiVersion !== CONFIG_API_VERSION) {
      throw new ConfigError(`syntax error in ${path}: invalid config file: unknown APIVersion '${apiVersion}'`);
    }
    if (kind !== CONFIG_KIND) {
      throw new ConfigError(`syntax error in ${path}: invalid config file: expected kind '${CONFIG_KIND}', got '${kind}'`);
    }
    return spec;
  } catch (e) {
    if (e instanceof ParseError) {
      throw new ConfigError(`syntax error in ${path}: failed to parse config as YAML/JSON: ${e.message}`);
    }
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Environment loading (kelseyhightower/envconfig with prefix "calico")

const GO_BOOL_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_BOOL_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

function envValue(env: NodeJS.ProcessEnv, f: SpecField): { key: string; value: string } | undefined {
  if (f.envOnlyPrefixed) {
    const v = env[f.envOnlyPrefixed];
    return v === undefined ? undefined : { key: f.envOnlyPrefixed, value: v };
  }
  if (!f.env) return undefined;
  const prefixed = `CALICO_${f.env}`;
  const pv = env[prefixed];
  if (pv !== undefined) return { key: prefixed, value: pv };
  const v = env[f.env];
  return v === undefined ? undefined : { key: prefixed, value: v };
}

function envParseError(key: string, f: SpecField, value: string, details: string): ConfigError {
  return new ConfigError(
    `failed to load config from env vars: envconfig.Process: assigning ${key} to ${f.goName}: converting '${value}' to type ${GO_TYPE[f.type]}. details: ${details}`,
  );
}

export function parseEnv(env: NodeJS.ProcessEnv): RawSpec {
  const out: RawSpec = {};
  for (const f of SPEC_FIELDS) {
    const found = envValue(env, f);
    if (!found) continue;
    const { key, value } = found;
    switch (f.type) {
      case 'string':
        out[f.json] = value;
        break;
      case 'bool':
        if (GO_BOOL_TRUE.has(value)) out[f.json] = true;
        else if (GO_BOOL_FALSE.has(value)) out[f.json] = false;
        else throw envParseError(key, f, value, `strconv.ParseBool: parsing "${value}": invalid syntax`);
        break;
      case 'float32': {
        const n = value.trim() === '' ? NaN : Number(value);
        if (!Number.isFinite(n)) throw envParseError(key, f, value, `strconv.ParseFloat: parsing "${value}": invalid syntax`);
        out[f.json] = n;
        break;
      }
      case 'int': {
        if (!/^[+-]?\d+$/.test(value)) throw envParseError(key, f, value, `strconv.ParseInt: parsing "${value}": invalid syntax`);
        out[f.json] = Number.parseInt(value, 10);
        break;
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Defaults and validation

function splitEndpoints(s: string | undefined): string[] {
  if (!s) return [];
  return s
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
}

function buildConfig(raw: RawSpec, source: ClientConfig['source'], env: NodeJS.ProcessEnv): ClientConfig {
  const cfg: Partial<ClientConfig> = {};
  const set = cfg as Record<string, unknown>;
  for (const f of SPEC_FIELDS) {
    const v = raw[f.json];
    if (v === undefined) continue;
    if (f.type === 'string' && v === '') continue;
    set[f.prop] = v;
  }
  const endpointsRaw = typeof raw.etcdEndpoints === 'string' ? raw.etcdEndpoints : '';
  let datastoreType = typeof raw.datastoreType === 'string' ? raw.datastoreType : '';
  if (datastoreType === '') datastoreType = endpointsRaw !== '' ? 'etcdv3' : 'kubernetes';
  if (datastoreType !== 'etcdv3' && datastoreType !== 'kubernetes') {
    throw new ConfigError(`unknown datastore type: ${datastoreType}`);
  }
  const endpoints = splitEndpoints(endpointsRaw);
  if (datastoreType === 'etcdv3') {
    if (endpoints.length > 0 && cfg.etcdDiscoverySrv) {
      throw new ConfigError(
        'multiple discovery or bootstrap options specified, use either "etcdEndpoints" or "etcdDiscoverySrv"',
      );
    }
    if (endpoints.length === 0 && !cfg.etcdDiscoverySrv) throw new ConfigError('no etcd endpoints specified');
  }
  if (datastoreType === 'kubernetes' && !cfg.kubeconfig && !cfg.k8sAPIEndpoint && env.HOME) {
    const def = join(env.HOME, '.kube', 'config');
    try {
      statSync(def);
      cfg.kubeconfig = def;
    } catch {
      /* leave blank: the kube client applies its own defaults (in-cluster) */
    }
  }
  if (cfg.k8sClientBurst === undefined) cfg.k8sClientBurst = 100;
  return {
    ...(cfg as Omit<ClientConfig, 'datastoreType' | 'etcdEndpoints' | 'source'>),
    datastoreType,
    etcdEndpoints: endpoints,
    source,
  };
}

/** Loads calicoctl's client configuration (see the module comment for the rules). */
export function loadClientConfig(opts: LoadClientConfigOptions = {}): ClientConfig {
  const baseEnv = opts.env ?? process.env;
  const defaultPath = opts.defaultConfigPath ?? DEFAULT_CONFIG_PATH;
  const path = opts.configPath === undefined || opts.configPath === '' ? defaultPath : opts.configPath;
  if (!existsSync(path)) {
    if (path !== defaultPath) throw new ConfigFileNotFoundError(path);
    const env = opts.context ? { ...baseEnv, K8S_CURRENT_CONTEXT: opts.context } : baseEnv;
    return buildConfig(parseEnv(env), { type: 'env' }, env);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new ConfigError(`${code === 'EISDIR' ? 'read' : 'open'} ${path}: ${why}`);
  }
  return buildConfig(parseConfigFile(text, path), { type: 'file', path }, baseEnv);
}
