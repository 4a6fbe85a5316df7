/** `node checksystem` decisions on fixture module lists and kernel configs (paths injected). */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSystem, kernelVersionOk, resultLine } from '../../src/node/checksystem/check.js';
import type { SystemSources } from '../../src/node/checksystem/modules.js';
import { ROOT, runCli } from '../helpers/cli.js';

const FIX = join(ROOT, 'fixtures', 'node', 'checksystem');
const sysDir = mkdtempSync(join(tmpdir(), 'ctlts-sysmodule-'));
afterAll(() => rmSync(sysDir, { recursive: true, force: true }));

const sources = (over: Partial<SystemSources> = {}): SystemSources => ({
  release: '6.1.0-18-amd64',
  sysModuleDir: sysDir,
  procModules: join(FIX, 'proc_modules'),
  modulesDir: FIX,
  kernelConfigCandidates: [join(FIX, 'does-not-exist'), join(FIX, 'kernel-config')],
  ...over,
});

describe('node checksystem', () => {
  it('finds every module through /proc/modules, modules.dep, modules.builtin or the kernel config', () => {
    const r = checkSystem(sources());
    expect(r.ok).toBe(true);
    expect(r.text.startsWith(`Checking kernel version...\n${resultLine('6.1.0-18-amd64', 'OK')}Checking kernel modules...\n`)).toBe(true);
    for (const m of ['ip_set', 'ip6_tables', 'ip_tables', 'ipt_ipvs', 'vfio-pci', 'ipt_REJECT', 'xt_rpfilter', 'nf_conntrack_netlink', 'xt_addrtype', 'xt_conntrack', 'xt_mark', 'xt_multiport', 'xt_set']) {
      expect(r.text).toContain(resultLine(m, 'OK'));
    }
    // Optional and missing: a warning and SKIP; `CONFIG_XT_U32=n` does not count.
    expect(r.text).toContain(`WARNING: Unable to detect optional module/feature xt_u32; continuing\n${resultLine('xt_u32', 'SKIP')}`);
    expect(r.text).toContain(resultLine('xt_bpf', 'SKIP'));
    expect(resultLine('xt_mark', 'OK')).toBe('\t\txt_mark             \t\t\t\t\tOK\n');
  });

  it('counts /sys/module entries (dashes as underscores)', () => {
    mkdirSync(join(sysDir, 'xt_bpf'), { recursive: true });
    expect(checkSystem(sources()).text).toContain(resultLine('xt_bpf', 'OK'));
  });

  it('fails on a missing required module, naming it', () => {
    const r = checkSystem(sources({ modulesDir: join(FIX, 'none'), kernelConfigCandidates: [] }));
    expect(r.ok).toBe(false);
    expect(r.text).toContain(`WARNING: Unable to detect the xt_mark module as Loaded/Builtin module or lsmod\n${resultLine('xt_mark', 'FAIL')}`);
    expect(r.text).toContain(resultLine('ip_set', 'OK'));
    expect(r.text).toContain(`WARNING: Unable to detect optional module/feature ip6_tables; continuing\n`);
  });

  it('requires kernel 2.6.24 or later', () => {
    expect(kernelVersionOk('2.6.24')).toBe(true);
    expect(kernelVersionOk('2.6.23-rc1')).toBe(false);
    expect(kernelVersionOk('3.0')).toBe(true);
    expect(kernelVersionOk('6.18.44-fc')).toBe(true);
    const r = checkSystem(sources({ release: '2.6.18-old' }));
    expect(r.ok).toBe(false);
    expect(r.text).toContain(resultLine('2.6.18-old', 'FAIL'));
  });

  it.skipIf(process.getuid?.() !== 0)('the command prints the checks and its verdict with calicoctl’s exit code', async () => {
    const r = await runCli(['node', 'checksystem', '-f', join(FIX, 'kernel-config')]);
    expect(r.stdout).toMatch(/^Checking kernel version\.\.\.\n\t\t\S+ *\t\t\t\t\t(OK|FAIL)\nChecking kernel modules\.\.\.\n/);
    if (r.code === 0) expect(r.stdout.endsWith('System meets minimum system requirements to run Calico!\n')).toBe(true);
    else expect(r.stderr).toBe("system doesn't meet one or more minimum systems requirements to run Calico\n");
    // ipt_ipvs is found through the fixture's CONFIG_NETFILTER_XT_MATCH_IPVS=m.
    expect(r.stdout).toContain(resultLine('ipt_ipvs', 'OK'));
  });
});
