/** `ipam show`: the utilisation table, one address, borrowed addresses, or the IPAM config. */
import { parseIP } from '../../ipam/cidr.js';
import { IpamNotFoundError } from '../../ipam/errors.js';
import type { IpamClient } from '../../ipam/client.js';
import type { IPAMConfig } from '../../ipam/model.js';
import { renderBoxTable } from '../../printers/boxtable.js';
import { StdoutError } from '../base-command.js';
import type { ClientFlags } from '../client.js';
import { lines, stdout } from '../output.js';
import { withIpam } from './open.js';
import { blockHost, ipamKV, loadBlocks, type StoredBlock } from './read.js';
import { countWithPercent, formatG5 } from './numbers.js';
import { poolUsage, type PoolUsage, type Usage } from './utilization.js';
import { ordinalIP } from '../../ipam/block.js';

export interface ShowFlags extends ClientFlags {
  ip?: string;
  'show-blocks'?: boolean;
  'show-borrowed'?: boolean;
  'show-configuration'?: boolean;
}

const usageRow = (grouping: string, u: Usage): string[] => [
  grouping,
  u.cidr,
  formatG5(Number(u.total)),
  countWithPercent(u.inUse, u.total),
  countWithPercent(u.total - u.inUse, u.total),
];

export function utilizationTable(pools: readonly PoolUsage[], withBlocks: boolean): string {
  const rows = pools.flatMap((p) => [usageRow('IP Pool', p), ...(withBlocks ? p.blocks.map((b) => usageRow('Block', b)) : [])]);
  return renderBoxTable(['GROUPING', 'CIDR', 'IPS TOTAL', 'IPS IN USE', 'IPS FREE'], rows);
}

export function configurationTable(c: IPAMConfig): string {
  const kubevirt = c.kubeVirtVMAddressPersistence ?? '(*ipam.VMAddressPersistence)(nil)';
  return renderBoxTable(['PROPERTY', 'VALUE'], [
    ['StrictAffinity', String(c.strictAffinity)],
    ['AutoAllocateBlocks', String(c.autoAllocateBlocks)],
    ['MaxBlocksPerHost', String(c.maxBlocksPerHost)],
    ['KubeVirtVMAddressPersistence', kubevirt],
  ]);
}

/** The borrowed-address table, and the note about allocations with no node attribute. */
export function borrowedReport(blocks: readonly StoredBlock[]): string {
  const rows: string[][] = [];
  let withoutNode = 0;
  for (const { block } of blocks) {
    const owner = blockHost(block) ?? '';
    block.allocations.forEach((idx, ord) => {
      if (idx === null) return;
      const attrs = block.attributes[idx]?.secondary ?? {};
      const node = attrs.node;
      if (node === undefined || node === '') {
        withoutNode++;
        return;
      }
      if (node === owner) return;
      let type = attrs.type ?? '';
      let to = '';
      if (attrs.pod !== undefined) {
        type = 'pod';
        to = `${attrs.namespace ?? ''}/${attrs.pod}`;
      } else if (attrs['vmi-name'] !== undefined) {
        type = 'vmi';
        to = `${attrs.namespace ?? ''}/${attrs['vmi-name']}`;
      }
      rows.push([ordinalIP(block, ord), node, block.cidr, owner, type, to]);
    });
  }
  let out = renderBoxTable(['IP', 'BORROWING-NODE', 'BLOCK', 'BLOCK OWNER', 'TYPE', 'ALLOCATED-TO'], rows);
  if (withoutNode > 0) {
    out += `\nNote: found ${withoutNode} IP allocations without an explicit node association. Unable to determine if they are borrowed.\n`;
  }
  return out;
}

const attrLines = (attrs: Record<string, string>): string[] =>
  Object.keys(attrs)
    .sort()
    .map((k) => `  ${k}: ${attrs[k]}`);

export async function showIP(ipam: IpamClient, ip: string): Promise<string> {
  try {
    const a = await ipam.getAssignmentAttributes(ip);
    const out = [`IP ${ip} is in use`, `Handle ID: ${a.handleId ?? '<none>'}`];
    if (Object.keys(a.attrs).length > 0) out.push('Active Owner Attributes:', ...attrLines(a.attrs));
    else out.push('No Active Owner attributes defined');
    if (a.alternateOwnerAttrs && Object.keys(a.alternateOwnerAttrs).length > 0) {
      out.push('Alternate Owner Attributes:', ...attrLines(a.alternateOwnerAttrs));
    }
    return lines(out);
  } catch (e) {
    if (e instanceof IpamNotFoundError) return `${ip} is not assigned\n`;
    throw e;
  }
}

export async function runShow(flags: ShowFlags): Promise<void> {
  if (flags.ip !== undefined && !parseIP(flags.ip)) {
    throw new StdoutError(`Error executing command: invalid IP address specified: ${flags.ip}`);
  }
  const text = await withIpam(flags, async ({ ds, ipam }) => {
    if (flags.ip !== undefined) return showIP(ipam, flags.ip);
    if (flags['show-configuration']) return configurationTable(await ipam.getIPAMConfig());
    const blocks = await loadBlocks(ipamKV(ds));
    if (flags['show-borrowed']) return borrowedReport(blocks);
    return utilizationTable(poolUsage(await ipam.ctx.res.pools(), blocks), flags['show-blocks'] === true);
  });
  await stdout(text);
}
