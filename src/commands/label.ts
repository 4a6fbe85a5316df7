import { Args, Flags } from '@oclif/core';
import { BaseCommand, configFlag, namespaceFlag } from '../actions/base-command.js';
import { runLabel } from '../actions/label-action.js';

export default class Label extends BaseCommand {
  static override summary = 'Add or update labels of resources.';
  static override description =
    'The label command is used to add or update a label on a resource. Resource types supported: the same as for get.';
  static override usage =
    'label (<KIND> <NAME> ( <key>=<value> [--overwrite] | <key> --remove ) [--config=<CONFIG>] [--namespace=<NS>] [--context=<context>]) [--allow-version-mismatch]';
  static override examples = [
    '# Label a workload endpoint\n  calicoctl label workloadendpoints nginx --namespace=default app=web',
    '# Label a node and overwrite the original value of key \'cluster\'\n  calicoctl label nodes node1 cluster=backend --overwrite',
    '# Remove label with key \'cluster\' of the node\n  calicoctl label nodes node1 cluster --remove',
  ];
  static listsResourceTypes = true;
  static override args = {
    kind: Args.string({ description: 'The resource type.', required: true }),
    name: Args.string({ description: 'The name of the resource.', required: true }),
    label: Args.string({ description: '<key>=<value>, or <key> with --remove.', required: true }),
  };
  static override flags = {
    overwrite: Flags.boolean({ description: 'If true, overwrite the value when the key is already present in labels. Otherwise reports error when the labeled resource already have the key in its labels. Can not be used with --remove.' }),
    remove: Flags.boolean({ description: 'If true, remove the specified key in labels of the resource. Reports error when specified key does not exist. Can not be used with --overwrite.' }),
    config: configFlag,
    namespace: namespaceFlag,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Label);
    await runLabel(args.kind, args.name, args.label, flags);
  }
}
