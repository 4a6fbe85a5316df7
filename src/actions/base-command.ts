/**
 * The base of every calicoctl command: global flags and the one place where errors become
 * messages and exit code 1 (calicoctl's contract: 0 on success, 1 on any failure).
 */
import { Command, Flags } from '@oclif/core';
import { CtlError } from '../errors.js';
import { printCtlError } from './ctl-error.js';

export { StdoutError } from './ctl-error.js';

export const configFlag = Flags.string({
  char: 'c',
  description: 'Path to the file containing connection configuration in YAML or JSON format.',
  default: '/etc/calico/calicoctl.cfg',
  helpValue: '<CONFIG>',
});

export const namespaceFlag = Flags.string({
  char: 'n',
  description: 'Namespace of the resource. Only applicable to NetworkPolicy, StagedNetworkPolicy, StagedKubernetesNetworkPolicy, NetworkSet, and WorkloadEndpoint. Uses the default namespace if not specified.',
  helpValue: '<NS>',
});

const FILENAME_HELP =
  'Filename to use to create the resource. If set to "-" loads from stdin. If filename is a directory, this command is invoked for each .json .yaml and .yml file within that directory, terminating after the first failure.';

export const requiredFilenameFlag = Flags.string({ char: 'f', description: FILENAME_HELP, helpValue: '<FILENAME>', required: true });

export const fileFlags = {
  filename: Flags.string({ char: 'f', description: FILENAME_HELP, helpValue: '<FILENAME>' }),
  recursive: Flags.boolean({
    char: 'R',
    description: 'Process the filename specified in -f or --filename recursively.',
  }),
  'skip-empty': Flags.boolean({
    description: 'Do not error if any files or directory specified using -f or --filename contain no data.',
  }),
};

export abstract class BaseCommand extends Command {
  static override baseFlags = {
    'log-level': Flags.string({
      char: 'l',
      description: 'Set the log level (one of panic, fatal, error, warn, info, debug)',
      default: 'panic',
      helpValue: '<level>',
    }),
    context: Flags.string({ description: 'The name of the kubeconfig context to use.', helpValue: '<context>' }),
    'allow-version-mismatch': Flags.boolean({ description: 'Allow client and cluster versions mismatch.' }),
  };

  protected override async catch(err: Error & { exitCode?: number }): Promise<unknown> {
    if (err instanceof CtlError) {
      await printCtlError(err);
      this.exit(1);
    }
    return super.catch(err);
  }
}
