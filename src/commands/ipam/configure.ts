import { Flags } from '@oclif/core';
import { BaseCommand, configFlag } from '../../actions/base-command.js';

export default class IpamConfigure extends BaseCommand {
  static override summary = 'Configure IPAM';
  static override description =
    'Modify the IPAM configuration: strict affinity (no borrowing of addresses from blocks ' +
    'affine to other nodes), the maximum number of blocks a host may claim, and address ' +
    'persistence for KubeVirt virtual machines (--kubevirt-ip-persistence=Enabled or Disabled: ' +
    'whether a KubeVirt VM keeps its IP address across restarts and migrations).';
  static override usage =
    'ipam configure [--strictaffinity=<true/false>] [--max-blocks-per-host=<number>] [--kubevirt-ip-persistence=<Enabled|Disabled>] [--config=<CONFIG>] [--allow-version-mismatch]';
  static override examples = [
    '# Turn on strict affinity.\ncalicoctl ipam configure --strictaffinity=true',
    '# Let each host claim at most 4 blocks.\ncalicoctl ipam configure --max-blocks-per-host=4',
  ];
  static datastoreIntro = true;
  static override flags = {
    strictaffinity: Flags.string({ description: 'Set StrictAffinity to true/false. When StrictAffinity is true, borrowing IP addresses is not allowed.', helpValue: '<BOOL>' }),
    'max-blocks-per-host': Flags.string({ description: 'Set the maximum number of blocks that can be affine to a host.', helpValue: '<N>' }),
    // Too long a name for the Options column; shown in the usage line and described below.
    'kubevirt-ip-persistence': Flags.string({ description: 'Set KubeVirtVMAddressPersistence to Enabled or Disabled.', helpValue: '<Enabled|Disabled>', hidden: true }),
    config: configFlag,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(IpamConfigure);
    const { runConfigure } = await import('../../actions/ipam/configure.js');
    await runConfigure(flags);
  }
}
