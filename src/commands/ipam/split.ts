import { Args, Flags } from '@oclif/core';
import { BaseCommand, configFlag } from '../../actions/base-command.js';

export default class IpamSplit extends BaseCommand {
  static override summary = 'Split an IP pool into the specified number of smaller IP pools.';
  static override description =
    'Split an IP pool, chosen by name or CIDR, into NUMBER (a power of 2) smaller pools named ' +
    'split-<pool>-<i>. The datastore must be locked first ("datastore migrate lock"); the old pool ' +
    'is disabled, the new pools are created and the old pool is deleted.';
  static override usage = 'ipam split <NUMBER> [--cidr=<CIDR>] [--name=<POOL_NAME>] [--config=<CONFIG>] [--allow-version-mismatch]';
  static override examples = ['# Split the pool "default-ipv4-ippool" in 4.\ncalicoctl ipam split 4 --name=default-ipv4-ippool'];
  static datastoreIntro = true;
  static override args = {
    number: Args.string({ description: 'The number of smaller pools to split the IP pool into (a power of 2).', required: true }),
  };
  static override flags = {
    cidr: Flags.string({ description: 'The CIDR of the IP pool to split.', helpValue: '<CIDR>' }),
    name: Flags.string({ description: 'The name of the IP pool to split.', helpValue: '<POOL_NAME>' }),
    config: configFlag,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(IpamSplit);
    const { runSplit } = await import('../../actions/ipam/split.js');
    await runSplit(args.number, flags);
  }
}
