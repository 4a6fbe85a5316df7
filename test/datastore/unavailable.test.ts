/**
 * An etcd that cannot be reached fails fast, with one DatastoreUnavailableError line naming the
 * endpoint — never a hang, a retry storm or a stack trace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { freePort } from '../helpers/etcd.js';
import { openDatastore } from '../../src/datastore/index.js';
import { openEtcdDatastore } from '../../src/datastore/etcd/etcd.js';
import type { ClientConfig } from '../../src/datastore/config.js';
import { ConfigError, DatastoreUnavailableError } from '../../src/errors.js';
import { GlobalNetworkSet, NetworkSet } from './kinds.js';
import { gns } from './contract.js';

function cfg(endpoints: string[], extra: Partial<ClientConfig> = {}): ClientConfig {
  return { datastoreType: 'etcdv3', etcdEndpoints: endpoints, source: { type: 'env' }, ...extra };
}

async function timed(p: Promise<unknown>): Promise<{ error: Error; ms: number }> {
  const t = performance.now();
  try {
    await p;
  } catch (e) {
    return { error: e as Error, ms: performance.now() - t };
  }
  throw new Error('expected a failure');
}

function expectOneLine(e: Error, endpoint: string, reason: RegExp): void {
  expect(e).toBeInstanceOf(DatastoreUnavailableError);
  expect((e as DatastoreUnavailableError).endpoint).toBe(endpoint);
  expect(e.message.split('\n')).toHaveLength(1);
  expect(e.message).toMatch(new RegExp(`^datastore ${endpoint.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is unavailable: ${reason.source}$`));
  expect(e.message).not.toMatch(/\bat \S+ \(|node_modules/);
}

describe('nothing listening', () => {
  let endpoint: string;
  beforeAll(async () => {
    endpoint = `http://127.0.0.1:${await freePort()}`;
  });

  it('get fails within 5 s with "connection refused"', async () => {
    const ds = await openDatastore(cfg([endpoint]));
    try {
      const { error, ms } = await timed(ds.get(GlobalNetworkSet, 'x'));
      expectOneLine(error, endpoint, /connection refused/);
      expect(ms).toBeLessThan(5000);
    } finally {
      await ds.close();
    }
  });

  it('every read and write path maps the failure the same way', async () => {
    const ds = await openDatastore(cfg([endpoint]));
    try {
      for (const p of [
        ds.list(NetworkSet),
        ds.create(GlobalNetworkSet, gns('a')),
        ds.delete(GlobalNetworkSet, 'a'),
        ds.getMany([{ kind: GlobalNetworkSet, name: 'a' }]),
      ]) {
        expectOneLine((await timed(p)).error, endpoint, /connection refused/);
      }
      const t = performance.now();
      const out = await ds.writeMany(Array.from({ length: 1000 }, (_, i) => ({ op: 'create' as const, kind: GlobalNetworkSet, object: gns(`n${i}`) })));
      expect(performance.now() - t).toBeLessThan(5000);
      expect(out).toHaveLength(1000);
      for (const o of out) {
        expect(o.ok).toBe(false);
        if (!o.ok) expectOneLine(o.error, endpoint, /connection refused/);
      }
    } finally {
      await ds.close();
    }
  });

  it('tries each endpoint once: a dead one next to a dead one still fails fast', async () => {
    const other = `http://127.0.0.1:${await freePort()}`;
    const ds = await openDatastore(cfg([endpoint, other]));
    try {
      const { error, ms } = await timed(ds.get(GlobalNetworkSet, 'x'));
      expectOneLine(error, `${endpoint},${other}`, /connection refused/);
      expect(ms).toBeLessThan(5000);
    } finally {
      await ds.close();
    }
  });

  it('an unresolvable host fails with "name resolution failed"', async () => {
    const ep = 'http://no-such-host.invalid:2379';
    const ds = await openDatastore(cfg([ep]));
    try {
      const { error, ms } = await timed(ds.get(GlobalNetworkSet, 'x'));
      expectOneLine(error, ep, /name resolution failed/);
      expect(ms).toBeLessThan(5000);
    } finally {
      await ds.close();
    }
  });
});

describe('a server that accepts but never answers', () => {
  let server: Server;
  let endpoint: string;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    server = createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const addr = server.address();
    endpoint = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('hits the per-call deadline (5 s by default) and says so', async () => {
    const ds = await openDatastore(cfg([endpoint]));
    try {
      const { error, ms } = await timed(ds.get(GlobalNetworkSet, 'x'));
      expectOneLine(error, endpoint, /deadline exceeded after 5s/);
      expect(ms).toBeGreaterThan(4500);
      expect(ms).toBeLessThan(7000);
    } finally {
      await ds.close();
    }
  });

  it('CALICOCTL_ETCD_TIMEOUT_MS overrides the deadline', async () => {
    const saved = process.env.CALICOCTL_ETCD_TIMEOUT_MS;
    process.env.CALICOCTL_ETCD_TIMEOUT_MS = '800';
    const ds = await openDatastore(cfg([endpoint]));
    try {
      const { error, ms } = await timed(ds.list(GlobalNetworkSet));
      expectOneLine(error, endpoint, /deadline exceeded after 800ms/);
      expect(ms).toBeLessThan(3000);
      // A batch: later batches fail with the first error instead of waiting out their own deadlines.
      const t = performance.now();
      const out = await ds.writeMany(Array.from({ length: 2000 }, (_, i) => ({ op: 'create' as const, kind: GlobalNetworkSet, object: gns(`n${i}`) })));
      expect(performance.now() - t).toBeLessThan(3000);
      expect(out.every((o) => !o.ok && o.error instanceof DatastoreUnavailableError)).toBe(true);
    } finally {
      await ds.close();
      if (saved === undefined) delete process.env.CALICOCTL_ETCD_TIMEOUT_MS;
      else process.env.CALICOCTL_ETCD_TIMEOUT_MS = saved;
    }
  });
});

describe('configuration problems found when opening', () => {
  it('rejects mixed inline and file TLS material, missing files and bad endpoints', async () => {
    await expect(openEtcdDatastore(cfg(['https://127.0.0.1:1'], { etcdCert: 'x', etcdCACertFile: '/ca' }))).rejects.toThrow(
      new ConfigError('Cannot mix inline certificate-key and certificate / key files'),
    );
    await expect(openEtcdDatastore(cfg(['https://127.0.0.1:1'], { etcdCACertFile: '/no/such/ca.pem' }))).rejects.toThrow(
      'could not initialize etcdv3 client: open /no/such/ca.pem: no such file or directory',
    );
    await expect(openEtcdDatastore(cfg(['127.0.0.1:2379']))).rejects.toBeInstanceOf(ConfigError);
    await expect(openEtcdDatastore(cfg(['http://127.0.0.1:1', 'https://127.0.0.1:2']))).rejects.toThrow(/mix of secure and insecure/);
  });
});
