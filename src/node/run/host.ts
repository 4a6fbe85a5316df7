/** Host preparation as calicoctl does it (best effort where calicoctl is best effort). */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { CommandError } from '../../errors.js';

function writeSysctl(path: string, value: string): boolean {
  try {
    if (readFileSync(path, 'utf8').trim() === value) return true;
    writeFileSync(path, value);
    return true;
  } catch {
    return false;
  }
}

export async function prepareHost(say: (line: string) => Promise<void> | void): Promise<void> {
  if (process.env.CALICO_CTL_CONTAINER) return;
  await say('Running command to load modules: modprobe -a xt_set ip6_tables');
  await new Promise<void>((r) => execFile('modprobe', ['-a', 'xt_set', 'ip6_tables'], () => r()));
  await say('Enabling IPv4 forwarding');
  if (!writeSysctl('/proc/sys/net/ipv4/ip_forward', '1')) throw new CommandError('ERROR: Could not enable ipv4 forwarding');
  if (existsSync('/proc/sys/net/ipv6')) {
    await say('Enabling IPv6 forwarding');
    if (!writeSysctl('/proc/sys/net/ipv6/conf/all/forwarding', '1')) throw new CommandError('ERROR: Could not enable ipv6 forwarding');
  }
  await say('Increasing conntrack limit');
  if (!writeSysctl('/proc/sys/net/netfilter/nf_conntrack_max', '1000000')) {
    await say('WARNING: Could not set nf_conntrack_max. This may have an impact at scale.');
  }
}
