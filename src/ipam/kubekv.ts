/**
 * IpamKV on the Kubernetes datastore: the IPAM keys map to Calico's IPAM custom resources
 * (crd.projectcalico.org/v1 IPAMBlock, BlockAffinity, IPAMHandle, IPAMConfig; names in
 * kubenames.ts, specs in kubespec.ts), read and written over the API server's REST interface.
 *
 * - `rev` is the object's resourceVersion. A put with `{rev}` is a PUT carrying it (409 or 404 →
 *   the condition failed); `{create: true}` is a POST (409 AlreadyExists → failed). A delete is
 *   a DELETE with a resourceVersion precondition, so it is a CAS as in etcd. (Calico instead
 *   marks the object `deleted` with a CAS update and then deletes it with a UID precondition;
 *   objects Calico left marked are read as absent here, and their delete is finished.)
 * - Bodies are read and written as text so that int64 sequence numbers keep every digit.
 * - Kubernetes has no multi-object transaction, so `commit` applies the writes one by one, in
 *   the order given, the way Calico's IPAM does on KDD:
 *   * the first write that fails its condition, with nothing applied yet, fails the commit;
 *   * a later write that carries `redo` (a counter delta: the handle counts) is re-applied on
 *     fresh data instead (`redo(1)`), as Calico decrements handles after a release;
 *   * a later write without `redo` that fails (the block, when the handle came first in an
 *     assignment) undoes the earlier writes with `redo(-1)` and fails the commit, as Calico
 *     decrements the handle again when the block update loses.
 *   The library therefore lists the handle before the block when assigning, and the block
 *   before the handles when releasing.
 * - List reads whole collections (no label selector), so BlockAffinities without Calico's
 *   hostname-hash labels are found as well.
 */
import type { KubeHttpClient } from '../datastore/kube/http.js';
import { KubeHttpError, fromKubeError } from '../datastore/kube/errors.js';
import { IpamError } from './errors.js';
import type { CasCondition, IpamKV, KVPair, KVWrite } from './kv.js';
import { parseJsonBig, stringifyJsonBig, type JsonBig } from './jsonbig.js';
import { blockAffinityLabels, pluralsForPrefix, refForKey, type IpamObjectRef, type IpamPlural } from './kubenames.js';
import {
  affinityFromSpec,
  affinityToSpec,
  blockFromSpec,
  blockToSpec,
  configFromSpec,
  configToSpec,
  handleFromSpec,
  handleToSpec,
  isDeleted,
} from './kubespec.js';

export const IPAM_CRD_API_VERSION = 'crd.projectcalico.org/v1';

/** IPAM is mapped to the crd.projectcalico.org/v1 CRDs only; refuse another Calico API group up front. */
export function checkIpamGroup(apiVersion: string): void {
  if (apiVersion !== IPAM_CRD_API_VERSION) {
    throw new IpamError(`IPAM on the ${apiVersion} API group is not supported by this calicoctl (only ${IPAM_CRD_API_VERSION})`);
  }
}

const KINDS: Record<IpamPlural, string> = {
  ipamblocks: 'IPAMBlock',
  blockaffinities: 'BlockAffinity',
  ipamhandles: 'IPAMHandle',
  ipamconfigs: 'IPAMConfig',
};

type Json = { [k: string]: JsonBig };

interface IpamCR {
  metadata: { name?: string; resourceVersion?: string; uid?: string; [k: string]: JsonBig | undefined };
  spec: Json;
}

function asCR(v: JsonBig): IpamCR {
  const o = (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {}) as Json;
  const metadata = (o.metadata && typeof o.metadata === 'object' && !Array.isArray(o.metadata) ? o.metadata : {}) as IpamCR['metadata'];
  const spec = (o.spec && typeof o.spec === 'object' && !Array.isArray(o.spec) ? o.spec : {}) as Json;
  return { metadata, spec };
}

/** The IPAM key and etcd-format value a custom resource stands for. */
function pairOf(plural: IpamPlural, cr: IpamCR): { key: string; value: string } | undefined {
  switch (plural) {
    case 'ipamblocks':
      return blockFromSpec(cr.spec);
    case 'blockaffinities':
      return affinityFromSpec(cr.spec);
    case 'ipamhandles':
      return handleFromSpec(cr.spec);
    case 'ipamconfigs':
      return cr.metadata.name === 'default' ? configFromSpec(cr.spec) : undefined;
  }
}

function specOf(ref: IpamObjectRef, value: string): Json {
  switch (ref.plural) {
    case 'ipamblocks':
      return blockToSpec(value) as Json;
    case 'blockaffinities':
      return affinityToSpec(ref.owner, ref.cidr, value) as Json;
    case 'ipamhandles':
      return handleToSpec(ref.handleId, value) as Json;
    case 'ipamconfigs':
      return configToSpec(value) as Json;
  }
}

function status(e: unknown): number | undefined {
  return e instanceof KubeHttpError ? e.statusCode : undefined;
}

export class KubeIpamKV implements IpamKV {
  constructor(
    private readonly http: KubeHttpClient,
    /** The API server URL, for error messages. */
    private readonly endpoint: string,
  ) {}

  private path(plural: IpamPlural, name?: string): string {
    return `/apis/${IPAM_CRD_API_VERSION}/${plural}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
  }

  private async call(method: string, plural: IpamPlural, name: string | undefined, body?: string, okStatus: number[] = []): Promise<JsonBig | undefined> {
    try {
      const text = await this.http.requestText(method, this.path(plural, name), body === undefined ? {} : { jsonText: body });
      return text === '' ? null : parseJsonBig(text);
    } catch (e) {
      const code = status(e);
      if (code !== undefined && okStatus.includes(code)) return undefined;
      throw fromKubeError(e, this.endpoint, name === undefined ? undefined : { kind: KINDS[plural], name });
    }
  }

  /** Finishes a delete Calico started (object marked `deleted`): DELETE with its UID as precondition. */
  private async finishDelete(plural: IpamPlural, cr: IpamCR): Promise<void> {
    const preconditions = cr.metadata.uid ? { uid: cr.metadata.uid } : {};
    await this.call('DELETE', plural, cr.metadata.name, JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', preconditions }), [404, 409]);
  }

  async get(key: string): Promise<KVPair | undefined> {
    const ref = refForKey(key);
    if (!ref) return undefined;
    const got = await this.call('GET', ref.plural, ref.name, undefined, [404]);
    if (got === undefined) return undefined;
    const cr = asCR(got);
    if (isDeleted(cr.spec)) {
      await this.finishDelete(ref.plural, cr);
      return undefined;
    }
    const p = pairOf(ref.plural, cr);
    return p && p.key === key ? { key, value: p.value, rev: cr.metadata.resourceVersion ?? '' } : undefined;
  }

  async list(prefix: string): Promise<KVPair[]> {
    const lists = await Promise.all(
      pluralsForPrefix(prefix).map(async (plural) => {
        const l = await this.call('GET', plural, undefined);
        const items = l !== null && typeof l === 'object' && !Array.isArray(l) && Array.isArray(l.items) ? l.items : [];
        const out: KVPair[] = [];
        for (const item of items) {
          const cr = asCR(item);
          if (isDeleted(cr.spec)) continue;
          const p = pairOf(plural, cr);
          if (p && p.key.startsWith(prefix)) out.push({ key: p.key, value: p.value, rev: cr.metadata.resourceVersion ?? '' });
        }
        return out;
      }),
    );
    return lists.flat().sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async put(key: string, value: string, cond: CasCondition): Promise<string | undefined> {
    const ref = refForKey(key);
    if (!ref) throw new IpamError(`the IPAM key ${key} has no object in the Kubernetes datastore`);
    const metadata: IpamCR['metadata'] = { name: ref.name };
    if (ref.plural === 'blockaffinities') metadata.labels = blockAffinityLabels(ref.owner, ref.cidr);
    if ('rev' in cond) {
      if (ref.plural === 'ipamconfigs') {
        // The v3 IPAMConfiguration shares this object: keep its metadata (labels, annotations).
        const current = await this.call('GET', ref.plural, ref.name, undefined, [404]);
        if (current === undefined) return undefined;
        const cm = asCR(current).metadata;
        if (cm.resourceVersion !== cond.rev) return undefined;
        Object.assign(metadata, cm);
        delete metadata.managedFields;
      }
      metadata.resourceVersion = cond.rev;
    }
    const body = stringifyJsonBig({ apiVersion: IPAM_CRD_API_VERSION, kind: KINDS[ref.plural], metadata, spec: specOf(ref, value) });
    const res =
      'create' in cond
        ? await this.call('POST', ref.plural, undefined, body, [409])
        : await this.call('PUT', ref.plural, ref.name, body, [404, 409]);
    return res === undefined ? undefined : asCR(res).metadata.resourceVersion ?? '';
  }

  async delete(key: string, rev: string): Promise<boolean> {
    const ref = refForKey(key);
    if (!ref) return false;
    const opts = JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { resourceVersion: rev } });
    return (await this.call('DELETE', ref.plural, ref.name, opts, [404, 409])) !== undefined;
  }

  private apply(w: KVWrite): Promise<boolean> {
    if (w.value !== undefined) return this.put(w.key, w.value, w.cond).then((r) => r !== undefined);
    // A delete of something that must not exist yet: nothing to do.
    if ('create' in w.cond) return this.get(w.key).then((p) => p === undefined);
    return this.delete(w.key, w.cond.rev);
  }

  async commit(writes: readonly KVWrite[]): Promise<boolean> {
    const applied: KVWrite[] = [];
    for (const w of writes) {
      if (await this.apply(w)) {
        applied.push(w);
        continue;
      }
      if (applied.length === 0) return false;
      if (w.redo) {
        await w.redo(1);
        applied.push(w);
        continue;
      }
      for (const a of applied.reverse()) {
        if (!a.redo) throw new IpamError(`cannot undo the write of ${a.key} after ${w.key} changed concurrently`);
        await a.redo(-1);
      }
      return false;
    }
    return true;
  }
}
