import { BaseCommand, configFlag, fileFlags, namespaceFlag, requiredFilenameFlag } from '../actions/base-command.js';
import { runWriteAction } from '../actions/write-action.js';

export default class Apply extends BaseCommand {
  static override summary = 'Apply a resource by file, directory or stdin.';
  static override description =
    'The apply command is used to create or replace a set of resources by filename or stdin. JSON and YAML formats are accepted.\n\nWhen applying a resource:\n- if the resource does not already exist (as determined by it\'s primary identifiers) then it is created\n- if the resource already exists then the specification for that resource is replaced in it\'s entirety by the new resource specification.';
  static override usage = 'apply --filename=<FILENAME> [--recursive] [--skip-empty] [--config=<CONFIG>] [--namespace=<NS>] [--context=<context>] [--allow-version-mismatch]';
  static override examples = ['# Apply a policy using the data in policy.yaml.\n  calicoctl apply -f ./policy.yaml', '# Apply a policy based on the JSON passed into stdin.\n  cat policy.json | calicoctl apply -f -'];
  static listsResourceTypes = true;
  static override flags = {
    ...fileFlags,
    filename: requiredFilenameFlag,
    config: configFlag,
    namespace: namespaceFlag,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Apply);
    await runWriteAction('apply', flags);
  }
}
