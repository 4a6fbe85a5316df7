import { Flags } from '@oclif/core';
import { BaseCommand } from '../../actions/base-command.js';
import { CommandError } from '../../errors.js';
import { stdout } from '../../actions/output.js';

export default class NodeStop extends BaseCommand {
  static override summary = 'Stop the Calico node started by calicoctl node run.';
  static override description = 'Sends SIGTERM to the node supervisor (found by its PID file in --run-dir), which stops the agent and BIRD, and waits until every process has exited.';
  static override usage = 'node stop [--run-dir=<RUN_DIR>]';
  static override flags = {
    'run-dir': Flags.string({ description: 'The run directory given to calicoctl node run.', default: '/var/run/calico', helpValue: '<RUN_DIR>' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(NodeStop);
    const { stopNode } = await import('../../node/run/stop.js');
    const res = await stopNode(flags['run-dir']);
    if (!res.stopped) throw new CommandError(`error executing command: no calico node is running from ${flags['run-dir']}`);
    await stdout('Calico node stopped\n');
  }
}
