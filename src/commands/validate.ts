import { BaseCommand, fileFlags, requiredFilenameFlag } from '../actions/base-command.js';
import { loadInput, origin } from '../actions/input.js';
import { summarize } from '../actions/messages.js';
import { lines, stderr, stdout } from '../actions/output.js';
import { SilentFailure, ValidationError } from '../errors.js';

export default class Validate extends BaseCommand {
  static override summary = 'Validate a resource by file, directory or stdin without applying it.';
  static override description =
    'The validate command checks a set of resources by filename or stdin without contacting the datastore. JSON and YAML formats are accepted.';
  static override usage = 'validate --filename=<FILENAME> [--recursive] [--skip-empty] [--allow-version-mismatch]';
  static override examples = ['# Validate a set of resources in a file.\n  calicoctl validate -f ./resources.yaml'];
  static listsResourceTypes = true;
  static override flags = {
    ...fileFlags,
    filename: requiredFilenameFlag,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Validate);
    const loaded = await loadInput(flags);
    if (!loaded) return;
    const { prepare } = await import('../resources/manager.js');
    const errors = loaded.map((l) => {
      try {
        prepare(l.def, l.resource, 'validate');
        return undefined;
      } catch (e) {
        return e instanceof ValidationError ? new Error(`${origin(l)}: ${e.message}`) : (e as Error);
      }
    });
    const summary = summarize('validate', loaded.map((l) => l.def.kind), errors);
    await stdout(lines(summary.stdout));
    await stderr(lines(summary.stderr));
    if (!summary.ok) throw new SilentFailure();
  }
}
