import { Flags } from '@oclif/core';
import { BaseCommand } from '../../actions/base-command.js';
import { SilentFailure } from '../../errors.js';

export default class NodeChecksystem extends BaseCommand {
  static override summary = 'Verify the compute host is able to run a Calico node instance.';
  static override description =
    'Check that the kernel is recent enough and that the kernel modules Calico uses are loaded, ' +
    'built in or configured. Must be run as root.';
  static override usage = 'node checksystem [--kernel-config=<kernel-config>] [--allow-version-mismatch]';
  static override flags = {
    'kernel-config': Flags.string({
      char: 'f',
      description: 'Override the Kernel config file location. Expected format is plain text.',
      helpValue: '<kernel-config>',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(NodeChecksystem);
    const { release } = await import('node:os');
    const { stdout, stderr } = await import('../../actions/output.js');
    const { checkSystem, SUCCESS, FAILURE } = await import('../../node/checksystem/check.js');
    const { defaultSources } = await import('../../node/checksystem/modules.js');
    if (process.getuid?.() !== 0) {
      await stdout('Need super user privileges: Operation not permitted\n');
      throw new SilentFailure();
    }
    const result = checkSystem(defaultSources(release(), flags['kernel-config']));
    await stdout(result.text);
    if (!result.ok) {
      await stderr(FAILURE);
      throw new SilentFailure();
    }
    await stdout(SUCCESS);
  }
}
