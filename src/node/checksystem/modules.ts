/**
 * The kernel modules Calico needs and how to tell whether one is there: `/sys/module/<name>`,
 * `/proc/modules` (what lsmod prints), `modules.dep` / `modules.builtin` of the running kernel, or a
 * `CONFIG_X=y|m` line in the kernel config. Every path comes from SystemSources so tests can use
 * fixture files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ModuleSpec {
  name: string;
  alternatives: string[];
  configOptions: string[];
  optional: boolean;
}

const m = (name: string, alternatives: string[] = [], configOptions: string[] = [], optional = false): ModuleSpec => ({
  name,
  alternatives,
  configOptions,
  optional,
});

export const REQUIRED_MODULES: readonly ModuleSpec[] = [
  m('ip_set', [], ['CONFIG_IP_SET']),
  m('ip6_tables', [], [], true),
  m('ip_tables'),
  m('ipt_ipvs', ['xt_ipvs'], ['CONFIG_NETFILTER_XT_MATCH_IPVS']),
  m('vfio-pci', ['vfio_pci'], ['CONFIG_VFIO', 'CONFIG_VFIO_PCI']),
  m('xt_bpf', [], [], true),
  m('ipt_REJECT', ['xt_REJECT'], ['CONFIG_IP_NF_TARGET_REJECT', 'CONFIG_NFT_REJECT', 'CONFIG_NETFILTER_XT_TARGET_REJECT']),
  m('xt_rpfilter', ['ipt_rpfilter']),
  m('nf_conntrack_netlink'),
  m('xt_addrtype'),
  m('xt_conntrack'),
  m('xt_mark'),
  m('xt_multiport'),
  m('xt_set', ['ipt_set']),
  m('xt_u32', [], [], true),
];

export interface SystemSources {
  /** `uname -r`. */
  release: string;
  sysModuleDir: string;
  procModules: string;
  /** `/lib/modules/<release>`. */
  modulesDir: string;
  /** Kernel config files to try, first existing wins. */
  kernelConfigCandidates: string[];
}

export function defaultSources(release: string, kernelConfig?: string): SystemSources {
  return {
    release,
    sysModuleDir: '/sys/module',
    procModules: '/proc/modules',
    modulesDir: `/lib/modules/${release}`,
    kernelConfigCandidates: kernelConfig
      ? [kernelConfig]
      : [
          '/usr/src/linux/.config',
          `/boot/config-${release}`,
          `/usr/src/linux-${release}/.config`,
          `/usr/src/linux-headers-${release}/.config`,
          `/lib/modules/${release}/build/.config`,
        ],
  };
}

const norm = (name: string): string => name.replaceAll('-', '_');

function readOr(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** What the sources say, read once. */
export interface SystemFacts {
  loaded: Set<string>;
  files: Set<string>;
  config: Set<string>;
  sysModuleDir: string;
}

export function readFacts(src: SystemSources): SystemFacts {
  const loaded = new Set(
    readOr(src.procModules)
      .split('\n')
      .map((l) => norm(l.split(' ')[0] ?? ''))
      .filter((n) => n !== ''),
  );
  const files = new Set<string>();
  for (const f of ['modules.dep', 'modules.builtin']) {
    for (const line of readOr(join(src.modulesDir, f)).split('\n')) {
      const path = line.split(':')[0]?.trim() ?? '';
      const mm = /([^/]+)\.ko(\.(gz|xz|zst|bz2))?$/.exec(path);
      if (mm) files.add(norm(mm[1]!));
    }
  }
  const configFile = src.kernelConfigCandidates.find((p) => existsSync(p));
  const config = new Set<string>();
  for (const line of configFile ? readOr(configFile).split('\n') : []) {
    const mm = /^(CONFIG_[A-Za-z0-9_]+)=[ym]\s*$/.exec(line);
    if (mm) config.add(mm[1]!);
  }
  return { loaded, files, config, sysModuleDir: src.sysModuleDir };
}

export function moduleFound(spec: ModuleSpec, facts: SystemFacts): boolean {
  for (const name of [spec.name, ...spec.alternatives].map(norm)) {
    if (existsSync(join(facts.sysModuleDir, name)) || facts.loaded.has(name) || facts.files.has(name)) return true;
  }
  return spec.configOptions.some((o) => facts.config.has(o));
}
