// Throw-away certificates (openssl) for --tls, and the kubeconfig the server writes for itself.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** @param {string} dir @param {string[]} args */
const ossl = (dir, args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });

/**
 * Writes ca.pem/ca.key, server.pem/server.key (127.0.0.1, localhost) and client.pem/client.key
 * (CN=admin, O=system:masters) into `dir`.
 * @param {string} dir
 */
export function generateCerts(dir) {
  ossl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-sha256', '-days', '2', '-keyout', 'ca.key', '-out', 'ca.pem',
    '-subj', '/CN=kube-apiserver-stand-in-ca', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  const leaf = (/** @type {string} */ base, /** @type {string} */ subj, /** @type {string} */ ext) => {
    writeFileSync(join(dir, `${base}.ext`), ext);
    ossl(dir, ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-sha256', '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', subj]);
    ossl(dir, ['x509', '-req', '-in', `${base}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${base}.pem`,
      '-days', '2', '-sha256', '-extfile', `${base}.ext`]);
  };
  leaf('server', '/CN=kube-apiserver', 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n');
  leaf('client', '/O=system:masters/CN=admin', 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n');
  return {
    caFile: join(dir, 'ca.pem'), certFile: join(dir, 'server.pem'), keyFile: join(dir, 'server.key'),
    clientCertFile: join(dir, 'client.pem'), clientKeyFile: join(dir, 'client.key'),
  };
}

/**
 * @param {string} file
 * @param {{ url: string, caFile?: string, token?: string, clientCertFile?: string, clientKeyFile?: string }} o
 */
export function writeKubeconfig(file, o) {
  const b64 = (/** @type {string} */ f) => readFileSync(f).toString('base64');
  /** @type {Record<string, string>} */
  const cluster = { server: o.url };
  if (o.caFile) cluster['certificate-authority-data'] = b64(o.caFile);
  // @kubernetes/client-node refuses a plain-http server unless TLS verification is switched off.
  else /** @type {Record<string, unknown>} */ (cluster)['insecure-skip-tls-verify'] = true;
  /** @type {Record<string, string>} */
  const user = {};
  if (o.token) user.token = o.token;
  else if (o.clientCertFile && o.clientKeyFile) {
    user['client-certificate-data'] = b64(o.clientCertFile);
    user['client-key-data'] = b64(o.clientKeyFile);
  }
  const cfg = {
    apiVersion: 'v1', kind: 'Config', 'current-context': 'stand-in',
    clusters: [{ name: 'stand-in', cluster }],
    users: [{ name: 'stand-in', user }],
    contexts: [{ name: 'stand-in', context: { cluster: 'stand-in', user: 'stand-in', namespace: 'default' } }],
    preferences: {},
  };
  writeFileSync(file, `${JSON.stringify(cfg, null, 2)}\n`, { mode: 0o600 });
}
