// Starts the stand-in in this process: temp dir, certificates (with tls), listening socket,
// kubeconfig. Used by main.mjs (command line) and index.mjs (tests, inProcess).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiServer } from './server.mjs';
import { generateCerts, writeKubeconfig } from './pki.mjs';

/**
 * @typedef {object} StartOptions
 * @property {number} [port] 0 or absent: a free port
 * @property {boolean} [tls] serve HTTPS; the kubeconfig trusts its CA and (without a token) uses a client certificate
 * @property {string} [token] accept this bearer token (the kubeconfig uses it); other credentials get 401
 * @property {string} [crdDir] CRD manifests (default ../shared/calico-crds, else the repo's generated schemas)
 * @property {number} [historySize] watch/paging history length (default 10000 events)
 */

/** @param {StartOptions} opts */
export async function startInProcess(opts = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kube-apiserver-stand-in-'));
  try {
    const certs = opts.tls ? generateCerts(dir) : undefined;
    const api = createApiServer({
      crdDir: opts.crdDir ?? process.env.KUBE_APISERVER_CRD_DIR,
      token: opts.token,
      tls: certs,
      historySize: opts.historySize,
    });
    await new Promise((resolve, reject) => {
      api.server.once('error', reject);
      api.server.listen(opts.port ?? 0, '127.0.0.1', () => resolve(undefined));
    });
    const addr = api.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    const url = `${certs ? 'https' : 'http'}://127.0.0.1:${port}`;
    const kubeconfigPath = join(dir, 'kubeconfig');
    writeKubeconfig(kubeconfigPath, { url, caFile: certs?.caFile, token: opts.token, clientCertFile: certs?.clientCertFile, clientKeyFile: certs?.clientKeyFile });
    let stopped = false;
    return {
      url,
      port,
      dir,
      kubeconfigPath,
      caFile: certs?.caFile,
      clientCertFile: certs?.clientCertFile,
      clientKeyFile: certs?.clientKeyFile,
      reset: () => api.reset(),
      store: api.store,
      async stop() {
        if (stopped) return;
        stopped = true;
        await new Promise((resolve) => {
          api.server.close(() => resolve(undefined));
          api.server.closeAllConnections();
        });
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
