/**
 * The daemon's kept-open IPAM clients (src/cni/daemon/clients.ts) on a real etcd: one client per
 * datastore configuration is reused while it works, replaced after a failed operation, closed
 * when idle and on close().
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdInstance } from '../helpers/etcd.js';
import { openIpamLight } from '../../src/ipam/index.js';
import type { ClientConfig } from '../../src/datastore/config.js';
import { KeptClients } from '../../src/cni/daemon/clients.js';

let etcd: EtcdInstance;
beforeAll(async () => {
  etcd = await startEtcd();
});
afterAll(async () => {
  await etcd?.stop();
});

const cfgFor = (endpoint: string): ClientConfig => ({ datastoreType: 'etcdv3', etcdEndpoints: [endpoint], source: { type: 'env' } });

/** openIpamLight, recording each open and close. */
function recorded() {
  const log: string[] = [];
  let n = 0;
  const open = async (cfg: ClientConfig) => {
    const id = ++n;
    log.push(`open ${id}`);
    const ipam = await openIpamLight(cfg);
    const close = async (): Promise<void> => {
      log.push(`close ${id}`);
      await ipam.close();
    };
    return { client: ipam.client, close };
  };
  return { log, open };
}

describe('KeptClients', () => {
  it('reuses one working client per configuration and gives out working clients', async () => {
    const r = recorded();
    const kept = new KeptClients(60_000, r.open);
    const a = await kept.open(cfgFor(etcd.endpoint));
    expect(await a.client.getIPAMConfig()).toMatchObject({ autoAllocateBlocks: true });
    await a.close(false);
    const b = await kept.open(cfgFor(etcd.endpoint));
    expect(b.client).toBe(a.client);
    await b.close(false);
    const other = await kept.open(cfgFor(`${etcd.endpoint}/`));
    expect(other.client).not.toBe(a.client);
    await other.close(false);
    expect(kept.size).toBe(2);
    await kept.close();
    expect(kept.size).toBe(0);
    expect(r.log).toEqual(['open 1', 'open 2', 'close 1', 'close 2']);
  });

  it('replaces a client after a failed operation, once its other users are done', async () => {
    const r = recorded();
    const kept = new KeptClients(60_000, r.open);
    const a = await kept.open(cfgFor(etcd.endpoint));
    const b = await kept.open(cfgFor(etcd.endpoint));
    await a.close(true);
    expect(r.log).toEqual(['open 1']); // b still uses it
    await b.close(false);
    expect(r.log).toEqual(['open 1', 'close 1']);
    const c = await kept.open(cfgFor(etcd.endpoint));
    expect(c.client).not.toBe(a.client);
    expect(await c.client.getIPAMConfig()).toMatchObject({ strictAffinity: false });
    await c.close(false);
    await kept.close();
    expect(r.log).toEqual(['open 1', 'close 1', 'open 2', 'close 2']);
  });

  it('closes a client left unused for idleMs', async () => {
    const r = recorded();
    const kept = new KeptClients(50, r.open);
    const a = await kept.open(cfgFor(etcd.endpoint));
    await a.close(false);
    await new Promise((res) => setTimeout(res, 200));
    expect(r.log).toEqual(['open 1', 'close 1']);
    expect(kept.size).toBe(0);
  });
});
