/** `ipam release`: one address (--ip), or what check reports found leaked (--from-report). */
import { readFileSync } from 'node:fs';
import { CommandError, messageOf } from '../../errors.js';
import { parseIP } from '../../ipam/cidr.js';
import { handleKey } from '../../ipam/model.js';
import type { IpamClient } from '../../ipam/client.js';
import { CLIENT_VERSION } from '../../version.js';
import { StdoutError } from '../base-command.js';
import type { ClientFlags } from '../client.js';
import { stdout } from '../output.js';
import { readClusterInformation } from '../datastore/lock.js';
import { withIpam } from './open.js';
import { decodeReport, type Report, type ReportAllocation } from './report.js';

export interface ReleaseFlags extends ClientFlags {
  ip?: string;
  'from-report'?: string[];
  force?: boolean;
}

async function releaseOne(ipam: IpamClient, ip: string): Promise<void> {
  const unallocated = await ipam.releaseIPs([ip]);
  if (unallocated.length > 0) throw new CommandError(`IP address ${ip} is not assigned`);
  await stdout(`Successfully released IP address ${ip}\n`);
}

function loadReport(file: string): Report {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CommandError(`failed to read report file ${file}: ${messageOf(e)}`);
  }
  try {
    return decodeReport(text);
  } catch (e) {
    throw new CommandError(`failed to parse report file ${file}: ${messageOf(e)}`);
  }
}

const allocationKey = (a: ReportAllocation): string => `${a.ip}|${a.handle ?? ''}|${a.sequenceNumber ?? ''}`;

function leakedIn(r: Report): Map<string, ReportAllocation> {
  const out = new Map<string, ReportAllocation>();
  for (const list of Object.values(r.allocations)) {
    for (const a of list) if (!a.inUse && !a.coolingDown) out.set(allocationKey(a), a);
  }
  return out;
}

/** Entries present in every map (by key), taken from the first. */
function intersect<T>(maps: ReadonlyArray<Map<string, T>>): T[] {
  const [first, ...rest] = maps;
  return [...(first ?? new Map<string, T>())].filter(([k]) => rest.every((m) => m.has(k))).map(([, v]) => v);
}

async function releaseFromReports(ipam: IpamClient, files: readonly string[], flags: ReleaseFlags, ds: Parameters<typeof readClusterInformation>[0]): Promise<void> {
  const reports = files.map((f) => ({ file: f, report: loadReport(f) }));
  const info = await readClusterInformation(ds);
  const guid = typeof info?.spec?.clusterGUID === 'string' ? info.spec.clusterGUID : '';
  const warnings: string[] = [];
  for (const { file, report } of reports) {
    if (report.clusterGUID !== guid) {
      throw new CommandError(`cluster does not match the provided report (${file}): mismatched cluster GUID. Refusing to release`);
    }
    if (report.version !== CLIENT_VERSION) {
      if (!flags.force) {
        throw new CommandError(
          `the provided report (${file}) was produced using a different version (${report.version}) of calicoctl. Refusing to release`,
        );
      }
      warnings.push('WARNING: Report was produced using a different version of calicoctl. Ignoring due to --force option');
    }
  }
  if (!reports.some(({ report }) => report.clusterInformationRevision === info?.metadata.resourceVersion)) {
    throw new CommandError(
      'the provided reports are all stale - at least one should be up-to-date. Please generate a new report while the data store is locked and try again',
    );
  }
  if (info?.spec?.datastoreReady !== false) {
    if (!flags.force) throw new CommandError('data store is not locked. Either lock the data store, or re-run with --force');
    warnings.push('WARNING: Data store is not locked. Ignoring due to --force option');
  }
  if (warnings.length > 0) await stdout(warnings.map((w) => `${w}\n`).join(''));

  const leaked = intersect(reports.map(({ report }) => leakedIn(report)));
  if (leaked.length === 0) await stdout("Report didn't contain any leaked IPs to clean up.\n");
  else {
    await stdout(`Releasing ${leaked.length} old IPs...\n`);
    // Only while each address is still the allocation the reports saw (same handle and sequence number).
    const notReleased = await ipam.releaseIPsIfUnchanged(
      leaked.map((a) => ({ address: a.ip, handleId: a.handle, sequenceNumber: a.sequenceNumber })),
    );
    const released = leaked.length - notReleased.length;
    let text = `Released ${released} IPs successfully\n`;
    if (released < leaked.length) text += `${leaked.length - released} addresses marked as leaked in the report had already been cleaned up.\n`;
    await stdout(text);
  }

  const handles = intersect(
    reports.map(({ report }) => new Map(report.leakedHandles.map((h) => [`${h.ID}|${h.UID ?? ''}|${h.Revision}`, h]))),
  );
  if (handles.length > 0) {
    await stdout(`Deleting ${handles.length} handles...\nKey: '.' = Deleted OK; 'x' = skip, handle missing/changed.\n`);
    let progress = '';
    let ok = 0;
    let skipped = 0;
    let errors = 0;
    for (const h of handles) {
      try {
        const current = await ipam.ctx.kv.get(handleKey(h.ID));
        if (current && current.rev === h.Revision && (await ipam.ctx.kv.delete(handleKey(h.ID), h.Revision))) {
          ok++;
          progress += '.';
        } else {
          skipped++;
          progress += 'x';
        }
      } catch {
        errors++;
        progress += 'E';
      }
    }
    await stdout(`${progress}\nReleased ${ok} handles; ${skipped} skipped; ${errors} errors.\n`);
  }
  await stdout('You may now unlock the data store.\n');
}

export async function runRelease(flags: ReleaseFlags): Promise<void> {
  const reports = flags['from-report'] ?? [];
  if (flags.ip === undefined && reports.length === 0) return;
  if (flags.ip !== undefined && !parseIP(flags.ip)) {
    throw new StdoutError(`Error executing command: invalid IP address specified: ${flags.ip}`);
  }
  await withIpam(flags, async ({ ds, ipam }) => {
    if (flags.ip !== undefined) await releaseOne(ipam, flags.ip);
    if (reports.length > 0) await releaseFromReports(ipam, reports, flags, ds);
  });
}
