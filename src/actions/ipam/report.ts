/**
 * The `ipam check -o` report: Go's MarshalIndent layout (2 spaces, map keys sorted, omitempty
 * fields dropped), with uint64 sequence numbers written and read back without losing digits.
 */
import { CLIENT_VERSION } from '../../version.js';
import type { Allocation } from './check-analyze.js';
import type { ClusterFacts } from './check-data.js';

export interface ReportAllocation {
  ip: string;
  handle?: string;
  sequenceNumber?: bigint;
  pod?: string;
  namespace?: string;
  node?: string;
  type?: string;
  creationTimestamp?: string;
  inUse: boolean;
  borrowed?: boolean;
  coolingDown?: boolean;
  owners?: string[];
}

export interface ReportHandle {
  ID: string;
  UID?: string;
  Revision: string;
}

export interface Report {
  version: string;
  clusterGUID: string;
  datastoreLocked: boolean;
  clusterInformationRevision: string;
  clusterType: string;
  allocations: Record<string, ReportAllocation[]>;
  leakedHandles: ReportHandle[];
}

export function buildReport(
  cluster: ClusterFacts,
  allocations: readonly Allocation[],
  leakedHandles: ReadonlyArray<{ id: string; revision: string }>,
): Report {
  const byIP: Record<string, ReportAllocation[]> = {};
  for (const a of allocations) {
    // Field order of calicoctl's report struct; optional fields only when set.
    const r = {
      ip: a.ip,
      handle: a.handle || undefined,
      sequenceNumber: a.sequenceNumber,
      pod: a.attrs.pod || undefined,
      namespace: a.attrs.namespace || undefined,
      node: a.attrs.node || undefined,
      type: a.attrs.type || undefined,
      creationTimestamp: a.attrs.timestamp || undefined,
      inUse: a.inUse,
      borrowed: a.borrowed || undefined,
      coolingDown: a.coolingDown || undefined,
      owners: a.owners.length > 0 ? [...a.owners] : undefined,
    } satisfies ReportAllocation;
    (byIP[a.ip] ??= []).push(r);
  }
  return {
    version: CLIENT_VERSION,
    clusterGUID: cluster.guid,
    datastoreLocked: cluster.locked,
    clusterInformationRevision: cluster.revision,
    clusterType: cluster.type,
    allocations: byIP,
    leakedHandles: leakedHandles.map((h) => ({ ID: h.id, Revision: h.revision })),
  };
}

/** JSON with 2-space indentation; bigints as plain numbers; object keys of maps sorted. */
function write(v: unknown, indent: string, sortKeys: boolean): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v !== 'object') return JSON.stringify(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + write(x, inner, false)).join(',\n')}\n${indent}]`;
  }
  let keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined);
  if (sortKeys) keys = keys.sort();
  if (keys.length === 0) return '{}';
  return `{\n${keys
    .map((k) => `${inner}${JSON.stringify(k)}: ${write((v as Record<string, unknown>)[k], inner, k === 'allocations')}`)
    .join(',\n')}\n${indent}}`;
}

export function encodeReport(r: Report): string {
  return write(r, '', false);
}

/** Parses a report, keeping sequence numbers exact. */
export function decodeReport(text: string): Report {
  const quoted = text.replace(/"sequenceNumber"\s*:\s*(\d+)/g, '"sequenceNumber":"$1"');
  const o = JSON.parse(quoted) as Report & { allocations?: Record<string, Array<ReportAllocation & { sequenceNumber?: unknown }>> };
  for (const list of Object.values(o.allocations ?? {})) {
    for (const a of list) if (a.sequenceNumber !== undefined) a.sequenceNumber = BigInt(a.sequenceNumber as unknown as string);
  }
  return { ...o, allocations: o.allocations ?? {}, leakedHandles: o.leakedHandles ?? [] };
}
