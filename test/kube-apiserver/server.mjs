// The HTTP(S) front: authentication, URL routing to discovery documents and to the REST verbs.
import { createServer as createHttp } from 'node:http';
import { parseJson, toJson } from './json.mjs';
import { createServer as createHttps } from 'node:https';
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { Store } from './store.mjs';
import { Api } from './rest.mjs';
import { serveWatch } from './watch.mjs';
import { toTable } from './table.mjs';
import { loadCrds, buildResources } from './resources.mjs';
import { ApiError, badRequest, methodNotAllowed, pathNotFound, unauthorized, failure } from './status.mjs';
import { VERSION_INFO, resourceList, apiGroupList, apiGroup, apiVersions, openApiV2 } from './discovery.mjs';

/** @typedef {import('./resources.mjs').ResourceDef} ResourceDef */

/**
 * @typedef {object} ServerOptions
 * @property {string} [crdDir] directory of CRD manifests (default ../shared/calico-crds)
 * @property {string} [token] accepted bearer token
 * @property {{ certFile: string, keyFile: string, caFile: string }} [tls] serve HTTPS; client
 *   certificates signed by caFile authenticate
 * @property {boolean} [requireAuth] reject requests with no valid credentials (default: when a token or tls is set)
 * @property {number} [historySize] events kept for watch / paged lists
 */

const PUBLIC_PATHS = new Set(['/version', '/healthz', '/livez', '/readyz']);
const CRD_GROUP = 'apiextensions.k8s.io';
const INITIAL_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** @param {import('node:http').IncomingMessage} req @returns {Promise<Buffer>} */
function readBody(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** @param {Buffer} raw @param {string} contentType */
function parseBody(raw, contentType) {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  try {
    return /yaml/.test(contentType) ? yaml.load(text) : parseJson(text);
  } catch (e) {
    throw badRequest(`the body of the request was in an unknown format - accepted media types include: application/json, application/yaml: ${/** @type {Error} */ (e).message}`);
  }
}

/** @param {ServerOptions} opts */
export function createApiServer(opts = {}) {
  const crds = loadCrds(opts.crdDir);
  const defs = buildResources(crds);
  const store = new Store({ historySize: opts.historySize });
  const api = new Api(store, defs);
  const coreDefs = defs.filter((d) => d.group === '');
  /** @type {Map<string, ResourceDef[]>} group/version → defs */
  const byGv = new Map();
  for (const d of defs.filter((x) => x.group !== '')) {
    const gv = `${d.group}/${d.version}`;
    byGv.set(gv, [...(byGv.get(gv) ?? []), d]);
  }
  for (const ns of INITIAL_NAMESPACES) {
    api.create(/** @type {ResourceDef} */ (defs.find((d) => d.kind === 'Namespace')), '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, new URLSearchParams());
  }
  /** Deletes every object except the four initial namespaces (test isolation; not a real API). */
  function reset() {
    store.reset((res, obj) => res === '/namespaces' && INITIAL_NAMESPACES.includes(obj.metadata.name));
  }
  const requireAuth = opts.requireAuth ?? Boolean(opts.token || opts.tls);
  const ca = opts.tls ? readFileSync(opts.tls.caFile) : undefined;

  /** @param {import('node:http').IncomingMessage} req */
  function authenticated(req) {
    if (!requireAuth) return true;
    const auth = req.headers.authorization;
    if (auth) return Boolean(opts.token) && auth === `Bearer ${opts.token}`;
    const sock = /** @type {import('node:tls').TLSSocket} */ (req.socket);
    return Boolean(opts.tls && sock.authorized);
  }

  /**
   * @param {import('node:http').ServerResponse} res @param {number} code @param {unknown} body
   * @param {string[]} [warnings]
   */
  function send(res, code, body, warnings = []) {
    const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' };
    if (warnings.length) {
      /** @type {Record<string, unknown>} */ (headers)['Warning'] = warnings.map((w) => `299 - ${JSON.stringify(w)}`);
    }
    res.writeHead(code, headers);
    res.end(`${toJson(body)}\n`);
  }

  /** @param {ResourceDef[]} list @param {string} plural */
  const findDef = (list, plural) => list.find((d) => d.plural === plural);

  /**
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
   * @param {ResourceDef} d @param {string[]} segs path segments after the group/version
   * @param {URLSearchParams} q @param {boolean} watchPath
   */
  async function serveResource(req, res, d, segs, q, watchPath) {
    let ns;
    let rest = segs;
    if (d.namespaced && segs[0] === 'namespaces' && segs[1] !== undefined && segs[2] === d.plural) {
      ns = segs[1];
      rest = segs.slice(2);
    } else if (d.namespaced && segs[0] === d.plural && segs.length === 1) {
      ns = undefined; // all namespaces (list/watch only)
    } else if (!d.namespaced && segs[0] === d.plural) {
      ns = '';
    } else throw pathNotFound();
    const [, name, sub, extra] = rest;
    if (extra !== undefined || (sub !== undefined && !(sub === 'status' && d.statusSubresource))) throw pathNotFound();
    const method = req.method ?? 'GET';
    const accept = String(req.headers.accept ?? '');
    const wantTable = /as=Table/.test(accept);
    const contentType = String(req.headers['content-type'] ?? 'application/json');
    const body = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) ? parseBody(await readBody(req), contentType) : undefined;
    if (name === undefined) {
      if (ns === undefined && method !== 'GET') throw methodNotAllowed(`the server does not allow this method on the requested resource`);
      if (method === 'GET') {
        if (watchPath || q.get('watch') === 'true' || q.get('watch') === '1') return serveWatch(store, d, ns, q, res);
        if (wantTable) {
          const { items, metadata } = api.listItems(d, ns, q);
          return send(res, 200, toTable(d.kind, items, metadata, q.get('includeObject') ?? 'Metadata'));
        }
        const r = api.list(d, ns, q);
        return send(res, r.code, r.body);
      }
      if (method === 'POST') {
        const r = api.create(d, ns ?? '', body, q);
        return send(res, r.code, r.body, r.warnings);
      }
      if (method === 'DELETE') {
        const r = api.deleteCollection(d, ns, q);
        return send(res, r.code, r.body);
      }
      throw methodNotAllowed(`the server does not allow this method on the requested resource`);
    }
    if (ns === undefined) throw pathNotFound();
    if (watchPath || (method === 'GET' && q.get('watch') === 'true')) {
      const wq = new URLSearchParams(q);
      wq.set('fieldSelector', [q.get('fieldSelector'), `metadata.name=${name}`].filter(Boolean).join(','));
      return serveWatch(store, d, ns || undefined, wq, res);
    }
    let r;
    if (method === 'GET') {
      r = api.get(d, ns, name);
      if (wantTable) {
        return send(res, 200, toTable(d.kind, [r.body], { resourceVersion: /** @type {any} */ (r.body).metadata.resourceVersion }, q.get('includeObject') ?? 'Metadata'));
      }
    } else if (method === 'PUT') r = api.update(d, ns, name, body, sub, q);
    else if (method === 'PATCH') r = api.patch(d, ns, name, body, contentType, sub, q);
    else if (method === 'DELETE' && sub === undefined) r = api.remove(d, ns, name, body, q);
    else throw methodNotAllowed(`the server does not allow this method on the requested resource`);
    return send(res, r.code, r.body, r.warnings);
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const q = url.searchParams;
    // Anonymous requests may read /version and the health endpoints; bad credentials never pass.
    if (!authenticated(req) && !(PUBLIC_PATHS.has(path) && !req.headers.authorization)) throw unauthorized();
    if (path === '/version') return send(res, 200, VERSION_INFO);
    if (path === '/__stand-in/reset' && req.method === 'POST') {
      reset();
      return send(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' });
    }
    if (PUBLIC_PATHS.has(path)) {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      return res.end('ok');
    }
    if (path === '/api') return send(res, 200, apiVersions(String(req.headers.host ?? '')));
    if (path === '/apis') {
      return send(res, 200, apiGroupList([[CRD_GROUP, 'v1'], ...[...byGv.keys()].map((gv) => gv.split('/'))]));
    }
    if (path === '/openapi/v2') {
      const doc = openApiV2(String(req.headers.accept ?? ''));
      res.writeHead(200, { 'Content-Type': doc.type });
      return res.end(doc.body);
    }
    const segs = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (segs[0] === 'api' && segs[1] === 'v1') {
      const rest = segs.slice(2);
      if (!rest.length) return send(res, 200, resourceList(coreDefs, 'v1'));
      const watchPath = rest[0] === 'watch';
      const r = watchPath ? rest.slice(1) : rest;
      const plural = r[0] === 'namespaces' && r.length >= 3 && r[2] !== 'status' && r[2] !== 'finalize' ? r[2] : r[0];
      const d = findDef(coreDefs, /** @type {string} */ (plural));
      if (!d) throw pathNotFound();
      return serveResource(req, res, d, r, q, watchPath);
    }
    if (segs[0] === 'apis' && segs[1]) {
      const group = segs[1];
      if (group === CRD_GROUP) return serveCrds(res, segs.slice(2), req.method ?? 'GET');
      const gvs = [...byGv.keys()].filter((gv) => gv.startsWith(`${group}/`));
      if (!gvs.length) throw pathNotFound();
      if (segs.length === 2) return send(res, 200, { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, /** @type {string} */ (gvs[0]?.split('/')[1])) });
      const list = byGv.get(`${group}/${segs[2]}`);
      if (!list) throw pathNotFound();
      const rest = segs.slice(3);
      if (!rest.length) return send(res, 200, resourceList(list, `${group}/${segs[2]}`));
      const watchPath = rest[0] === 'watch';
      const r = watchPath ? rest.slice(1) : rest;
      const plural = r[0] === 'namespaces' && r.length >= 3 ? r[2] : r[0];
      const d = findDef(list, /** @type {string} */ (plural));
      if (!d) throw pathNotFound();
      return serveResource(req, res, d, r, q, watchPath);
    }
    throw pathNotFound();
  }

  const crdRef = { group: CRD_GROUP, plural: 'customresourcedefinitions', kind: 'CustomResourceDefinition' };
  /** @param {import('node:http').ServerResponse} res @param {string[]} segs @param {string} method */
  function serveCrds(res, segs, method) {
    if (!segs.length) return send(res, 200, { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(CRD_GROUP, 'v1') });
    if (segs[0] !== 'v1') throw pathNotFound();
    if (segs.length === 1) {
      return send(res, 200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${CRD_GROUP}/v1`,
        resources: [{ name: 'customresourcedefinitions', singularName: 'customresourcedefinition', namespaced: false, kind: 'CustomResourceDefinition', verbs: ['get', 'list'], shortNames: ['crd', 'crds'] }] });
    }
    if (segs[1] !== 'customresourcedefinitions' || segs.length > 3) throw pathNotFound();
    if (method !== 'GET') throw methodNotAllowed('the server does not allow this method on the requested resource');
    const items = crds.map((c) => ({ ...c, metadata: { ...c.metadata, uid: '00000000-0000-4000-8000-000000000000', resourceVersion: '1', generation: 1, creationTimestamp: '2026-01-01T00:00:00Z' }, status: { conditions: [{ type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' }], acceptedNames: c.spec.names, storedVersions: [c.spec.versions[0].name] } }));
    if (segs.length === 3) {
      const crd = items.find((c) => c.metadata.name === segs[2]);
      if (!crd) throw failure(404, 'NotFound', `${crdRef.plural}.${crdRef.group} "${segs[2]}" not found`, { name: segs[2], group: crdRef.group, kind: crdRef.plural });
      return send(res, 200, crd);
    }
    return send(res, 200, { apiVersion: `${CRD_GROUP}/v1`, kind: 'CustomResourceDefinitionList', metadata: { resourceVersion: '1' }, items });
  }

  /** @type {import('node:http').RequestListener} */
  const listener = (req, res) => {
    handle(req, res).catch((e) => {
      if (res.headersSent) return void res.end();
      if (e instanceof ApiError) return send(res, e.code, e.status);
      console.error(e);
      send(res, 500, failure(500, 'InternalError', `Internal error occurred: ${e?.message ?? e}`).status);
    });
  };
  const server = opts.tls
    ? createHttps({ cert: readFileSync(opts.tls.certFile), key: readFileSync(opts.tls.keyFile), ca, requestCert: true, rejectUnauthorized: false }, listener)
    : createHttp(listener);
  return { server, store, reset };
}
