/** Host interfaces as `ip -j addr` reports them (works inside a network namespace). */
import { execFileSync } from 'node:child_process';

export interface IfAddr {
  family: 4 | 6;
  address: string;
  prefixLen: number;
}

export interface HostInterface {
  index: number;
  name: string;
  addrs: IfAddr[];
}

interface RawAddrInfo {
  family?: string;
  local?: string;
  prefixlen?: number;
}
interface RawLink {
  ifindex?: number;
  ifname?: string;
  addr_info?: RawAddrInfo[];
}

/** Parses `ip -j addr` output (kernel order kept). */
export function parseIpAddrJson(json: string): HostInterface[] {
  const raw = JSON.parse(json) as RawLink[];
  return raw
    .filter((l) => typeof l.ifname === 'string')
    .map((l) => ({
      index: l.ifindex ?? 0,
      name: l.ifname!,
      addrs: (l.addr_info ?? [])
        .filter((a) => (a.family === 'inet' || a.family === 'inet6') && typeof a.local === 'string')
        .map((a) => ({ family: a.family === 'inet' ? 4 : 6, address: a.local!, prefixLen: a.prefixlen ?? (a.family === 'inet' ? 32 : 128) }) as IfAddr),
    }));
}

export function readHostInterfaces(): HostInterface[] {
  return parseIpAddrJson(execFileSync('ip', ['-j', 'addr'], { encoding: 'utf8' }));
}

/** The source address the kernel would use to reach `dest` (`ip -j route get`), or undefined. */
export function routeSource(dest: string): string | undefined {
  try {
    const out = JSON.parse(execFileSync('ip', ['-j', 'route', 'get', dest], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as Array<{ prefsrc?: string }>;
    return out[0]?.prefsrc;
  } catch {
    return undefined;
  }
}
