import { Args, Flags } from '@oclif/core';
import { BaseCommand, configFlag, namespaceFlag } from '../actions/base-command.js';
import { runPatch } from '../actions/patch-action.js';

export default class Patch extends BaseCommand {
  static override summary = 'Patch a preexisting resource in place.';
  static override description =
    'The patch command is used to patch a specific resource by type and identifiers in place. Currently, only JSON format is accepted.';
  static override usage =
    'patch <KIND> <NAME> --patch=<PATCH> [--type=<TYPE>] [--config=<CONFIG>] [--namespace=<NS>] [--context=<context>] [--allow-version-mismatch]';
  static override examples = [
    '# Partially update a node using a strategic merge patch.\n  calicoctl patch node node-0 --patch \'{"spec":{"bgp": {"routeReflectorClusterID": "CLUSTER_ID"}}}\'',
    '# Partially update a node using a json merge patch.\n  calicoctl patch node node-0 --patch \'{"spec":{"bgp": {"routeReflectorClusterID": "CLUSTER_ID"}}}\' --type json',
  ];
  static listsResourceTypes = true;
  static override args = {
    kind: Args.string({ description: 'The resource type.', required: true }),
    name: Args.string({ description: 'The name of the resource.', required: true }),
  };
  static override flags = {
    patch: Flags.string({ char: 'p', description: 'Spec to use to patch the resource.', required: true, helpValue: '<PATCH>' }),
    type: Flags.string({ char: 't', description: 'Format of patch type: strategic (default), merge (RFC 7386) or json (RFC 6902).', default: 'strategic', helpValue: '<TYPE>' }),
    config: configFlag,
    namespace: namespaceFlag,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Patch);
    await runPatch(args.kind, args.name, flags);
  }
}
