/**
 * IpamClient: Calico's IP address management as a library, over an IpamKV (the IPAM keys) and
 * IpamResources (pools, reservations, node labels). See ./index.ts for the overview.
 */
import { blockOf, cidrContains, formatCidr, parseCidr, type Cidr } from './cidr.js';
import { assignOrdinal, ordinalIP } from './block.js';
import { assignAddresses, type AssignedIP } from './assign.js';
import { claimBlock, listAffinities, releaseBlockAffinity } from './affinity.js';
import { blockWrite, getBlock, listBlocks, type StoredBlock } from './blockio.js';
import { getHandle, handleDelta } from './handles.js';
import { ipsByHandle, releaseByHandle, releaseIPs, releaseIPsIfUnchanged, type ReleaseOptions } from './release.js';
import { locateIPs } from './locate.js';
import {
  CONFIG_KEY,
  DEFAULT_IPAM_CONFIG,
  HANDLE_PREFIX,
  decodeConfig,
  decodeHandle,
  encodeConfig,
  type AffinityOwner,
  type HandleValue,
  type IPAMConfig,
} from './model.js';
import type { KVWrite } from './kv.js';
import { RETRY, withRetries, type IpamContext } from './context.js';
import { IpamError, IpamNotFoundError } from './errors.js';
import type { IntendedUse } from './pools.js';
import type { IpamKV } from './kv.js';
import type { IpamPool, IpamResources } from './resources.js';
import { OperationKV } from './opkv.js';

export interface AutoAssignArgs {
  num4: number;
  num6: number;
  handleId?: string;
  /** Secondary attributes stored with the allocation (e.g. namespace, pod, node). */
  attrs?: Record<string, string>;
  /** The node the addresses are for (affinity `host:<hostname>`). */
  hostname: string;
  /** Pool names or CIDRs to use instead of the node's selected pools. */
  ipv4Pools?: string[];
  ipv6Pools?: string[];
  intendedUse: IntendedUse;
  /** Per-request block cap (the smaller of this and the config's non-zero value applies). */
  maxBlocksPerHost?: number;
  /** What assignInputs returned for this hostname, read earlier in the same operation. */
  inputs?: AssignInputs;
}

/** What IpamClient.assignInputs reads along with the inputs (see there). */
export interface AssignPrefetch {
  affinities?: ReadonlyArray<4 | 6>;
  /** Block CIDRs, e.g. `10.0.0.64/26`. */
  blocks?: readonly string[];
}

/** The reads every autoAssign starts with (see IpamClient.assignInputs). */
export interface AssignInputs {
  cfg: IPAMConfig;
  reservations: Cidr[];
  /** The node's labels ({} when the Node does not exist). */
  labels: Record<string, string>;
  pools: IpamPool[];
}

export interface AutoAssignResult {
  ipv4: AssignedIP[];
  ipv6: AssignedIP[];
  /** Why fewer addresses than requested were assigned, if they were. */
  msgs: string[];
}

export interface AssignIPArgs {
  handleId?: string;
  attrs?: Record<string, string>;
  hostname: string;
}

export interface AssignmentAttributes {
  handleId?: string;
  attrs: Record<string, string>;
  alternateOwnerAttrs?: Record<string, string>;
  /** The block the address is in, and its affinity. */
  block: string;
  affinity: string | null;
}

export class IpamClient {
  readonly ctx: IpamContext;

  constructor(kv: IpamKV, res: IpamResources) {
    this.ctx = { kv, res };
  }

  /**
   * A client for one operation (e.g. one CNI ADD) on the same store: keys it reads are read once
   * and reused until a write touches them or a compare-and-swap fails (opkv.ts). Use it for one
   * operation only, then drop it.
   */
  forOperation(): IpamClient {
    const base = this.ctx.kv instanceof OperationKV ? this.ctx.kv.inner : this.ctx.kv;
    return new IpamClient(new OperationKV(base), this.ctx.res);
  }

  // ---- configuration ----------------------------------------------------------------------

  /** The config at `/calico/ipam/v2/config`, or the defaults when it is not set. */
  async getIPAMConfig(): Promise<IPAMConfig> {
    const p = await this.ctx.kv.get(CONFIG_KEY);
    return p ? decodeConfig(p.value) : { ...DEFAULT_IPAM_CONFIG };
  }

  async setIPAMConfig(cfg: IPAMConfig): Promise<void> {
    await withRetries('set IPAM config', async () => {
      const p = await this.ctx.kv.get(CONFIG_KEY);
      return (await this.ctx.kv.put(CONFIG_KEY, encodeConfig(cfg), p ? { rev: p.rev } : { create: true })) ? undefined : RETRY;
    });
  }

  // ---- allocation -------------------------------------------------------------------------

  /**
   * Assigns `num4` IPv4 and `num6` IPv6 addresses to the node. Returns what it got: fewer than
   * asked when the pools are exhausted (with the reason in `msgs`). Throws IpamError for
   * requested pools that do not exist or are disabled, BlockLimitError at maxBlocksPerHost.
   */
  async autoAssign(a: AutoAssignArgs): Promise<AutoAssignResult> {
    const { cfg, reservations, labels, pools } = a.inputs ?? (await this.assignInputs(a.hostname));
    const owner: AffinityOwner = { type: 'host', name: a.hostname };
    const common = { handleId: a.handleId, attrs: a.attrs, owner, intendedUse: a.intendedUse, maxBlocksPerHost: a.maxBlocksPerHost };
    const v4 = await assignAddresses(this.ctx, { ...common, num: a.num4, version: 4, pools: a.ipv4Pools }, cfg, reservations, labels, pools);
    const v6 = await assignAddresses(this.ctx, { ...common, num: a.num6, version: 6, pools: a.ipv6Pools }, cfg, reservations, labels, pools);
    return { ipv4: v4.ips, ipv6: v6.ips, msgs: [...v4.msgs, ...v6.msgs] };
  }

  /**
   * The IPAM config, IP reservations, the node's labels and the pools, read in parallel: what
   * autoAssign starts from. On a forOperation client, `prefetch` reads more in the same go for
   * autoAssign to find in memory: the node's affinities of those IP versions, and blocks the
   * caller expects to allocate from (e.g. those its previous allocation on the node used; a
   * guess, never trusted: what is read is checked as always, and writes are CAS on it).
   */
  async assignInputs(hostname: string, prefetch: AssignPrefetch = {}): Promise<AssignInputs> {
    const owner: AffinityOwner = { type: 'host', name: hostname };
    const blocks = (prefetch.blocks ?? []).map((b) => parseCidr(b)).filter((c): c is Cidr => c !== undefined);
    const [[cfg, reservations, labels, pools]] = await Promise.all([
      Promise.all([this.getIPAMConfig(), this.ctx.res.reservations(), this.ctx.res.nodeLabels(hostname), this.ctx.res.pools()]),
      Promise.all((prefetch.affinities ?? []).map((v) => listAffinities(this.ctx, owner, v))),
      Promise.all(blocks.map((c) => getBlock(this.ctx, c))),
    ]);
    return { cfg, reservations, labels: labels ?? {}, pools };
  }

  /**
   * Assigns one specific address. It must be in a pool; when its block does not exist yet, the
   * block is claimed for `hostname`. IpamError when it is already assigned.
   */
  async assignIP(ip: string, a: AssignIPArgs): Promise<AssignedIP> {
    const [loc] = await locateIPs(this.ctx, [ip]);
    const pools = await this.ctx.res.pools();
    if (!loc || !pools.some((p) => cidrContains(p.cidr, loc.version, loc.value))) {
      throw new IpamError(`the provided IP address ${ip} is not in a configured pool`);
    }
    if (!(await getBlock(this.ctx, loc.block))) {
      // Claim it for the host; losing the race to another owner is fine (the block exists then).
      await claimBlock(this.ctx, { type: 'host', name: a.hostname }, loc.block);
    }
    const cidrText = formatCidr(loc.block);
    await withRetries(`assign ${ip}`, async () => {
      const sb = await getBlock(this.ctx, loc.block);
      if (!sb) throw new IpamError(`block ${cidrText} for ${ip} could not be created`);
      if (!assignOrdinal(sb.block, loc.ordinal, a.handleId, a.attrs)) throw new IpamError(`Address already assigned in block: ${ip}`);
      // Handle first, then the block (the order Calico writes them; see kubekv.ts).
      const writes: KVWrite[] = a.handleId !== undefined ? [await handleDelta(this.ctx, a.handleId, cidrText, 1)] : [];
      writes.push(blockWrite(sb));
      if (await this.ctx.kv.commit(writes)) return undefined;
      return RETRY;
    });
    const canonical = ordinalIP({ cidr: cidrText } as never, loc.ordinal);
    return { ip: canonical, address: `${canonical}/${loc.block.prefix}`, block: cidrText };
  }

  // ---- release and lookup -----------------------------------------------------------------

  /**
   * Releases addresses; returns those that were not allocated (not an error). An address given
   * with a handle or sequence number the stored allocation does not have fails its block with
   * ReleaseConflictError (nothing released in that block; other blocks are released).
   */
  releaseIPs(ips: readonly (string | ReleaseOptions)[]): Promise<string[]> {
    return releaseIPs(this.ctx, ips);
  }

  /** Releases the addresses still allocated as described; returns those not released. */
  releaseIPsIfUnchanged(items: readonly ReleaseOptions[]): Promise<string[]> {
    return releaseIPsIfUnchanged(this.ctx, items);
  }

  /**
   * Releases every address of the handle (with `sequenceNumber`: only those allocated at it) and
   * deletes the handle once empty; returns the released addresses. IpamNotFoundError if absent.
   */
  releaseByHandle(handleId: string, opts: { sequenceNumber?: bigint } = {}): Promise<string[]> {
    return releaseByHandle(this.ctx, handleId, opts);
  }

  /** The handle's addresses as `ip/blockprefix`. IpamNotFoundError if the handle does not exist. */
  ipsByHandle(handleId: string): Promise<string[]> {
    return ipsByHandle(this.ctx, handleId);
  }

  /** Who holds `ip`. IpamNotFoundError when it is not assigned. */
  async getAssignmentAttributes(ip: string): Promise<AssignmentAttributes> {
    const [loc] = await locateIPs(this.ctx, [ip]);
    const sb = loc && (await getBlock(this.ctx, loc.block));
    const idx = sb?.block.allocations[loc!.ordinal];
    if (!sb || idx === null || idx === undefined) throw new IpamNotFoundError(`${ip} is not assigned`);
    const attr = sb.block.attributes[idx] ?? {};
    const out: AssignmentAttributes = { attrs: { ...(attr.secondary ?? {}) }, block: sb.block.cidr, affinity: sb.block.affinity };
    if (attr.handle_id !== undefined) out.handleId = attr.handle_id;
    if (attr.alternateOwnerAttrs) out.alternateOwnerAttrs = { ...attr.alternateOwnerAttrs };
    return out;
  }

  // ---- affinities -------------------------------------------------------------------------

  /**
   * Claims every block of `cidr` (a block, or a range inside one pool split by its block size)
   * for the host. Returns the blocks claimed and those another owner already has.
   */
  async claimAffinity(cidr: string, hostname: string): Promise<{ claimed: string[]; failed: string[] }> {
    const c = parseCidr(cidr);
    if (!c) throw new IpamError(`invalid CIDR: ${cidr}`);
    const pool = (await this.ctx.res.pools()).find((p) => cidrContains(p.cidr, c.version, c.base));
    if (!pool) throw new IpamError(`the requested CIDR (${cidr}) is not within any configured pool`);
    const blocks: Cidr[] = [];
    if (c.prefix >= pool.blockSize) blocks.push(blockOf(c.version, c.base, pool.blockSize));
    else {
      const n = 1n << BigInt(pool.blockSize - c.prefix);
      for (let i = 0n; i < n; i++) blocks.push(blockOf(c.version, c.base + (i << BigInt((c.version === 4 ? 32 : 128) - pool.blockSize)), pool.blockSize));
    }
    const out = { claimed: [] as string[], failed: [] as string[] };
    for (const b of blocks) {
      (await claimBlock(this.ctx, { type: 'host', name: hostname }, b) ? out.claimed : out.failed).push(formatCidr(b));
    }
    return out;
  }

  /**
   * Releases the host's affinity for block `cidr` (the block is deleted when empty, else left
   * un-affined). With `requireEmpty`, a non-empty block is refused with IpamError.
   */
  async releaseAffinity(cidr: string, hostname: string, requireEmpty = false): Promise<void> {
    const c = parseCidr(cidr);
    if (!c) throw new IpamError(`invalid CIDR: ${cidr}`);
    await releaseBlockAffinity(this.ctx, { type: 'host', name: hostname }, c, { requireEmpty });
  }

  /** Releases every affinity of the host (both versions). */
  async releaseHostAffinities(hostname: string, requireEmpty = false): Promise<void> {
    const owner: AffinityOwner = { type: 'host', name: hostname };
    for (const v of [4, 6] as const) {
      for (const a of await listAffinities(this.ctx, owner, v)) {
        await releaseBlockAffinity(this.ctx, owner, a.cidr, { requireEmpty }).catch((e: unknown) => {
          if (!(e instanceof IpamError)) throw e;
        });
      }
    }
  }

  // ---- raw views (for ipam show/check and migration) ---------------------------------------

  listBlocks(version: 4 | 6): Promise<StoredBlock[]> {
    return listBlocks(this.ctx, version);
  }

  listAffinities(hostname: string, version: 4 | 6) {
    return listAffinities(this.ctx, { type: 'host', name: hostname }, version);
  }

  /** Every handle, keyed by handle ID, with its revision. */
  async listHandles(): Promise<Array<{ handleId: string; rev: string; value: HandleValue }>> {
    return (await this.ctx.kv.list(HANDLE_PREFIX)).map((p) => ({
      handleId: p.key.slice(HANDLE_PREFIX.length),
      rev: p.rev,
      value: decodeHandle(p.value),
    }));
  }

  getHandle(handleId: string): Promise<HandleValue | undefined> {
    return getHandle(this.ctx, handleId);
  }
}

