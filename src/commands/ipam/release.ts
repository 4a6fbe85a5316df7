import { Flags } from '@oclif/core';
import { BaseCommand, configFlag } from '../../actions/base-command.js';

export default class IpamRelease extends BaseCommand {
  static override summary = 'Release a Calico assigned IP address.';
  static override description =
    'Release an IP address (--ip) that is no longer in use, or every address and handle that the ' +
    'given "ipam check -o" reports found leaked (--from-report, repeatable: only what every report ' +
    'found leaked, and only if unchanged since). Releasing from reports needs the datastore locked ' +
    'and a report at the current ClusterInformation revision; --force skips the lock and version ' +
    'checks.';
  static override usage =
    'ipam release [--ip=<IP>] [--from-report=<REPORT>]... [--config=<CONFIG>] [--force] [--allow-version-mismatch]';
  static override examples = [
    '# Release one address.\ncalicoctl ipam release --ip=192.168.1.2',
    '# Release what a check report found leaked.\ncalicoctl ipam release --from-report=report.json',
  ];
  static datastoreIntro = true;
  static override flags = {
    ip: Flags.string({ description: 'IP address to release.', helpValue: '<IP>' }),
    'from-report': Flags.string({ description: 'Release all leaked addresses from the report. If multiple reports are specified, only leaked IPs common to all reports will be released.', helpValue: '<REPORT>', multiple: true }),
    force: Flags.boolean({ description: 'Force release of leaked addresses.' }),
    config: configFlag,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(IpamRelease);
    const { runRelease } = await import('../../actions/ipam/release.js');
    await runRelease(flags);
  }
}
