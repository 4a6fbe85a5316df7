#!/usr/bin/env node
// Command line: node test/kube-apiserver/main.mjs [--port N] [--tls] [--token T] [--crd-dir D]
//   [--history-size N]. Prints the path of the kubeconfig it wrote on the first line of stdout,
// then serves until SIGTERM/SIGINT (its temp dir is removed on the way out).
import { parseArgs } from 'node:util';
import { startInProcess } from './start.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    tls: { type: 'boolean', default: false },
    token: { type: 'string' },
    'crd-dir': { type: 'string' },
    'history-size': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write('Usage: main.mjs [--port N] [--tls] [--token T] [--crd-dir DIR] [--history-size N]\n');
  process.exit(0);
}
// Handlers go in before start-up: a SIGTERM that arrives between printing the kubeconfig path
// and registering them would otherwise kill the process with its temp dir left behind.
/** @type {Awaited<ReturnType<typeof startInProcess>> | undefined} */
let srv;
let stopping = false;
const shutdown = () => {
  stopping = true;
  if (srv) srv.stop().then(() => process.exit(0), () => process.exit(1));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
srv = await startInProcess({
  port: Number(values.port),
  tls: values.tls,
  token: values.token,
  crdDir: values['crd-dir'],
  historySize: values['history-size'] ? Number(values['history-size']) : undefined,
});
process.stdout.write(`${srv.kubeconfigPath}\n`);
process.stderr.write(`kube-apiserver stand-in serving on ${srv.url}\n`);
if (stopping) shutdown();
