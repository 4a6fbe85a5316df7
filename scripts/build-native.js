// Compiles the calico-ipam native client (src/cni/native/calico-ipam.c) into
// dist/cni/calico-ipam-native with $CC (default cc). Without a C compiler it prints one warning
// and exits 0: bin/calico-ipam then runs the Node plugin directly (no daemon client).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src', 'cni', 'native', 'calico-ipam.c');
const out = join(root, 'dist', 'cni', 'calico-ipam-native');
const cc = process.env.CC || 'cc';

mkdirSync(dirname(out), { recursive: true });
const args = ['-std=c99', '-O2', '-Wall', '-Wextra', `-DCALICO_IPAM_NODE=${JSON.stringify(process.execPath)}`, '-o', out, src];
const r = spawnSync(cc, args, { stdio: ['ignore', 'inherit', 'inherit'] });
if (r.error && r.error.code === 'ENOENT') {
  // A binary left by an earlier build would not match this source: remove it.
  if (existsSync(out)) rmSync(out);
  console.warn(`build-native: no C compiler (${cc}); calico-ipam will run without the native daemon client`);
  process.exit(0);
}
if (r.error) throw r.error;
if (r.status !== 0) {
  console.error(`build-native: ${cc} ${args.join(' ')} failed`);
  process.exit(r.status ?? 1);
}
