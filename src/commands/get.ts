import { Args, Flags } from '@oclif/core';
import { BaseCommand, configFlag, fileFlags, namespaceFlag } from '../actions/base-command.js';
import { runGet } from '../actions/get-action.js';

/** `-l` after `get` is the label selector, so get's `--log-level` goes without its short form. */
const { char: _logLevelChar, ...logLevelWithoutShort } = BaseCommand.baseFlags['log-level'];

export default class Get extends BaseCommand {
  static override summary = 'Get a resource identified by file, directory, stdin or resource type and name.';
  static override description =
    'The get command is used to display a set of resources by filename or stdin, or by type and identifiers. JSON and YAML formats are accepted for file and stdin format.\n\nThe output format may be ps (the default), wide, yaml, json, custom-columns=<headings>, go-template=<template>, go-template-file=<path>, jsonpath=<expression> or name.';
  static override usage =
    'get ( (<KIND> [<NAME>...]) | --filename=<FILENAME> [--recursive] [--skip-empty] ) [--output=<OUTPUT>] [--config=<CONFIG>] [--namespace=<NS>] [--all-namespaces] [--selector=<SELECTOR>] [--export] [--context=<context>] [--allow-version-mismatch]';
  static override examples = [
    '# List all policy in default output format.\n  calicoctl get policy',
    '# List specific policies in YAML format\n  calicoctl get -o yaml policy my-policy-1 my-policy-2',
    '# List the IP pools labelled env=prod (a Calico selector).\n  calicoctl get ippools -l \'env == "prod"\'',
    '# List the names of all IP pools with a template\n  calicoctl get ippools -o go-template=\'{{range .}}{{range .Items}}{{.ObjectMeta.Name}}{{"\\n"}}{{end}}{{end}}\'',
  ];
  static listsResourceTypes = true;
  static override strict = false;
  static override args = {
    kind: Args.string({ description: 'The resource type.' }),
    name: Args.string({ description: 'The resource name(s).' }),
  };
  static override flags = {
    ...fileFlags,
    output: Flags.string({ char: 'o', description: 'Output format. One of: yaml, json, ps, wide, custom-columns=..., go-template=..., go-template-file=..., jsonpath=..., name.', default: 'ps', helpValue: '<OUTPUT FORMAT>' }),
    config: configFlag,
    namespace: namespaceFlag,
    'all-namespaces': Flags.boolean({ char: 'A', aliases: ['a'], charAliases: ['a'], description: 'If present, list the requested object(s) across all namespaces.' }),
    export: Flags.boolean({ description: 'If present, returns the requested object(s) stripped of cluster-specific information. This flag will be ignored if <NAME> is not specified.' }),
    selector: Flags.string({
      char: 'l',
      description: 'List only the resources whose labels match this Calico selector, e.g. \'env == "prod" && has(tier)\'. Not with <NAME> or --filename. (An addition: calicoctl has no such flag.)',
      helpValue: '<SELECTOR>',
    }),
    'log-level': logLevelWithoutShort,
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Get);
    await runGet(argv as string[], flags);
  }
}
