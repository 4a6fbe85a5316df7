// Discovery documents (legacy, non-aggregated), /version, and a minimal /openapi/v2.

export const VERSION_INFO = {
  major: '1', minor: '32', gitVersion: 'v1.32.0', gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean', buildDate: '2026-01-01T00:00:00Z', goVersion: 'go1.23.0', compiler: 'gc',
  platform: 'linux/amd64',
};

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** @typedef {import('./resources.mjs').ResourceDef} ResourceDef */

/** @param {ResourceDef[]} defs @param {string} groupVersion */
export function resourceList(defs, groupVersion) {
  const resources = [];
  for (const d of defs) {
    /** @type {Record<string, unknown>} */
    const r = { name: d.plural, singularName: d.singular, namespaced: d.namespaced, kind: d.kind, verbs: VERBS };
    if (d.shortNames.length) r.shortNames = d.shortNames;
    resources.push(r);
    if (d.statusSubresource) {
      resources.push({ name: `${d.plural}/status`, singularName: '', namespaced: d.namespaced, kind: d.kind, verbs: ['get', 'patch', 'update'] });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}

/** @param {string} name @param {string} version */
export function apiGroup(name, version) {
  const v = { groupVersion: `${name}/${version}`, version };
  return { name, versions: [v], preferredVersion: v };
}

/** @param {string[][]} groups [name, version] pairs */
export function apiGroupList(groups) {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(([n, v]) => apiGroup(/** @type {string} */ (n), /** @type {string} */ (v))) };
}

/** @param {string} host */
export function apiVersions(host) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: host }] };
}

/** @param {number} field @param {Buffer} bytes */
function pbField(field, bytes) {
  const len = [];
  let n = bytes.length;
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    len.push(b);
  } while (n);
  return Buffer.concat([Buffer.from([(field << 3) | 2, ...len]), bytes]);
}

/**
 * The OpenAPI v2 document, with no definitions (clients then skip client-side schema
 * validation, as for any type the server does not describe): protobuf (gnostic
 * openapi_v2.Document) when asked for, JSON otherwise.
 * @param {string} accept
 */
export function openApiV2(accept) {
  if (accept.includes('protobuf')) {
    const info = Buffer.concat([pbField(1, Buffer.from('Kubernetes')), pbField(2, Buffer.from(VERSION_INFO.gitVersion))]);
    return { type: 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf', body: Buffer.concat([pbField(1, Buffer.from('2.0')), pbField(2, info)]) };
  }
  return {
    type: 'application/json',
    body: Buffer.from(JSON.stringify({ swagger: '2.0', info: { title: 'Kubernetes', version: VERSION_INFO.gitVersion }, paths: {}, definitions: {} })),
  };
}
