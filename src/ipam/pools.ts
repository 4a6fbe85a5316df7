/** Which pools an allocation may use (§6 step 2). */
import { formatCidr, parseCidr } from './cidr.js';
import { IpamError } from './errors.js';
import type { IpamPool, IpamResources } from './resources.js';
import { selectorMatches } from './selector.js';

export type IntendedUse = 'Workload' | 'Tunnel' | 'LoadBalancer';

/**
 * Explicitly requested pools (names or CIDRs) must exist and be enabled; they are used whatever
 * their nodeSelector. Otherwise: enabled pools of the version whose nodeSelector matches the
 * node and whose allowedUses include `use`.
 */
export function selectPools(
  all: readonly IpamPool[],
  version: 4 | 6,
  use: IntendedUse,
  nodeLabels: Record<string, string>,
  requested: readonly string[] | undefined,
): IpamPool[] {
  const ofVersion = all.filter((p) => p.cidr.version === version);
  if (requested && requested.length > 0) {
    return requested.map((r) => {
      const c = parseCidr(r);
      const p = ofVersion.find((x) => x.name === r || (c && formatCidr(c) === formatCidr(x.cidr)));
      if (!p || p.disabled) throw new IpamError(`the given pool (${r}) does not exist, or is not enabled`);
      return p;
    });
  }
  return ofVersion.filter((p) => !p.disabled && p.allowedUses.includes(use) && selectorMatches(p.nodeSelector, nodeLabels));
}

export type { IpamResources };
