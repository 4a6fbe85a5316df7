import { Flags } from '@oclif/core';
import { BaseCommand, configFlag } from '../../actions/base-command.js';
import { SilentFailure } from '../../errors.js';

export default class NodeStatus extends BaseCommand {
  static override summary = 'View the current status of a Calico node.';
  static override description =
    'Check the status of the Calico node instance: whether its agent and BIRD run, and the state ' +
    'of each IPv4 and IPv6 BGP peering. Must be run as root on the host the node runs on.';
  static override usage = 'node status [--run-dir=<RUN_DIR>] [--output=<OUTPUT>] [--wait=<DURATION>] [--config=<CONFIG>] [--allow-version-mismatch]';
  static override examples = [
    '# Show the BGP peers of the local node.\ncalicoctl node status',
    '# Wait up to 30 seconds for every expected peer to be Established.\ncalicoctl node status --wait=30s',
  ];
  static override flags = {
    'run-dir': Flags.string({
      description: "Directory of the node's runtime files (PID files, BIRD control sockets).",
      default: '/var/run/calico',
      helpValue: '<RUN_DIR>',
    }),
    output: Flags.string({
      char: 'o',
      description: 'Output format: text or json.',
      options: ['text', 'json'],
      default: 'text',
      helpValue: '<OUTPUT>',
    }),
    wait: Flags.string({
      description:
        'Wait up to this long (a Go duration, e.g. 30s) until every expected BGP peer is Established; exit 1 naming the others on timeout. ' +
        'The expected peers are computed from the datastore (see --config) when one is configured, else taken from the agent.',
      helpValue: '<DURATION>',
    }),
    config: configFlag,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(NodeStatus);
    const { parseGoDuration } = await import('../../cli/duration.js');
    const { runNodeStatus } = await import('../../node/status/run.js');
    let waitMs: number | undefined;
    if (flags.wait !== undefined) {
      waitMs = parseGoDuration(flags.wait);
      if (waitMs === undefined || waitMs < 0) this.error(`invalid duration for --wait: ${flags.wait}`, { exit: 1 });
    }
    const code = await runNodeStatus({
      runDir: flags['run-dir'],
      output: flags.output === 'json' ? 'json' : 'text',
      waitMs,
      waitText: flags.wait,
      configPath: flags.config,
    });
    if (code !== 0) throw new SilentFailure();
  }
}
