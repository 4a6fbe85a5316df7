/** etcd username/password authentication (ETCD_USERNAME / ETCD_PASSWORD). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdInstance } from '../helpers/etcd.js';
import { loadClientConfig } from '../../src/datastore/config.js';
import { openDatastore } from '../../src/datastore/index.js';
import { DatastoreUnavailableError } from '../../src/errors.js';
import { GlobalNetworkSet } from './kinds.js';
import { gns } from './contract.js';

let etcd: EtcdInstance;

beforeAll(async () => {
  etcd = await startEtcd();
  etcd.etcdctl(['user', 'add', 'root:s3cret']);
  etcd.etcdctl(['user', 'grant-role', 'root', 'root']);
  etcd.etcdctl(['auth', 'enable']);
});
afterAll(async () => {
  await etcd?.stop();
});

function open(env: NodeJS.ProcessEnv) {
  return openDatastore(loadClientConfig({ env: { ETCD_ENDPOINTS: etcd.endpoint, ...env }, defaultConfigPath: '/nonexistent/calicoctl.cfg' }));
}

async function failure(env: NodeJS.ProcessEnv): Promise<Error> {
  const ds = await open(env);
  try {
    await ds.get(GlobalNetworkSet, 'x');
  } catch (e) {
    return e as Error;
  } finally {
    await ds.close();
  }
  throw new Error('expected a failure');
}

describe('etcd with authentication enabled', () => {
  it('works with the right username and password', async () => {
    const ds = await open({ ETCD_USERNAME: 'root', CALICO_ETCD_PASSWORD: 's3cret' });
    try {
      await ds.create(GlobalNetworkSet, gns('authed'));
      expect((await ds.list(GlobalNetworkSet)).items.map((r) => r.metadata.name)).toEqual(['authed']);
    } finally {
      await ds.close();
    }
  });

  it('a wrong password is one line naming the endpoint', async () => {
    const e = await failure({ ETCD_USERNAME: 'root', ETCD_PASSWORD: 'wrong' });
    expect(e).toBeInstanceOf(DatastoreUnavailableError);
    expect(e.message).toBe(`datastore ${etcd.endpoint} is unavailable: authentication failed (invalid user ID or password)`);
  });

  it('no credentials at all is one line naming the endpoint', async () => {
    const e = await failure({});
    expect(e).toBeInstanceOf(DatastoreUnavailableError);
    expect(e.message).toBe(`datastore ${etcd.endpoint} is unavailable: authentication required (no etcd username configured)`);
  });
});
