/**
 * calico-node's default IP pools from the CALICO_IPV{4,6}POOL_* variables: pure planning
 * (what to create) kept apart from the datastore writes in startup.ts.
 */
import { randomBytes } from 'node:crypto';
import { cidrOverlaps, parseCidr } from '../../ipam/cidr.js';
import { CommandError } from '../../errors.js';

export interface PoolPlan {
  name: string;
  spec: Record<string, unknown>;
}

const falsy = /^(false|0|no|n|f)$/i;

function boolVar(v: string | undefined, dflt: boolean): boolean {
  if (v === undefined || v === '') return dflt;
  return !falsy.test(v);
}

function encapMode(varName: string, v: string | undefined): string {
  const s = (v ?? '').toLowerCase();
  if (s === '' || s === 'off' || s === 'never') return 'Never';
  if (s === 'always') return 'Always';
  if (s === 'crosssubnet' || s === 'cross-subnet') return 'CrossSubnet';
  throw new CommandError(`Failed to parse ${varName} value '${v}'`);
}

function randomULA(): string {
  const b = randomBytes(5);
  const hex = b.toString('hex'); // 10 hex digits: fdXX:XXXX:XXXX
  return `fd${hex.slice(0, 2)}:${hex.slice(2, 6)}:${hex.slice(6, 10)}::/48`;
}

/** 192.168.0.0/16 unless a host address is inside it; then the first free 172.16-31.0.0/16. */
export function defaultV4Cidr(hostAddrs: string[]): string {
  const hosts = hostAddrs.map((a) => parseCidr(a.split('/')[0]!)).filter((c) => c !== undefined && c.version === 4);
  const overlapsHost = (cidr: string): boolean => hosts.some((h) => cidrOverlaps(parseCidr(cidr)!, h!));
  if (!overlapsHost('192.168.0.0/16')) return '192.168.0.0/16';
  for (let i = 16; i <= 31; i++) if (!overlapsHost(`172.${i}.0.0/16`)) return `172.${i}.0.0/16`;
  return '192.168.0.0/16';
}

export interface PoolPlanInput {
  env: NodeJS.ProcessEnv;
  noDefaultPools: boolean;
  hostAddrs: string[];
  haveV4: boolean;
  haveV6: boolean;
  ipv6Supported: boolean;
  /** kubeadm's pod subnets (Kubernetes datastore): the default CIDRs when the variables are empty. */
  kubeadm?: { podSubnetV4?: string; podSubnetV6?: string };
}

/** The pools startup must create (none when disabled or a pool of that family exists). */
export function planPools(input: PoolPlanInput): PoolPlan[] {
  const { env } = input;
  const v4cidr = env.CALICO_IPV4POOL_CIDR ?? '';
  const v6cidr = env.CALICO_IPV6POOL_CIDR ?? '';
  if (input.noDefaultPools) {
    if (v4cidr !== '' || v6cidr !== '') throw new CommandError('Invalid configuration - NO_DEFAULT_POOLS is set but a CIDR is also specified');
    return [];
  }
  const out: PoolPlan[] = [];
  if (!input.haveV4 && v4cidr.toLowerCase() !== 'none') {
    const cidr = v4cidr !== '' ? v4cidr : input.kubeadm?.podSubnetV4 ?? defaultV4Cidr(input.hostAddrs);
    const parsed = parseCidr(cidr);
    if (!parsed || parsed.version !== 4) throw new CommandError(`Invalid CIDR specified in CALICO_IPV4POOL_CIDR '${cidr}'`);
    const blockSize = blockSizeVar('CALICO_IPV4POOL_BLOCK_SIZE', env.CALICO_IPV4POOL_BLOCK_SIZE, 26, 20, 32);
    const spec: Record<string, unknown> = {
      cidr,
      blockSize,
      ipipMode: encapMode('CALICO_IPV4POOL_IPIP', env.CALICO_IPV4POOL_IPIP),
      vxlanMode: encapMode('CALICO_IPV4POOL_VXLAN', env.CALICO_IPV4POOL_VXLAN),
      natOutgoing: boolVar(env.CALICO_IPV4POOL_NAT_OUTGOING, true),
      nodeSelector: env.CALICO_IPV4POOL_NODE_SELECTOR || 'all()',
    };
    if (boolVar(env.CALICO_IPV4POOL_DISABLE_BGP_EXPORT, false)) spec.disableBGPExport = true;
    out.push({ name: 'default-ipv4-ippool', spec });
  }
  if (!input.haveV6 && input.ipv6Supported && v6cidr.toLowerCase() !== 'none') {
    const cidr = v6cidr !== '' ? v6cidr : input.kubeadm?.podSubnetV6 ?? randomULA();
    const parsed = parseCidr(cidr);
    if (!parsed || parsed.version !== 6) throw new CommandError(`Invalid CIDR specified in CALICO_IPV6POOL_CIDR '${cidr}'`);
    const blockSize = blockSizeVar('CALICO_IPV6POOL_BLOCK_SIZE', env.CALICO_IPV6POOL_BLOCK_SIZE, 122, 116, 128);
    const spec: Record<string, unknown> = {
      cidr,
      blockSize,
      ipipMode: 'Never',
      vxlanMode: encapMode('CALICO_IPV6POOL_VXLAN', env.CALICO_IPV6POOL_VXLAN),
      natOutgoing: boolVar(env.CALICO_IPV6POOL_NAT_OUTGOING, false),
      nodeSelector: env.CALICO_IPV6POOL_NODE_SELECTOR || 'all()',
    };
    if (boolVar(env.CALICO_IPV6POOL_DISABLE_BGP_EXPORT, false)) spec.disableBGPExport = true;
    out.push({ name: 'default-ipv6-ippool', spec });
  }
  return out;
}

function blockSizeVar(name: string, v: string | undefined, dflt: number, min: number, max: number): number {
  if (v === undefined || v === '') return dflt;
  const n = /^\d+$/.test(v) ? Number(v) : NaN;
  if (!(n >= min && n <= max)) throw new CommandError(`${name} ${v} is not a valid block size (must be between ${min} and ${max})`);
  return n;
}

