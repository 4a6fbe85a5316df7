/**
 * Generates a throw-away PKI with openssl in a temp dir: a CA, a server cert for 127.0.0.1 /
 * localhost, a client cert, and a second unrelated CA (for "wrong CA" checks).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPKI {
  dir: string;
  caFile: string;
  caKeyFile: string;
  serverCertFile: string;
  serverKeyFile: string;
  certFile: string;
  keyFile: string;
  otherCaFile: string;
  cleanup(): void;
}

function ossl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function makeCA(dir: string, base: string, cn: string): void {
  ossl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2',
    '-keyout', `${base}.key`, '-out', `${base}.pem`, '-subj', `/CN=${cn}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
}

function makeLeaf(dir: string, base: string, cn: string, ext: string): void {
  writeFileSync(join(dir, `${base}.ext`), ext);
  ossl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', `/CN=${cn}`]);
  ossl(dir, ['x509', '-req', '-in', `${base}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
    '-out', `${base}.pem`, '-days', '2', '-sha256', '-extfile', `${base}.ext`]);
}

export function generatePKI(): TestPKI {
  const dir = mkdtempSync(join(tmpdir(), 'calicoctl-ts-pki-'));
  try {
    makeCA(dir, 'ca', 'calicoctl-ts test CA');
    makeCA(dir, 'other-ca', 'unrelated CA');
    makeLeaf(dir, 'server', 'etcd-server',
      'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n');
    makeLeaf(dir, 'client', 'calicoctl',
      'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n');
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    caKeyFile: join(dir, 'ca.key'),
    serverCertFile: join(dir, 'server.pem'),
    serverKeyFile: join(dir, 'server.key'),
    certFile: join(dir, 'client.pem'),
    keyFile: join(dir, 'client.key'),
    otherCaFile: join(dir, 'other-ca.pem'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
