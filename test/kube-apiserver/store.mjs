// In-memory object store: one global, monotonically increasing resourceVersion bumped by every
// write, a bounded history of events (for watch and consistent paged lists), and watchers.

/**
 * @typedef {{ rv: number, res: string, type: 'ADDED'|'MODIFIED'|'DELETED', key: string, object: any, old: any }} StoreEvent
 * @typedef {(ev: StoreEvent) => void} Listener
 */

/** @param {any} obj */
export const objKey = (obj) => `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;

export class Store {
  /** @param {{ historySize?: number }} [opts] */
  constructor(opts = {}) {
    this.historySize = opts.historySize ?? 10_000;
    this.rv = 1;
    /** rv of the newest event no longer in the history: watches from before it are too old. */
    this.compactedRv = 1;
    /** @type {Map<string, Map<string, any>>} */
    this.objects = new Map();
    /** @type {StoreEvent[]} */
    this.events = [];
    /** @type {Set<Listener>} */
    this.listeners = new Set();
  }

  /** @param {string} res */
  table(res) {
    let t = this.objects.get(res);
    if (!t) this.objects.set(res, (t = new Map()));
    return t;
  }

  /** @param {string} res @param {string} ns @param {string} name */
  get(res, ns, name) {
    return this.table(res).get(`${ns}/${name}`);
  }

  /**
   * Objects of `res` (in `ns` when given) in key order, as of resourceVersion `atRv` (default now).
   * Returns null when `atRv` is older than the history kept.
   * @param {string} res @param {string | undefined} ns @param {number} [atRv]
   */
  list(res, ns, atRv) {
    let table = this.table(res);
    if (atRv !== undefined && atRv < this.rv) {
      if (atRv < this.compactedRv) return null;
      table = new Map(table);
      for (let i = this.events.length - 1; i >= 0; i--) {
        const ev = /** @type {StoreEvent} */ (this.events[i]);
        if (ev.rv <= atRv) break;
        if (ev.res !== res) continue;
        if (ev.type === 'ADDED') table.delete(ev.key);
        else table.set(ev.key, ev.old);
      }
    }
    const keys = [...table.keys()].filter((k) => ns === undefined || k.startsWith(`${ns}/`)).sort();
    return keys.map((k) => table.get(k));
  }

  /** @param {string} res @param {StoreEvent['type']} type @param {any} object @param {any} old */
  record(res, type, object, old) {
    const ev = { rv: this.rv, res, type, key: objKey(object), object, old };
    this.events.push(ev);
    while (this.events.length > this.historySize) this.compactedRv = /** @type {StoreEvent} */ (this.events.shift()).rv;
    for (const l of this.listeners) l(ev);
  }

  /** Stores a new object, stamping the next resourceVersion. @param {string} res @param {any} obj */
  create(res, obj) {
    obj.metadata.resourceVersion = String(++this.rv);
    this.table(res).set(objKey(obj), obj);
    this.record(res, 'ADDED', obj, undefined);
    return obj;
  }

  /** @param {string} res @param {any} obj @param {any} old */
  update(res, obj, old) {
    obj.metadata.resourceVersion = String(++this.rv);
    this.table(res).set(objKey(obj), obj);
    this.record(res, 'MODIFIED', obj, old);
    return obj;
  }

  /** @param {string} res @param {any} old */
  delete(res, old) {
    this.table(res).delete(objKey(old));
    const gone = structuredClone(old);
    gone.metadata.resourceVersion = String(++this.rv);
    this.record(res, 'DELETED', gone, old);
    return gone;
  }

  /**
   * Events of `res` after `rv`, or null when some of them are no longer kept.
   * @param {string} res @param {number} rv
   */
  eventsSince(res, rv) {
    if (rv < this.compactedRv) return null;
    return this.events.filter((e) => e.rv > rv && e.res === res);
  }

  /** @param {Listener} l */
  subscribe(l) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Deletes (with DELETED events) every object except those `keep` accepts (test isolation). @param {(res: string, obj: any) => boolean} keep */
  reset(keep) {
    for (const [res, table] of this.objects) {
      for (const obj of [...table.values()]) if (!keep(res, obj)) this.delete(res, obj);
    }
  }
}
