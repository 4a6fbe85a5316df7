/**
 * TLS: an etcd requiring client certificates (certs generated with openssl into a temp dir).
 * The ETCD_*_FILE variables (and inline PEM in a config file) connect; without a client cert,
 * or with the wrong CA, the failure is quick and one line naming the endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEtcd, type EtcdInstance } from '../helpers/etcd.js';
import { generatePKI, type TestPKI } from './certs.js';
import { loadClientConfig } from '../../src/datastore/config.js';
import { openDatastore } from '../../src/datastore/index.js';
import { DatastoreUnavailableError } from '../../src/errors.js';
import { GlobalNetworkSet } from './kinds.js';
import { gns } from './contract.js';

let pki: TestPKI;
let etcd: EtcdInstance;
const warnings: Array<string | undefined> = [];
const onWarning = (w: Error & { code?: string }): void => void warnings.push(w.code ?? w.name);

beforeAll(async () => {
  process.on('warning', onWarning);
  pki = generatePKI();
  etcd = await startEtcd({
    tls: {
      caFile: pki.caFile,
      certFile: pki.certFile,
      keyFile: pki.keyFile,
      serverCertFile: pki.serverCertFile,
      serverKeyFile: pki.serverKeyFile,
    },
  });
});
afterAll(async () => {
  process.off('warning', onWarning);
  await etcd?.stop();
  pki?.cleanup();
});

function envConfig(env: NodeJS.ProcessEnv) {
  return loadClientConfig({ env: { ETCD_ENDPOINTS: etcd.endpoint, ...env }, defaultConfigPath: join(pki.dir, 'none.cfg') });
}

async function failure(env: NodeJS.ProcessEnv): Promise<{ error: Error; ms: number }> {
  const ds = await openDatastore(envConfig(env));
  const t = performance.now();
  try {
    await ds.get(GlobalNetworkSet, 'x');
  } catch (e) {
    return { error: e as Error, ms: performance.now() - t };
  } finally {
    await ds.close();
  }
  throw new Error('expected the TLS connection to fail');
}

describe('etcd with client-certificate auth', () => {
  it('connects with ETCD_CA_CERT_FILE, ETCD_CERT_FILE and ETCD_KEY_FILE', async () => {
    expect(etcd.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ds = await openDatastore(
      envConfig({ ETCD_CA_CERT_FILE: pki.caFile, ETCD_CERT_FILE: pki.certFile, CALICO_ETCD_KEY_FILE: pki.keyFile }),
    );
    try {
      const c = await ds.create(GlobalNetworkSet, gns('tls-1'));
      expect((await ds.get(GlobalNetworkSet, 'tls-1')).metadata.resourceVersion).toBe(c.metadata.resourceVersion);
      expect(etcd.etcdctl(['get', '--prefix', '/calico', '--keys-only']).trim()).toBe(
        '/calico/resources/v3/projectcalico.org/globalnetworksets/tls-1',
      );
    } finally {
      await ds.close();
    }
    // grpc-js sets an IP address as TLS ServerName; Node's DEP0123 warning must not leak to stderr.
    expect(warnings).not.toContain('DEP0123');
  });

  it('connects with inline PEM from a config file', async () => {
    const cfgPath = join(pki.dir, 'inline.cfg');
    writeFileSync(
      cfgPath,
      JSON.stringify({
        apiVersion: 'projectcalico.org/v3',
        kind: 'CalicoAPIConfig',
        spec: {
          etcdEndpoints: etcd.endpoint,
          etcdCACert: readFileSync(pki.caFile, 'utf8'),
          etcdCert: readFileSync(pki.certFile, 'utf8'),
          etcdKey: readFileSync(pki.keyFile, 'utf8'),
        },
      }),
    );
    const ds = await openDatastore(loadClientConfig({ configPath: cfgPath, env: {} }));
    try {
      const l = await ds.list(GlobalNetworkSet);
      expect(l.revision).toMatch(/^\d+$/);
    } finally {
      await ds.close();
    }
  });

  it('without a client certificate fails fast, one line naming the endpoint', async () => {
    const { error, ms } = await failure({ ETCD_CA_CERT_FILE: pki.caFile });
    expect(error).toBeInstanceOf(DatastoreUnavailableError);
    expect(error.message).toBe(
      `datastore ${etcd.endpoint} is unavailable: TLS handshake failed (server rejected the client certificate)`,
    );
    expect(ms).toBeLessThan(5000);
  });

  it('with the wrong CA fails fast, one line naming the endpoint', async () => {
    const { error, ms } = await failure({ ETCD_CA_CERT_FILE: pki.otherCaFile, ETCD_CERT_FILE: pki.certFile, ETCD_KEY_FILE: pki.keyFile });
    expect(error).toBeInstanceOf(DatastoreUnavailableError);
    expect(error.message).toBe(
      `datastore ${etcd.endpoint} is unavailable: TLS handshake failed (server certificate not signed by a trusted CA)`,
    );
    expect(ms).toBeLessThan(5000);
  });

  it('plain http to a TLS endpoint fails fast', async () => {
    const plain = etcd.endpoint.replace('https://', 'http://');
    const ds = await openDatastore(loadClientConfig({ env: { ETCD_ENDPOINTS: plain }, defaultConfigPath: join(pki.dir, 'none.cfg') }));
    const t = performance.now();
    try {
      await expect(ds.get(GlobalNetworkSet, 'x')).rejects.toThrow(new RegExp(`^datastore ${plain.replace(/[./]/g, '\\$&')} is unavailable: `));
      expect(performance.now() - t).toBeLessThan(5000);
    } finally {
      await ds.close();
    }
  });
});
