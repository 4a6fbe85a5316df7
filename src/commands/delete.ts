import { Args, Flags } from '@oclif/core';
import { BaseCommand, configFlag, fileFlags, namespaceFlag } from '../actions/base-command.js';
import { deleteByName } from '../actions/delete-by-name.js';
import { runWriteAction } from '../actions/write-action.js';
import { UsageError } from '../errors.js';

export default class Delete extends BaseCommand {
  static override summary = 'Delete a resource identified by file, directory, stdin or resource type and name.';
  static override description =
    'The delete command is used to delete a set of resources by filename or stdin, or by type and identifiers. JSON and YAML formats are accepted for file and stdin format.';
  static override usage =
    'delete ( (<KIND> [<NAME>...]) | --filename=<FILE> [--recursive] [--skip-empty] ) [--skip-not-exists] [--config=<CONFIG>] [--namespace=<NS>] [--context=<context>] [--allow-version-mismatch]';
  static override examples = [
    '# Delete a policy using the type and name specified in policy.yaml.\n  calicoctl delete -f ./policy.yaml',
    '# Delete a policy based on the type and name in the YAML passed into stdin.\n  cat policy.yaml | calicoctl delete -f -',
    '# Delete policies with names "foo" and "bar"\n  calicoctl delete policy foo bar',
  ];
  static listsResourceTypes = true;
  static override strict = false;
  static override args = {
    kind: Args.string({ description: 'The resource type.' }),
    name: Args.string({ description: 'The resource name(s).' }),
  };
  static override flags = {
    ...fileFlags,
    'skip-not-exists': Flags.boolean({ char: 's', description: 'Skip over and treat as successful, resources that don\'t exist.' }),
    config: configFlag,
    namespace: namespaceFlag,
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Delete);
    const positional = argv as string[];
    if (flags.filename) {
      if (positional.length > 0) throw new UsageError('cannot specify both a file and a resource type');
      await runWriteAction('delete', flags);
      return;
    }
    if (positional.length === 0) throw new UsageError('no resources specified: give a resource type and name, or --filename');
    await deleteByName(positional[0]!, positional.slice(1), flags);
  }
}
