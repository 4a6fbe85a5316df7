/**
 * IP autodetection as calico-node does it: methods first-found, interface=, skip-interface=,
 * cidr= and can-reach=; results are `IP/prefix` taken from the interface address.
 * Interfaces are examined highest ifindex first.
 */
import { isIP } from 'node:net';
import { cidrContains, parseCidr, parseIP } from '../../ipam/cidr.js';
import { canonicalIP } from '../bird/addr.js';
import type { HostInterface, IfAddr } from './interfaces.js';

export const DEFAULT_EXCLUDES = [
  '^docker.*', '^cbr.*', '^dummy.*', '^podman.*', '^virbr.*', '^lxcbr.*', '^veth.*', '^lo', '^br-.*',
  '^cali.*', '^tunl.*', '^flannel.*', '^kube-ipvs.*', '^cni.*', '^vxlan\\.calico.*', '^vxlan-v6\\.calico.*',
  '^wireguard\\.cali.*', '^wg-v6\\.cali.*', '^nodelocaldns.*',
];

export interface AutodetectDeps {
  interfaces: HostInterface[];
  /** Kernel-chosen source address towards a destination (can-reach=). */
  routeSource?: (dest: string) => string | undefined;
}

/** Global unicast: not loopback, link-local, multicast, unspecified or broadcast. */
export function isGlobalUnicast(a: IfAddr): boolean {
  if (a.family === 4) {
    const [o1, o2] = a.address.split('.').map(Number) as [number, number];
    if (o1 === 127 || o1 === 0 || o1 >= 224) return false;
    if (o1 === 169 && o2 === 254) return false;
    return true;
  }
  const lower = a.address.toLowerCase();
  if (lower === '::1' || lower === '::') return false;
  if (/^fe[89ab]/.test(lower)) return false;
  if (lower.startsWith('ff')) return false;
  return true;
}

function inCidr(cidr: string, ip: string): boolean {
  const c = parseCidr(cidr);
  const a = parseIP(ip);
  return c !== undefined && a !== undefined && cidrContains(c, a.version, a.value);
}

const splitList = (s: string): string[] => s.split(/\s*,\s*/).filter((x) => x !== '');

function firstFound(ifaces: HostInterface[], family: 4 | 6, include: RegExp[] | undefined, exclude: RegExp[], cidrs?: string[]): string | undefined {
  const ordered = [...ifaces].sort((a, b) => b.index - a.index);
  for (const i of ordered) {
    if (include && !include.some((re) => re.test(i.name))) continue;
    if (exclude.some((re) => re.test(i.name))) continue;
    for (const a of i.addrs) {
      if (a.family !== family || !isGlobalUnicast(a)) continue;
      if (cidrs && !cidrs.some((c) => inCidr(c, a.address))) continue;
      return `${a.address}/${a.prefixLen}`;
    }
  }
  return undefined;
}

/** Runs one autodetection method; undefined when nothing matched. */
export function autodetect(method: string, family: 4 | 6, deps: AutodetectDeps): string | undefined {
  const defaults = DEFAULT_EXCLUDES.map((r) => new RegExp(r));
  if (method === '' || method === 'first-found') return firstFound(deps.interfaces, family, undefined, defaults);
  if (method.startsWith('interface=')) {
    return firstFound(deps.interfaces, family, splitList(method.slice(10)).map((r) => new RegExp(r)), []);
  }
  if (method.startsWith('skip-interface=')) {
    return firstFound(deps.interfaces, family, undefined, [...defaults, ...splitList(method.slice(15)).map((r) => new RegExp(r))]);
  }
  if (method.startsWith('cidr=')) return firstFound(deps.interfaces, family, undefined, [], splitList(method.slice(5)));
  if (method.startsWith('can-reach=')) {
    const dest = method.slice(10);
    const src = deps.routeSource?.(dest);
    if (!src || isIP(src) !== family) return undefined;
    return withPrefix(src, deps.interfaces);
  }
  throw new Error(`Invalid IP autodetection method: ${method}`);
}

/**
 * An explicit address gets the prefix length of the interface that carries it (else /32 or /128).
 * The address is stored in canonical text (`FD00:0::5` → `fd00::5`), as Go would print it, so that
 * other nodes name and compare it the same way.
 */
export function withPrefix(ip: string, ifaces: HostInterface[]): string {
  const [addr = '', len] = ip.split('/');
  const text = canonicalIP(addr);
  if (len !== undefined) return `${text}/${len}`;
  for (const i of ifaces) for (const a of i.addrs) if (canonicalIP(a.address) === text) return `${text}/${a.prefixLen}`;
  return `${text}/${isIP(text) === 6 ? 128 : 32}`;
}
