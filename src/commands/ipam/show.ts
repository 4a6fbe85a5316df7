import { Flags } from '@oclif/core';
import { BaseCommand, configFlag } from '../../actions/base-command.js';

const EXCLUSIVE = ['ip', 'show-blocks', 'show-borrowed', 'show-configuration'];
const others = (name: string): string[] => EXCLUSIVE.filter((n) => n !== name);

export default class IpamShow extends BaseCommand {
  static override summary = 'Show details of a Calico configuration, assigned IP address, or of overall IP usage.';
  static override description =
    'Show how much of each IP pool is in use (and, with --show-blocks, of each block), who holds ' +
    'one address (--ip), addresses borrowed from blocks affine to another node ' +
    '(--show-borrowed), or the IPAM configuration (--show-configuration).';
  static override usage =
    'ipam show [--ip=<IP> | --show-blocks | --show-borrowed | --show-configuration] [--config=<CONFIG>] [--allow-version-mismatch]';
  static override examples = [
    '# Show overall IP usage.\ncalicoctl ipam show',
    '# Show who holds an address.\ncalicoctl ipam show --ip=192.168.1.2',
  ];
  static datastoreIntro = true;
  static override flags = {
    ip: Flags.string({ description: 'Report whether this specific IP address is in use.', helpValue: '<IP>', exclusive: others('ip') }),
    'show-blocks': Flags.boolean({ description: 'Show detailed information for IP blocks as well as pools.', exclusive: others('show-blocks') }),
    'show-borrowed': Flags.boolean({ description: 'Show detailed information for "borrowed" IP addresses.', exclusive: others('show-borrowed') }),
    'show-configuration': Flags.boolean({ description: 'Show current Calico IPAM configuration.', exclusive: others('show-configuration') }),
    config: configFlag,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(IpamShow);
    const { runShow } = await import('../../actions/ipam/show.js');
    await runShow(flags);
  }
}
