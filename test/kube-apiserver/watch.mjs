// watch=true: newline-delimited JSON events (ADDED/MODIFIED/DELETED, BOOKMARK when asked),
// starting from a resourceVersion; an ERROR event with a 410 Expired Status when it is too old.
import { parseLabelSelector, parseFieldSelector } from './selectors.mjs';
import { toJson } from './json.mjs';
import { resKey } from './rest.mjs';
import { apiVersionOf } from './objects.mjs';

/** @typedef {import('./resources.mjs').ResourceDef} ResourceDef */
/** @typedef {import('./store.mjs').StoreEvent} StoreEvent */

/**
 * @param {import('./store.mjs').Store} store @param {ResourceDef} d @param {string | undefined} ns
 * @param {URLSearchParams} q @param {import('node:http').ServerResponse} res
 */
export function serveWatch(store, d, ns, q, res) {
  const labels = parseLabelSelector(q.get('labelSelector'));
  const fields = parseFieldSelector(q.get('fieldSelector'));
  const key = resKey(d);
  const inScope = (/** @type {any} */ o) => o && (ns === undefined || (o.metadata.namespace ?? '') === ns);
  const matches = (/** @type {any} */ o) => inScope(o) && labels(o.metadata.labels ?? {}) && fields(o);
  const withType = (/** @type {any} */ o) => ({ apiVersion: apiVersionOf(d), kind: d.kind, ...structuredClone(o) });

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  const send = (/** @type {string} */ type, /** @type {any} */ object) => res.write(`${toJson({ type, object })}\n`);

  /** @param {StoreEvent} ev */
  const onEvent = (ev) => {
    if (ev.res !== key) return;
    const now = matches(ev.object);
    const before = ev.type === 'MODIFIED' && matches(ev.old);
    if (ev.type === 'ADDED' && now) send('ADDED', withType(ev.object));
    else if (ev.type === 'DELETED' && matches(ev.old)) send('DELETED', withType(ev.object));
    else if (ev.type === 'MODIFIED') {
      if (now && before) send('MODIFIED', withType(ev.object));
      else if (now) send('ADDED', withType(ev.object));
      else if (before) send('DELETED', withType(ev.object));
    }
  };

  const rvParam = q.get('resourceVersion');
  if (!rvParam || rvParam === '0') {
    for (const o of store.list(key, ns) ?? []) if (matches(o)) send('ADDED', withType(o));
  } else {
    const from = Number(rvParam);
    const past = Number.isFinite(from) ? store.eventsSince(key, from) : null;
    if (!past) {
      send('ERROR', {
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
        message: `too old resource version: ${rvParam} (${store.compactedRv})`, reason: 'Expired', code: 410,
      });
      res.end();
      return;
    }
    past.forEach(onEvent);
  }
  const unsubscribe = store.subscribe(onEvent);
  /** @type {NodeJS.Timeout[]} */
  const timers = [];
  const timeout = Number(q.get('timeoutSeconds') ?? 0);
  if (timeout > 0) timers.push(setTimeout(() => res.end(), timeout * 1000));
  if (q.get('allowWatchBookmarks') === 'true') {
    timers.push(setInterval(() => send('BOOKMARK', { apiVersion: apiVersionOf(d), kind: d.kind, metadata: { resourceVersion: String(store.rv) } }), 1000));
  }
  const done = () => {
    unsubscribe();
    for (const t of timers) clearTimeout(t);
  };
  res.on('close', done);
}
