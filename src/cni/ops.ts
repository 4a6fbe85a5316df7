/** ADD / DEL / CHECK against the IPAM library (imported lazily by main.ts). */
import { clientConfigFromEnv } from './datastore-env.js';
import { openIpamLight, IpamNotFoundError, type IpamClient } from '../ipam/index.js';
import type { ClientConfig } from '../datastore/config.js';
import { CNI_ERR, CniError } from './errors.js';
import { parseCniArgs, type IpamNetConf } from './netconf.js';
import { addResult } from './result.js';

export interface CniInvocation {
  command: 'ADD' | 'DEL' | 'CHECK';
  containerId: string;
  ifName: string;
  args: string | undefined;
  conf: IpamNetConf;
}

/** Calico's handle ID for a container's addresses: `<network name>.<containerID>`. */
export function handleIdFor(netName: string, containerId: string): string {
  return `${netName}.${containerId}`;
}

/** Go's time.Time.String() for a UTC time: `2026-11-21 16:31:51.123 +0000 UTC`. */
function goTimeString(d: Date): string {
  const iso = d.toISOString();
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? `.${frac}` : ''} +0000 UTC`;
}

/** An open IPAM client and how to give it back: `close(failed)` with failed = the operation threw. */
export interface OpenedIpam {
  client: IpamClient;
  close(failed: boolean): Promise<void>;
}

/** Where operations get their IPAM client: by default one is opened and closed per operation. */
export interface IpamClientSource {
  open(cfg: ClientConfig): Promise<OpenedIpam>;
}

/** Where each node's latest ADD allocated (block CIDRs), to read those blocks early (daemon/block-hints.ts). */
export interface BlockHints {
  get(node: string): readonly string[] | undefined;
  set(node: string, blocks: readonly string[]): void;
}

export interface OperationOptions {
  /** E.g. the daemon's clients kept open across requests (daemon/clients.ts). */
  clients?: IpamClientSource;
  /** Kept across operations by the daemon; without it an ADD finds the node's block by reading its affinities first. */
  hints?: BlockHints;
}

const perOperation: IpamClientSource = {
  async open(cfg) {
    const ipam = await openIpamLight(cfg);
    return { client: ipam.client, close: () => ipam.close() };
  },
};

async function withClient<T>(conf: IpamNetConf, source: IpamClientSource, fn: (c: IpamClient) => Promise<T>): Promise<T> {
  const cfg = clientConfigFromEnv(conf.datastoreEnv);
  let ipam: OpenedIpam;
  try {
    ipam = await source.open(cfg);
  } catch (e) {
    throw new CniError(CNI_ERR.INVALID_NETWORK_CONFIG, `invalid datastore configuration: ${(e as Error).message}`);
  }
  let failed = true;
  try {
    // One operation view per invocation: each key is read once unless a write needs it afresh.
    const r = await fn(ipam.client.forOperation());
    failed = false;
    return r;
  } finally {
    await ipam.close(failed).catch(() => undefined);
  }
}

async function add(inv: CniInvocation, c: IpamClient, hints: BlockHints | undefined): Promise<string> {
  const { conf } = inv;
  const handleId = handleIdFor(conf.name, inv.containerId);
  // Idempotent: a container that already has addresses gets the same ones back. The handle is
  // read together with what an allocation starts from (config, reservations, node, pools, the
  // node's affinities, the blocks its latest ADD used): one round of reads sent together
  // instead of one read after another.
  const versions = [...(conf.assignIPv4 ? [4 as const] : []), ...(conf.assignIPv6 ? [6 as const] : [])];
  const inputs = c.assignInputs(conf.nodename, { affinities: versions, blocks: hints?.get(conf.nodename) });
  inputs.catch(() => undefined); // only awaited (and its failure reported) when allocating
  const existing = await c.ipsByHandle(handleId).catch((e: unknown) => {
    if (e instanceof IpamNotFoundError) return [];
    throw e;
  });
  if (existing.length > 0) return addResult(conf.cniVersion, existing);
  const cniArgs = parseCniArgs(inv.args);
  const attrs: Record<string, string> = { node: conf.nodename, timestamp: goTimeString(new Date()) };
  if (cniArgs.K8S_POD_NAMESPACE) attrs.namespace = cniArgs.K8S_POD_NAMESPACE;
  if (cniArgs.K8S_POD_NAME) attrs.pod = cniArgs.K8S_POD_NAME;
  const num4 = conf.assignIPv4 ? 1 : 0;
  const num6 = conf.assignIPv6 ? 1 : 0;
  const r = await c.autoAssign({
    num4,
    num6,
    handleId,
    attrs,
    hostname: conf.nodename,
    ipv4Pools: conf.ipv4Pools,
    ipv6Pools: conf.ipv6Pools,
    intendedUse: 'Workload',
    inputs: await inputs,
  });
  if (r.ipv4.length < num4 || r.ipv6.length < num6) {
    await c.releaseByHandle(handleId).catch(() => undefined);
    const which = r.ipv4.length < num4 ? 'IPv4' : 'IPv6';
    throw new CniError(CNI_ERR.INTERNAL, `failed to request 1 ${which} address(es); IPAM allocated none`, r.msgs.join('; '));
  }
  hints?.set(conf.nodename, [...new Set([...r.ipv4, ...r.ipv6].map((a) => a.block))]);
  return addResult(conf.cniVersion, [...r.ipv4, ...r.ipv6].map((a) => a.address));
}

async function del(inv: CniInvocation, c: IpamClient): Promise<string> {
  await c.releaseByHandle(handleIdFor(inv.conf.name, inv.containerId)).catch((e: unknown) => {
    if (!(e instanceof IpamNotFoundError)) throw e;
  });
  return '';
}

async function check(inv: CniInvocation, c: IpamClient): Promise<string> {
  const handleId = handleIdFor(inv.conf.name, inv.containerId);
  const ips = await c.ipsByHandle(handleId).catch((e: unknown) => {
    if (e instanceof IpamNotFoundError) return [];
    throw e;
  });
  const v4 = ips.filter((a) => !a.includes(':')).length;
  const v6 = ips.length - v4;
  if ((inv.conf.assignIPv4 && v4 === 0) || (inv.conf.assignIPv6 && v6 === 0)) {
    throw new CniError(CNI_ERR.INTERNAL, `no IP addresses are allocated for handle ${handleId}`);
  }
  return '';
}

export async function runOperation(inv: CniInvocation, opts: OperationOptions = {}): Promise<string> {
  return withClient(inv.conf, opts.clients ?? perOperation, (c) => (inv.command === 'ADD' ? add(inv, c, opts.hints) : inv.command === 'DEL' ? del(inv, c) : check(inv, c)));
}
