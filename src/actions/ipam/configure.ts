/** `ipam configure`: validate every option first, then read-modify-write the IPAM config. */
import { CommandError } from '../../errors.js';
import type { IPAMConfig } from '../../ipam/model.js';
import type { ClientFlags } from '../client.js';
import { lines, stdout } from '../output.js';
import { withIpam } from './open.js';

export interface ConfigureFlags extends ClientFlags {
  strictaffinity?: string;
  'max-blocks-per-host'?: string;
  'kubevirt-ip-persistence'?: string;
}

/** strconv.ParseBool. */
function parseGoBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

interface Change {
  apply(c: IPAMConfig): void;
  message: string;
}

export function planConfigure(flags: ConfigureFlags): Change[] {
  const changes: Change[] = [];
  const strict = flags.strictaffinity;
  const max = flags['max-blocks-per-host'];
  const kubevirt = flags['kubevirt-ip-persistence'];
  if (strict === undefined && max === undefined && kubevirt === undefined) {
    throw new CommandError('at least one configuration option must be specified');
  }
  if (strict !== undefined) {
    const v = parseGoBool(strict);
    if (v === undefined) throw new CommandError('invalid value. Use true or false to set strictaffinity');
    changes.push({ apply: (c) => (c.strictAffinity = v), message: `Successfully set StrictAffinity to: ${v}` });
  }
  if (max !== undefined) {
    if (!/^[+-]?\d+$/.test(max) || Number(max) < 0 || !Number.isSafeInteger(Number(max))) {
      throw new CommandError('invalid value for maxblockhost. Use a valid number');
    }
    const v = Number(max);
    changes.push({ apply: (c) => (c.maxBlocksPerHost = v), message: `Successfully set MaxBlocksPerHost to: ${v}` });
  }
  if (kubevirt !== undefined) {
    if (kubevirt !== 'Enabled' && kubevirt !== 'Disabled') {
      throw new CommandError('invalid value for --kubevirt-ip-persistence. Use Enabled or Disabled');
    }
    changes.push({
      apply: (c) => (c.kubeVirtVMAddressPersistence = kubevirt),
      message: `Successfully set KubeVirtVMAddressPersistence to: ${kubevirt}`,
    });
  }
  return changes;
}

export async function runConfigure(flags: ConfigureFlags): Promise<void> {
  const changes = planConfigure(flags);
  await withIpam(flags, async ({ ipam }) => {
    const cfg = await ipam.getIPAMConfig();
    for (const c of changes) c.apply(cfg);
    await ipam.setIPAMConfig(cfg);
  });
  await stdout(lines(changes.map((c) => c.message)));
}
