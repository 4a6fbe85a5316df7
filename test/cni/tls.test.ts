/** calico-ipam against an etcd that requires TLS client certificates (netconf etcd_*_file fields). */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEtcd, type EtcdInstance } from '../helpers/etcd.js';
import { generatePKI, type TestPKI } from '../datastore/certs.js';
import { cniEnv, netconf, runPlugin as run, NO_DAEMON } from './plugin.js';
import { removeDir, requireNative, startDaemon, stopAllDaemons, type DaemonProcess } from './daemon-process.js';

let daemon: DaemonProcess;

let pki: TestPKI;
let etcd: EtcdInstance;
beforeAll(async () => {
  pki = generatePKI();
  etcd = await startEtcd({
    tls: { caFile: pki.caFile, certFile: pki.certFile, keyFile: pki.keyFile, serverCertFile: pki.serverCertFile, serverKeyFile: pki.serverKeyFile },
  });
  etcd.etcdctl([
    'put', '/calico/resources/v3/projectcalico.org/ippools/p',
    JSON.stringify({ kind: 'IPPool', apiVersion: 'projectcalico.org/v3', metadata: { name: 'p' }, spec: { cidr: '10.40.0.0/24', blockSize: 26, nodeSelector: 'all()' } }),
  ]);
  requireNative();
  daemon = await startDaemon();
});
afterAll(async () => {
  await stopAllDaemons();
  if (daemon) removeDir(daemon.dir);
  await etcd?.stop();
  pki?.cleanup();
});

it.each([
  ['in-process', () => NO_DAEMON],
  ['through the daemon', () => daemon.socket],
])('ADD and DEL over TLS with the certificates from the netconf; without them it fails (%s)', async (_mode, socketOf) => {
  const socket = socketOf();
  const before = daemon.requests().length;
  const runPlugin = (e: Record<string, string>, stdin: string) => run(e, stdin, socket);
  const files = { etcd_ca_cert_file: pki.caFile, etcd_cert_file: pki.certFile, etcd_key_file: pki.keyFile };
  const add = await runPlugin(cniEnv('ADD', 'tls1'), netconf(etcd.endpoint, files));
  expect(add.code, add.stdout).toBe(0);
  expect(add.json?.ips).toEqual([{ address: expect.stringMatching(/^10\.40\.0\.\d+\/26$/) }]);
  expect(etcd.etcdctl(['get', '--prefix', '/calico/ipam/v2/handle/', '--keys-only']).trim()).toBe('/calico/ipam/v2/handle/k8s-pod-network.tls1');
  expect((await runPlugin(cniEnv('DEL', 'tls1'), netconf(etcd.endpoint, files))).code).toBe(0);
  expect(etcd.etcdctl(['get', '--prefix', '/calico/ipam/v2/handle/', '--keys-only']).trim()).toBe('');
  const noCerts = await runPlugin(cniEnv('ADD', 'tls2'), netconf(etcd.endpoint, { etcd_ca_cert_file: pki.caFile }));
  expect(noCerts.code).toBe(1);
  expect(noCerts.json?.code).toBeTypeOf('number');
  const expected = socket === daemon.socket ? 3 : 0;
  expect((await daemon.waitForRequests(before + expected)).length - before).toBe(expected);
});
