// The REST verbs on one resource type: get, list (selectors, paging), create, update, patch,
// delete, deletecollection; status subresources; resourceVersion preconditions; finalizers.
import { notFound, alreadyExists, conflict, badRequest, invalid, failure, gone, success } from './status.mjs';
import { parseLabelSelector, parseFieldSelector } from './selectors.mjs';
import { mergePatch, jsonPatch, PatchError } from './patch.mjs';
import {
  apiVersionOf, checkTypeMeta, normalise, stampNew, keepSystemMeta, validateObject, sameExceptRv, specChanged, now,
} from './objects.mjs';

/** @typedef {import('./resources.mjs').ResourceDef} ResourceDef */
/** @typedef {{ code: number, body: unknown, warnings?: string[] }} Result */

/** @param {ResourceDef} d */
export const resKey = (d) => `${d.group}/${d.plural}`;

const NAMESPACES = { group: '', plural: 'namespaces', kind: 'Namespace' };

const CONTINUE_TOO_OLD = 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/** @param {any} o @param {ResourceDef} d */
const withType = (o, d) => ({ apiVersion: apiVersionOf(d), kind: d.kind, ...o });

export class Api {
  /** @param {import('./store.mjs').Store} store @param {ResourceDef[]} defs */
  constructor(store, defs) {
    this.store = store;
    this.defs = defs;
  }

  /** @param {ResourceDef} d @param {string} ns @param {string} name */
  mustGet(d, ns, name) {
    const o = this.store.get(resKey(d), ns, name);
    if (!o) throw notFound(d, name);
    return o;
  }

  /** @param {ResourceDef} d @param {string} ns @param {string} name @returns {Result} */
  get(d, ns, name) {
    return { code: 200, body: structuredClone(this.mustGet(d, ns, name)) };
  }

  /**
   * @param {ResourceDef} d @param {string | undefined} ns @param {URLSearchParams} q
   * @returns {{ items: any[], metadata: Record<string, unknown> }}
   */
  listItems(d, ns, q) {
    const labels = parseLabelSelector(q.get('labelSelector'));
    const fields = parseFieldSelector(q.get('fieldSelector'));
    const limit = Number(q.get('limit') ?? 0);
    let rv = this.store.rv;
    let after = '';
    const cont = q.get('continue');
    if (cont) {
      let tok;
      try {
        tok = JSON.parse(Buffer.from(cont, 'base64').toString('utf8'));
      } catch {
        throw badRequest(`continue key is not valid: ${cont}`);
      }
      if (typeof tok?.rv !== 'number' || typeof tok.start !== 'string') throw badRequest(`continue key is not valid: ${cont}`);
      rv = tok.rv;
      after = tok.start;
    }
    const exact = !cont && q.get('resourceVersionMatch') === 'Exact' && q.get('resourceVersion');
    if (exact) rv = Number(exact);
    const all = Number.isFinite(rv) ? this.store.list(resKey(d), ns, rv) : null;
    if (!all) throw gone(exact ? `too old resource version: ${exact} (${this.store.compactedRv})` : CONTINUE_TOO_OLD);
    const matching = all.filter((o) => labels(o.metadata.labels ?? {}) && fields(o));
    const rest = after ? matching.filter((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}` > after) : matching;
    const page = limit > 0 ? rest.slice(0, limit) : rest;
    /** @type {Record<string, unknown>} */
    const metadata = { resourceVersion: String(rv) };
    if (page.length < rest.length) {
      const last = page[page.length - 1];
      metadata.continue = Buffer.from(JSON.stringify({ rv, start: `${last.metadata.namespace ?? ''}/${last.metadata.name}` })).toString('base64');
      metadata.remainingItemCount = rest.length - page.length;
    }
    return { items: page.map((o) => structuredClone(o)), metadata };
  }

  /** @param {ResourceDef} d @param {string | undefined} ns @param {URLSearchParams} q @returns {Result} */
  list(d, ns, q) {
    const { items, metadata } = this.listItems(d, ns, q);
    // Typed (core) lists carry no apiVersion/kind on their items; custom resource lists do.
    const out = d.crd ? items : items.map(({ apiVersion, kind, ...rest }) => (void apiVersion, void kind, rest));
    return { code: 200, body: { apiVersion: apiVersionOf(d), kind: d.listKind, metadata, items: out } };
  }

  /** @param {URLSearchParams} q @param {string[]} unknown @param {ResourceDef} d */
  fieldValidation(q, unknown, d) {
    if (!unknown.length) return [];
    const mode = (q.get('fieldValidation') ?? 'Warn').toLowerCase();
    if (mode === 'strict') {
      throw badRequest(`${d.kind} in version "${d.version}" cannot be handled as a ${d.kind}: strict decoding error: ${unknown.map((u) => `unknown field "${u}"`).join(', ')}`);
    }
    return mode === 'ignore' ? [] : unknown.map((u) => `unknown field "${u}"`);
  }

  /** @param {ResourceDef} d @param {string} ns @param {any} body @param {URLSearchParams} q @returns {Result} */
  create(d, ns, body, q) {
    checkTypeMeta(d, body);
    const obj = structuredClone(body);
    const unknown = normalise(d, obj);
    if (d.namespaced) {
      if (obj.metadata.namespace && obj.metadata.namespace !== ns) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      obj.metadata.namespace = ns;
    } else delete obj.metadata.namespace;
    if (obj.metadata.resourceVersion) throw badRequest('resourceVersion should not be set on objects to be created');
    const warnings = this.fieldValidation(q, unknown, d);
    // With a status subresource, a custom resource's status can only be written through it.
    if (d.crd && d.statusSubresource) delete obj.status;
    stampNew(d, obj);
    if (d.kind === 'Namespace') obj.metadata.labels['kubernetes.io/metadata.name'] = obj.metadata.name;
    validateObject(d, obj);
    if (d.namespaced && !this.store.get('/namespaces', '', ns)) throw notFound(NAMESPACES, ns);
    if (this.store.get(resKey(d), ns, obj.metadata.name)) throw alreadyExists(d, obj.metadata.name);
    if (q.get('dryRun') !== 'All') this.store.create(resKey(d), obj);
    return { code: 201, body: structuredClone(obj), warnings };
  }

  /**
   * Writes `obj` over the stored `old` (PUT and PATCH).
   * @param {ResourceDef} d @param {any} obj @param {any} old @param {string | undefined} sub
   * @param {URLSearchParams} q @param {boolean} requireRv
   * @returns {Result}
   */
  write(d, obj, old, sub, q, requireRv) {
    const name = old.metadata.name;
    const rv = obj.metadata?.resourceVersion;
    if (!rv && requireRv && !d.allowUnconditionalUpdate) {
      throw invalid(d, name, [{ reason: 'FieldValueInvalid', message: 'Invalid value: 0x0: must be specified for an update', field: 'metadata.resourceVersion' }]);
    }
    if (rv && rv !== old.metadata.resourceVersion) throw conflict(d, name);
    const uid = obj.metadata?.uid;
    if (uid && uid !== old.metadata.uid) {
      throw conflict(d, name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${old.metadata.uid}`);
    }
    const unknown = normalise(d, obj);
    const warnings = this.fieldValidation(q, unknown, d);
    keepSystemMeta(obj, old);
    if (sub === 'status') {
      if (d.crd) {
        // A custom resource's status subresource changes only status.
        obj = { ...structuredClone(old), status: obj.status };
        if (obj.status === undefined) delete obj.status;
      } else {
        // Node/Namespace status updates keep the old spec; metadata and status come from the request.
        if (old.spec === undefined) delete obj.spec;
        else obj.spec = structuredClone(old.spec);
      }
    } else if (d.statusSubresource) {
      if (old.status === undefined) delete obj.status;
      else obj.status = structuredClone(old.status);
    }
    obj.metadata.resourceVersion = old.metadata.resourceVersion;
    if (d.crd && specChanged(d, obj, old)) obj.metadata.generation = (old.metadata.generation ?? 0) + 1;
    validateObject(d, obj, old);
    if (sameExceptRv(obj, old)) return { code: 200, body: structuredClone(old), warnings };
    if (q.get('dryRun') === 'All') return { code: 200, body: obj, warnings };
    if (old.metadata.deletionTimestamp && !(obj.metadata.finalizers ?? []).length) {
      this.store.update(resKey(d), obj, old);
      this.store.delete(resKey(d), obj);
      return { code: 200, body: structuredClone(obj), warnings };
    }
    this.store.update(resKey(d), obj, old);
    return { code: 200, body: structuredClone(obj), warnings };
  }

  /** @param {ResourceDef} d @param {string} ns @param {string} name @param {any} body @param {string | undefined} sub @param {URLSearchParams} q */
  update(d, ns, name, body, sub, q) {
    checkTypeMeta(d, body);
    if (body.metadata?.name !== undefined && body.metadata.name !== name) {
      throw badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
    }
    if (d.namespaced && body.metadata?.namespace && body.metadata.namespace !== ns) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    const old = this.mustGet(d, ns, name);
    return this.write(d, structuredClone(body), old, sub, q, true);
  }

  /**
   * @param {ResourceDef} d @param {string} ns @param {string} name @param {any} patch
   * @param {string} contentType @param {string | undefined} sub @param {URLSearchParams} q
   */
  patch(d, ns, name, patch, contentType, sub, q) {
    const type = contentType.split(';')[0]?.trim();
    const old = this.mustGet(d, ns, name);
    let patched;
    try {
      if (type === 'application/merge-patch+json' || (type === 'application/strategic-merge-patch+json' && !d.crd)) {
        patched = mergePatch(old, patch);
      } else if (type === 'application/json-patch+json') {
        patched = jsonPatch(old, patch);
      } else {
        throw failure(415, 'UnsupportedMediaType',
          `${type} is not supported by ${apiVersionOf(d)}, Kind=${d.kind}: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json${d.crd ? '' : ', application/strategic-merge-patch+json'}`);
      }
    } catch (e) {
      if (e instanceof PatchError) throw failure(422, 'Invalid', e.message);
      throw e;
    }
    if (typeof patched !== 'object' || patched === null || Array.isArray(patched)) throw badRequest('the patched object is not a JSON object');
    patched.metadata ??= {};
    if (patched.metadata.name !== name) {
      throw badRequest(`the name of the object (${patched.metadata.name}) does not match the name on the URL (${name})`);
    }
    checkTypeMeta(d, patched);
    return this.write(d, patched, old, sub, q, false);
  }

  /** @param {ResourceDef} d @param {string} ns @param {string} name @param {any} opts DeleteOptions @param {URLSearchParams} q @returns {Result} */
  remove(d, ns, name, opts, q) {
    const old = this.mustGet(d, ns, name);
    const pre = opts?.preconditions ?? {};
    if (pre.uid && pre.uid !== old.metadata.uid) {
      throw conflict(d, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`);
    }
    if (pre.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
      throw conflict(d, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`);
    }
    if (q.get('dryRun') === 'All') return { code: 200, body: structuredClone(old) };
    if (d.kind === 'Namespace') {
      for (const other of this.defs) {
        if (!other.namespaced) continue;
        for (const o of this.store.list(resKey(other), name) ?? []) this.store.delete(resKey(other), o);
      }
      const gone = this.store.delete(resKey(d), old);
      gone.metadata.deletionTimestamp = now();
      gone.status = { ...(gone.status ?? {}), phase: 'Terminating' };
      return { code: 200, body: gone };
    }
    if ((old.metadata.finalizers ?? []).length) {
      if (old.metadata.deletionTimestamp) return { code: 200, body: structuredClone(old) };
      const obj = structuredClone(old);
      obj.metadata.deletionTimestamp = now();
      obj.metadata.deletionGracePeriodSeconds = 0;
      if (d.crd) obj.metadata.generation = (old.metadata.generation ?? 0) + 1;
      this.store.update(resKey(d), obj, old);
      // Not deleted yet (finalizers pending): the real server still answers 200 with the object
      // (202 only when the client asked for OrphanDependents=false).
      return { code: opts?.orphanDependents === false ? 202 : 200, body: structuredClone(obj) };
    }
    const deleted = this.store.delete(resKey(d), old);
    // Stores with ReturnDeletedObject (ServiceAccounts here) answer with the object, others with a Status.
    return { code: 200, body: d.kind === 'ServiceAccount' ? deleted : success(d, name, old.metadata.uid) };
  }

  /** @param {ResourceDef} d @param {string | undefined} ns @param {URLSearchParams} q @returns {Result} */
  deleteCollection(d, ns, q) {
    const sel = new URLSearchParams(q);
    sel.delete('limit');
    sel.delete('continue');
    const { items } = this.listItems(d, ns, sel);
    for (const o of items) this.remove(d, o.metadata.namespace ?? '', o.metadata.name, {}, q);
    return { code: 200, body: { apiVersion: apiVersionOf(d), kind: d.listKind, metadata: { resourceVersion: String(this.store.rv) }, items: items.map((o) => withType(o, d)) } };
  }
}
