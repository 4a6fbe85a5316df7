import { BaseCommand, configFlag, fileFlags, namespaceFlag, requiredFilenameFlag } from '../actions/base-command.js';
import { runWriteAction } from '../actions/write-action.js';

export default class Replace extends BaseCommand {
  static override summary = 'Replace a resource by file, directory or stdin.';
  static override description =
    'The replace command is used to replace a set of resources by filename or stdin. JSON and YAML formats are accepted.\n\nIf a resource does not exist, the command fails for that resource. The whole specification is replaced; labels and annotations are replaced too.';
  static override usage = 'replace --filename=<FILENAME> [--recursive] [--skip-empty] [--config=<CONFIG>] [--namespace=<NS>] [--context=<context>] [--allow-version-mismatch]';
  static override examples = ['# Replace a policy using the data in policy.yaml.\n  calicoctl replace -f ./policy.yaml', '# Replace a policy based on the JSON passed into stdin.\n  cat policy.json | calicoctl replace -f -'];
  static listsResourceTypes = true;
  static override flags = {
    ...fileFlags,
    filename: requiredFilenameFlag,
    config: configFlag,
    namespace: namespaceFlag,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Replace);
    await runWriteAction('replace', flags);
  }
}
