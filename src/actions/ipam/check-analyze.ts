/**
 * `ipam check` itself: from the gathered data, every allocation with its owners, and the
 * problems (leaked addresses, in-use addresses outside pools or without allocation, leaked
 * handles), as the report text and the JSON report.
 */
import { cidrContains, formatCidr, parseIP } from '../../ipam/cidr.js';
import { ordinalIP } from '../../ipam/block.js';
import type { CheckData } from './check-data.js';
import { blockHost } from './read.js';

const WINDOWS_HANDLE = 'windows-reserved-ipam-handle';

export interface Allocation {
  ip: string;
  block: string;
  handle?: string;
  sequenceNumber?: bigint;
  attrs: Record<string, string>;
  alternate?: Record<string, string>;
  inUse: boolean;
  borrowed: boolean;
  coolingDown: boolean;
  owners: string[];
}

export interface CheckOptions {
  showAllIPs: boolean;
  showProblemIPs: boolean;
}

export interface CheckResult {
  text: string;
  allocations: Allocation[];
  leakedHandles: Array<{ id: string; revision: string }>;
  problems: number;
}

const attrText = (a: Record<string, string>): string =>
  Object.keys(a)
    .sort()
    .map((k) => `${k}=${a[k]}`)
    .join(',');

function describe(a: Allocation): string {
  let s = `attrs Main:${a.handle ?? '<none>'} Extra:${attrText(a.attrs)}`;
  if (a.alternate && Object.keys(a.alternate).length > 0) s += ` Alternate:${attrText(a.alternate)}`;
  return s;
}

export function analyze(data: CheckData, opts: CheckOptions): CheckResult {
  const showProblems = opts.showProblemIPs || opts.showAllIPs;
  const out: string[] = ['Checking IPAM for inconsistencies...', '', 'Loading all IPAM blocks...'];

  // Allocations recorded in blocks.
  const allocations: Allocation[] = [];
  const blockLines: string[] = [];
  for (const { block } of data.blocks) {
    blockLines.push(` IPAM block ${block.cidr} affinity=${block.affinity ?? '<none>'}:`);
    const host = blockHost(block);
    block.allocations.forEach((idx, ord) => {
      if (idx === null) return;
      const attr = block.attributes[idx] ?? {};
      const attrs = { ...(attr.secondary ?? {}) };
      const a: Allocation = {
        ip: ordinalIP(block, ord),
        block: block.cidr,
        attrs,
        inUse: false,
        borrowed: attrs.node !== undefined && attrs.node !== host,
        coolingDown: attr.releasedAt !== undefined,
        owners: [],
      };
      if (attr.handle_id !== undefined) a.handle = attr.handle_id;
      if (attr.alternateOwnerAttrs) a.alternate = { ...attr.alternateOwnerAttrs };
      const seq = block.sequenceNumberForAllocation[String(ord)];
      if (seq !== undefined) a.sequenceNumber = seq;
      allocations.push(a);
      if (opts.showAllIPs) blockLines.push(`  ${a.ip} allocated; ${describe(a)}`);
    });
  }
  out.push(`Found ${data.blocks.length} IPAM blocks.`, ...blockLines, `IPAM blocks record ${allocations.length} allocations.`, '');

  out.push('Loading all IPAM pools...', ...data.activePools.map((p) => `  ${formatCidr(p.cidr)}`));
  out.push(`Found ${data.activePools.length} active IP pools.`, '');

  out.push('Loading all nodes.', `Found ${count(data.nodeIPs)} node tunnel IPs.`, '');
  out.push('Loading all service load balancer IPs.');
  if (data.serviceIPs === undefined) out.push('No configuration for LoadBalancer kubecontroller found, skipping service check');
  else out.push(`Found ${count(data.serviceIPs)} service load balancer(s).`);
  out.push('', 'Loading all workload endpoints.', `Found ${count(data.workloadIPs)} workload IPs.`);

  const inUse = new Map<string, string[]>();
  for (const m of [data.nodeIPs, data.serviceIPs ?? new Map<string, string[]>(), data.workloadIPs]) {
    for (const [ip, owners] of m) inUse.set(ip, [...(inUse.get(ip) ?? []), ...owners]);
  }
  out.push(`Workloads and nodes are using ${inUse.size} IPs.`, '');

  // Handles and the busiest nodes.
  out.push('Loading all handles', 'Looking for top (up to 20) nodes by allocations...');
  const perNode = new Map<string, number>();
  for (const a of allocations) if (a.attrs.node) perNode.set(a.attrs.node, (perNode.get(a.attrs.node) ?? 0) + 1);
  const ranked = [...perNode].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  for (const [node, n] of ranked.slice(0, 20)) out.push(`  ${node} has ${n} allocations`);
  if (ranked.length > 0) {
    const counts = ranked.map(([, n]) => n).sort((x, y) => x - y);
    out.push(`Node with most allocations has ${ranked[0]![1]}; median is ${counts[Math.floor(counts.length / 2)]!}`);
  }
  out.push('');

  // 1. Allocated but not in use.
  out.push('Scanning for IPs that are allocated but not actually in use...');
  const allocatedIPs = new Set<string>();
  let leaked = 0;
  for (const a of allocations) {
    allocatedIPs.add(a.ip);
    a.owners = inUse.get(a.ip) ?? [];
    a.inUse = a.owners.length > 0;
    if (a.inUse || a.coolingDown || a.handle === WINDOWS_HANDLE) continue;
    leaked++;
    if (showProblems) out.push(`  ${a.ip} leaked; ${describe(a)}`);
  }
  out.push(`Found ${leaked} IPs that are allocated in IPAM but not actually in use.`);

  // 2 and 3. In use but not allocated.
  out.push('Scanning for IPs that are in use by a workload or node but not allocated in IPAM...');
  let outsidePools = 0;
  let unallocated = 0;
  for (const [ip, owners] of inUse) {
    if (owners.length > 1 && showProblems) out.push(`  ${ip} has multiple owners.`);
    if (allocatedIPs.has(ip)) continue;
    const parsed = parseIP(ip)!;
    const inPool = data.activePools.some((p) => cidrContains(p.cidr, parsed.version, parsed.value));
    for (const owner of owners) {
      if (!inPool) {
        outsidePools++;
        if (showProblems) out.push(`  ${ip} in use by ${owner} is not in any active IP pool.`);
      } else {
        unallocated++;
        if (showProblems) out.push(`  ${ip} in use by ${owner} and in active IPAM pool but has no IPAM allocation.`);
      }
    }
  }
  out.push(`Found ${outsidePools} in-use IPs that are not in active IP pools.`);
  out.push(`Found ${unallocated} in-use IPs that are in active IP pools but have no corresponding IPAM allocation.`, '');

  // 4. Handles nothing references, and handles referenced but missing.
  out.push('Scanning for IPAM handles with no matching IPs...');
  const referenced = new Set(allocations.map((a) => a.handle).filter((h): h is string => h !== undefined));
  const leakedHandles = data.handles.filter((h) => !referenced.has(h.id));
  if (showProblems) for (const h of leakedHandles) out.push(`  ${h.id} doesn't have any active IPs.`);
  out.push(`Found ${leakedHandles.length} handles with no matching IPs (and ${data.handles.length - leakedHandles.length} handles with matches).`);
  out.push('Scanning for IPs with missing handle...');
  const existing = new Set(data.handles.map((h) => h.id));
  const missing = [...referenced].filter((h) => !existing.has(h)).sort();
  if (showProblems) for (const h of missing) out.push(`  ${h} is in use in a block but doesn't exist.`);
  out.push(`Found ${missing.length} handles mentioned in blocks with no matching handle resource.`);

  const problems = leaked + outsidePools + unallocated + leakedHandles.length;
  out.push(`Check complete; found ${problems} problems.`);
  return {
    text: out.map((l) => `${l}\n`).join(''),
    allocations,
    leakedHandles: leakedHandles.map((h) => ({ id: h.id, revision: h.rev })),
    problems,
  };
}

const count = (m: Map<string, string[]>): number => m.size;
