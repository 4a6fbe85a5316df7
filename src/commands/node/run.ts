import { Flags } from '@oclif/core';
import { BaseCommand, configFlag } from '../../actions/base-command.js';

export default class NodeRun extends BaseCommand {
  static override summary = 'Run the Calico node: the agent and BIRD as native processes under a supervisor.';
  static override description =
    'Performs calico-node\'s startup (node name, IP and AS detection, the Node resource, default IP pools, ' +
    'ClusterInformation), then starts a detached supervisor that runs the agent and BIRD and restarts either ' +
    'if it dies. Returns once the node reports started. Several nodes can run on one machine with distinct --run-dir.';
  static override usage =
    'node run [--ip=<IP>] [--ip6=<IP6>] [--as=<AS_NUM>] [--name=<NAME>] [--ip-autodetection-method=<IP_AUTODETECTION_METHOD>] ' +
    '[--ip6-autodetection-method=<IP6_AUTODETECTION_METHOD>] [--log-dir=<LOG_DIR>] [--run-dir=<RUN_DIR>] [--backend=(bird|none)] ' +
    '[--config=<CONFIG>] [--no-default-ippools] [--dryrun] [--init-system] [--allow-version-mismatch]';
  static override examples = ['calicoctl node run --name node1 --ip 10.0.0.1', 'calicoctl node run --dryrun'];
  static override flags = {
    ip: Flags.string({ description: 'Set the local IPv4 routing address for this node (an address or "autodetect").', helpValue: '<IP>' }),
    ip6: Flags.string({ description: 'Set the local IPv6 routing address for this node (an address or "autodetect").', helpValue: '<IP6>' }),
    as: Flags.string({ description: 'Set the AS number for this node (plain or dotted). If omitted, the global AS number is used.', helpValue: '<AS_NUM>' }),
    name: Flags.string({ description: 'The name of the Calico node (default: the lower-cased hostname).', helpValue: '<NAME>' }),
    'ip-autodetection-method': Flags.string({
      description: 'IPv4 autodetection method: first-found, can-reach=<IP or DNS>, interface=<regex,...>, skip-interface=<regex,...>, cidr=<cidr,...>.',
      default: 'first-found',
      helpValue: '<IP_AUTODETECTION_METHOD>',
    }),
    'ip6-autodetection-method': Flags.string({
      description: 'IPv6 autodetection method (same choices as --ip-autodetection-method).',
      default: 'first-found',
      helpValue: '<IP6_AUTODETECTION_METHOD>',
    }),
    'log-dir': Flags.string({ description: 'The directory containing Calico logs.', default: '/var/log/calico', helpValue: '<LOG_DIR>' }),
    'run-dir': Flags.string({ description: 'The directory for the node\'s PID files, BIRD socket, configuration and status.', default: '/var/run/calico', helpValue: '<RUN_DIR>' }),
    'health-port': Flags.integer({ description: 'Port of the agent\'s /liveness and /readiness server (0 = pick a free port).', default: 9099, min: 0, max: 65535, helpValue: '<PORT>' }),
    backend: Flags.string({ description: 'Networking backend: bird or none (policy only).', default: 'bird', helpValue: '(bird|none)' }),
    config: configFlag,
    'no-default-ippools': Flags.boolean({ description: 'Do not create default IPv4 and IPv6 pools on startup.' }),
    dryrun: Flags.boolean({ description: 'Output the native commands that would be run, without running them.' }),
    'init-system': Flags.boolean({ description: 'Run the supervisor in the foreground (for an init system such as systemd).' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(NodeRun);
    const { runNodeRun } = await import('../../node/run/run.js');
    await runNodeRun(flags);
  }
}
