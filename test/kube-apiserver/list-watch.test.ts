/**
 * Lists (label and field selectors, limit/continue paging over a consistent snapshot) and
 * watches (from a resourceVersion, selector transitions, 410 Expired when too old).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startKubeApiServer, type KubeApiServer } from './index.mjs';
import { client, ippool, POOLS, type Request } from './client.js';

let srv: KubeApiServer;
let req: Request;

beforeAll(async () => {
  srv = await startKubeApiServer();
  req = client(srv);
});
afterAll(async () => srv?.stop());
beforeEach(async () => srv.reset());

const names = (r: { body: any }) => r.body.items.map((i: any) => i.metadata.name);

/** Opens a watch and collects `n` events (or until the server ends the stream). */
async function watchEvents(server: KubeApiServer, path: string, n: number, during?: () => Promise<void>): Promise<any[]> {
  const ac = new AbortController();
  const r = await fetch(`${server.url}${path}`, { signal: ac.signal });
  expect(r.status).toBe(200);
  const reader = r.body!.getReader();
  const events: any[] = [];
  let buf = '';
  const work = during?.();
  const timer = setTimeout(() => ac.abort(), 5000);
  try {
    while (events.length < n) {
      const { done, value } = await reader.read();
      if (done) break;
      buf += Buffer.from(value).toString('utf8');
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        events.push(JSON.parse(buf.slice(0, nl)));
        buf = buf.slice(nl + 1);
      }
    }
  } finally {
    clearTimeout(timer);
    ac.abort();
    await work;
  }
  return events;
}

async function seedLabelled() {
  await req('POST', POOLS, ippool('a', { cidr: '10.1.0.0/16' }, { labels: { env: 'prod', tier: 'web' } }));
  await req('POST', POOLS, ippool('b', { cidr: '10.2.0.0/16' }, { labels: { env: 'dev' } }));
  await req('POST', POOLS, ippool('c', { cidr: '10.3.0.0/16' }, { labels: { env: 'test', tier: 'db' } }));
  await req('POST', POOLS, ippool('d', { cidr: '10.4.0.0/16' }));
}

describe('list', () => {
  it('filters with equality, inequality, set-based and existence label selectors', async () => {
    await seedLabelled();
    const sel = async (s: string) => names(await req('GET', `${POOLS}?labelSelector=${encodeURIComponent(s)}`));
    expect(await sel('env=prod')).toEqual(['a']);
    expect(await sel('env==dev')).toEqual(['b']);
    expect(await sel('env!=prod')).toEqual(['b', 'c', 'd']);
    expect(await sel('env in (prod,test)')).toEqual(['a', 'c']);
    expect(await sel('env notin (prod,test)')).toEqual(['b', 'd']);
    expect(await sel('tier')).toEqual(['a', 'c']);
    expect(await sel('!tier')).toEqual(['b', 'd']);
    expect(await sel('tier,env!=test')).toEqual(['a']);
    const bad = await req('GET', `${POOLS}?labelSelector=${encodeURIComponent('env in prod')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.reason).toBe('BadRequest');
  });

  it('filters with metadata.name / metadata.namespace field selectors and rejects other fields', async () => {
    await seedLabelled();
    expect(names(await req('GET', `${POOLS}?fieldSelector=metadata.name%3Dc`))).toEqual(['c']);
    expect(names(await req('GET', `${POOLS}?fieldSelector=metadata.name!%3Dc`))).toEqual(['a', 'b', 'd']);
    const bad = await req('GET', `${POOLS}?fieldSelector=spec.cidr%3Dx`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('"spec.cidr" is not a known field selector: only "metadata.name", "metadata.namespace"');
  });

  it('pages with limit/continue over the snapshot of the first page', async () => {
    await seedLabelled();
    const p1 = await req('GET', `${POOLS}?limit=2`);
    expect(names(p1)).toEqual(['a', 'b']);
    expect(p1.body.metadata.remainingItemCount).toBe(2);
    const token = p1.body.metadata.continue;
    expect(token).toBeTruthy();
    await req('POST', POOLS, ippool('bb', { cidr: '10.5.0.0/16' }));
    await req('DELETE', `${POOLS}/d`);
    const p2 = await req('GET', `${POOLS}?limit=2&continue=${encodeURIComponent(token)}`);
    expect(names(p2)).toEqual(['c', 'd']);
    expect(p2.body.metadata.continue).toBeUndefined();
    expect(p2.body.metadata.resourceVersion).toBe(p1.body.metadata.resourceVersion);
    expect(names(await req('GET', POOLS))).toEqual(['a', 'b', 'bb', 'c']);
  });
});

describe('watch', () => {
  it('streams ADDED/MODIFIED/DELETED after a given resourceVersion', async () => {
    const a = (await req('POST', POOLS, ippool('a'))).body;
    const rv = a.metadata.resourceVersion;
    await req('POST', POOLS, ippool('b', { cidr: '10.2.0.0/16' }));
    const events = await watchEvents(srv, `${POOLS}?watch=true&resourceVersion=${rv}`, 4, async () => {
      await req('PATCH', `${POOLS}/a`, { spec: { disabled: true } }, { 'content-type': 'application/merge-patch+json' });
      await req('DELETE', `${POOLS}/b`);
      await req('POST', POOLS, ippool('c', { cidr: '10.3.0.0/16' }));
    });
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED b', 'MODIFIED a', 'DELETED b', 'ADDED c']);
    expect(events[1].object).toMatchObject({ apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', spec: { disabled: true } });
    const rvs = events.map((e) => Number(e.object.metadata.resourceVersion));
    expect([...rvs].sort((x, y) => x - y)).toEqual(rvs);
    expect(rvs[0]).toBeGreaterThan(Number(rv));
  });

  it('starts with the current objects when no resourceVersion is given and follows selector transitions', async () => {
    await req('POST', POOLS, ippool('a', { cidr: '10.1.0.0/16' }, { labels: { w: 'yes' } }));
    await req('POST', POOLS, ippool('b', { cidr: '10.2.0.0/16' }));
    const events = await watchEvents(srv, `${POOLS}?watch=1&labelSelector=w%3Dyes`, 3, async () => {
      await req('PATCH', `${POOLS}/b`, { metadata: { labels: { w: 'yes' } } }, { 'content-type': 'application/merge-patch+json' });
      await req('PATCH', `${POOLS}/a`, { metadata: { labels: { w: 'no' } } }, { 'content-type': 'application/merge-patch+json' });
    });
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED a', 'ADDED b', 'DELETED a']);
  });

  it('answers a watch from a compacted resourceVersion with a 410 Expired ERROR event', async () => {
    const small = await startKubeApiServer({ historySize: 3, inProcess: true });
    try {
      const r = client(small);
      const first = (await r('POST', POOLS, ippool('a'))).body.metadata.resourceVersion;
      for (const n of ['b', 'c', 'd', 'e']) await r('POST', POOLS, ippool(n, { cidr: '10.9.0.0/16' }));
      const [ev] = await watchEvents(small, `${POOLS}?watch=true&resourceVersion=${first}`, 1);
      expect(ev.type).toBe('ERROR');
      expect(ev.object).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410 });
      expect(ev.object.message).toMatch(new RegExp(`^too old resource version: ${first} \\(\\d+\\)$`));
      const p1 = await r('GET', `${POOLS}?limit=1`);
      for (const n of ['f', 'g', 'h', 'i']) await r('POST', POOLS, ippool(n, { cidr: '10.9.0.0/16' }));
      const stale = await r('GET', `${POOLS}?limit=1&continue=${encodeURIComponent(p1.body.metadata.continue)}`);
      expect(stale.status).toBe(410);
      expect(stale.body.reason).toBe('Expired');
    } finally {
      await small.stop();
    }
  });
});

describe('list at an exact resourceVersion', () => {
  it('returns the state as of that resourceVersion', async () => {
    const a = (await req('POST', POOLS, ippool('a'))).body;
    await req('POST', POOLS, ippool('b', { cidr: '10.2.0.0/16' }));
    await req('DELETE', `${POOLS}/a`);
    const then = await req('GET', `${POOLS}?resourceVersion=${a.metadata.resourceVersion}&resourceVersionMatch=Exact`);
    expect(names(then)).toEqual(['a']);
    expect(then.body.metadata.resourceVersion).toBe(a.metadata.resourceVersion);
    expect(names(await req('GET', POOLS))).toEqual(['b']);
  });
});
