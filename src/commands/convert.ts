import { Flags } from '@oclif/core';
import { BaseCommand, requiredFilenameFlag } from '../actions/base-command.js';
import { stdout } from '../actions/output.js';

export default class Convert extends BaseCommand {
  static override summary = 'Convert config files from Kubernetes NetworkPolicy to Calico NetworkPolicy.';
  static override description =
    'Convert config files from Kubernetes NetworkPolicy (networking.k8s.io/v1 or extensions/v1beta1, or a List of them) to Calico v3 NetworkPolicy. The converted resources are validated unless --ignore-validation is set.';
  static override usage = 'convert --filename=<FILENAME> [--output=<OUTPUT>] [--ignore-validation] [--allow-version-mismatch]';
  static override examples = [
    '# Convert the contents of policy.yaml to a Calico v3 policy.\n  calicoctl convert -f ./policy.yaml -o yaml',
    '# Convert a policy based on the JSON passed into stdin.\n  cat policy.json | calicoctl convert -f -',
  ];
  static override flags = {
    filename: { ...requiredFilenameFlag, description: 'Filename to use to create the resource. If set to "-" loads from stdin.' },
    output: Flags.string({ char: 'o', description: 'Output format. One of: yaml or json.', default: 'yaml', helpValue: '<OUTPUT FORMAT>' }),
    'ignore-validation': Flags.boolean({ description: 'Skip validation on the converted manifest.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Convert);
    const { runConvert } = await import('../actions/convert-action.js');
    await stdout(await runConvert({ filename: flags.filename ?? '', output: flags.output, 'ignore-validation': flags['ignore-validation'] }));
  }
}
