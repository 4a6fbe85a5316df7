import { Flags } from '@oclif/core';
import { BaseCommand, configFlag, fileFlags, namespaceFlag, requiredFilenameFlag } from '../actions/base-command.js';
import { runWriteAction } from '../actions/write-action.js';

export default class Create extends BaseCommand {
  static override summary = 'Create a resource by file, directory or stdin.';
  static override description =
    'The create command is used to create or replace a set of resources by filename or stdin. JSON and YAML formats are accepted.\n\nWhen createing a resource:\n- if the resource does not already exist (as determined by it\'s primary identifiers) then it is created\n- if the resource already exists then the specification for that resource is replaced in it\'s entirety by the new resource specification.';
  static override usage = 'create --filename=<FILENAME> [--recursive] [--skip-empty] [--skip-exists] [--config=<CONFIG>] [--namespace=<NS>] [--context=<context>] [--allow-version-mismatch]';
  static override examples = ['# Create a policy using the data in policy.yaml.\n  calicoctl create -f ./policy.yaml', '# Create a policy based on the JSON passed into stdin.\n  cat policy.json | calicoctl create -f -'];
  static listsResourceTypes = true;
  static override flags = {
    ...fileFlags,
    filename: requiredFilenameFlag,
    config: configFlag,
    namespace: namespaceFlag,
    'skip-exists': Flags.boolean({ description: 'Skip over and treat as successful any attempts to create an entry that already exists.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Create);
    await runWriteAction('create', flags);
  }
}
