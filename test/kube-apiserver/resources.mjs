// The resource types the stand-in serves: Calico CRDs (loaded from CRD manifests, or from the
// repo's generated schemas as a fall-back) and a few core v1 kinds.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(HERE, '..', '..');
export const DEFAULT_CRD_DIR = resolve(REPO_ROOT, '..', 'shared', 'calico-crds');
const GENERATED_DIR = join(REPO_ROOT, 'src', 'resources', 'schema', 'generated');

/**
 * @typedef {object} ResourceDef
 * @property {string} group '' for core
 * @property {string} version
 * @property {string} kind
 * @property {string} listKind
 * @property {string} plural
 * @property {string} singular
 * @property {boolean} namespaced
 * @property {string[]} shortNames
 * @property {any} schema openAPIV3Schema, or null (core kinds)
 * @property {boolean} statusSubresource
 * @property {boolean} allowUnconditionalUpdate core kinds accept a PUT without resourceVersion
 * @property {any} crd the CustomResourceDefinition object (CRDs only)
 */

/** @param {any} crd @returns {ResourceDef} */
function fromCrd(crd) {
  const spec = crd.spec;
  const ver = spec.versions.find((/** @type {any} */ v) => v.storage) ?? spec.versions[0];
  return {
    group: spec.group,
    version: ver.name,
    kind: spec.names.kind,
    listKind: spec.names.listKind ?? `${spec.names.kind}List`,
    plural: spec.names.plural,
    singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
    namespaced: spec.scope === 'Namespaced',
    shortNames: spec.names.shortNames ?? [],
    schema: ver.schema?.openAPIV3Schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    statusSubresource: Boolean(ver.subresources?.status),
    allowUnconditionalUpdate: false,
    crd,
  };
}

/** A CRD object rebuilt from a generated schema file (group, version, kind, plural, scope, schema). @param {any} g */
function crdFromGenerated(g) {
  const subresources = g.schema?.properties?.status ? { status: {} } : undefined;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${g.plural}.${g.group}` },
    spec: {
      group: g.group,
      names: { kind: g.kind, listKind: `${g.kind}List`, plural: g.plural, singular: g.kind.toLowerCase() },
      scope: g.scope,
      versions: [{ name: g.version, served: true, storage: true, schema: { openAPIV3Schema: g.schema }, ...(subresources ? { subresources } : {}) }],
    },
  };
}

/**
 * Loads the CRDs: every `*.yaml`/`*.yml`/`*.json` manifest of kind CustomResourceDefinition in
 * `dir`; when `dir` does not exist, the generated schemas under src/resources/schema/generated.
 * @param {string} [dir]
 * @returns {any[]} CRD objects
 */
export function loadCrds(dir = DEFAULT_CRD_DIR) {
  /** @type {any[]} */
  const crds = [];
  if (existsSync(dir)) {
    for (const f of readdirSync(dir).sort()) {
      if (!/\.(ya?ml|json)$/.test(f)) continue;
      for (const doc of yaml.loadAll(readFileSync(join(dir, f), 'utf8'))) {
        const d = /** @type {any} */ (doc);
        if (d && d.kind === 'CustomResourceDefinition') crds.push(d);
      }
    }
    return crds;
  }
  for (const f of readdirSync(GENERATED_DIR).sort()) {
    if (!f.endsWith('.json')) continue;
    crds.push(crdFromGenerated(JSON.parse(readFileSync(join(GENERATED_DIR, f), 'utf8'))));
  }
  return crds;
}

/** @param {string} kind @param {string} plural @param {boolean} namespaced @param {string[]} [shortNames] @returns {ResourceDef} */
function core(kind, plural, namespaced, shortNames = []) {
  return {
    group: '', version: 'v1', kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase(), namespaced,
    shortNames, schema: null, statusSubresource: kind === 'Node' || kind === 'Namespace' || kind === 'Pod',
    allowUnconditionalUpdate: true, crd: null,
  };
}

export const CORE_RESOURCES = [
  core('Namespace', 'namespaces', false, ['ns']),
  core('Node', 'nodes', false, ['no']),
  core('Secret', 'secrets', true),
  core('ConfigMap', 'configmaps', true, ['cm']),
  core('ServiceAccount', 'serviceaccounts', true, ['sa']),
  core('Pod', 'pods', true, ['po']),
];

/** @param {any[]} crds @returns {ResourceDef[]} */
export function buildResources(crds) {
  return [...CORE_RESOURCES, ...crds.map(fromCrd)];
}
