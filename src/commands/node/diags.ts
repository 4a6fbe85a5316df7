import { Flags } from '@oclif/core';
import { BaseCommand } from '../../actions/base-command.js';
import { SilentFailure } from '../../errors.js';

export default class NodeDiags extends BaseCommand {
  static override summary = 'Gather a diagnostics bundle for a Calico node.';
  static override description =
    'Collect routes, interfaces, firewall rules, sockets, BIRD protocols and routes, the agent and ' +
    'BIRD logs and the node\'s runtime files into a tar.gz bundle. Must be run as root.';
  static override usage = 'node diags [--log-dir=<LOG_DIR>] [--run-dir=<RUN_DIR>] [--allow-version-mismatch]';
  static override flags = {
    'log-dir': Flags.string({ description: 'The directory containing Calico logs.', default: '/var/log/calico', helpValue: '<LOG_DIR>' }),
    'run-dir': Flags.string({
      description: "Directory of the node's runtime files (rendered BIRD config, PID files, sockets).",
      default: '/var/run/calico',
      helpValue: '<RUN_DIR>',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(NodeDiags);
    const { stdout } = await import('../../actions/output.js');
    if (process.getuid?.() !== 0) {
      await stdout('Need super user privileges: Operation not permitted\n');
      throw new SilentFailure();
    }
    const { collectDiags } = await import('../../node/diags/collect.js');
    await collectDiags({ logDir: flags['log-dir'], runDir: flags['run-dir'], print: stdout });
  }
}
