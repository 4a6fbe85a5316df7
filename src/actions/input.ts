/** Reading -f input for the resource commands, with calicoctl's messages. */
import { readFileSync } from 'node:fs';
import { CommandError, InputError } from '../errors.js';
import type { LoadedResource } from '../resources/loader.js';
import { lines, stderr, stdout } from './output.js';

export interface InputFlags {
  filename?: string;
  recursive?: boolean;
  'skip-empty'?: boolean;
}

/** Loads every resource named by -f; undefined means "nothing to do" (already reported). */
export async function loadInput(flags: InputFlags): Promise<LoadedResource[] | undefined> {
  const { loadResources, NoResourcesError } = await import('../resources/loader.js');
  const warnings: string[] = [];
  try {
    const loaded = await loadResources({
      filename: flags.filename ?? '',
      recursive: flags.recursive,
      readStdin: async () => readFileSync(0, 'utf8'),
      warn: (line) => warnings.push(line),
    });
    await stderr(lines(warnings));
    return loaded;
  } catch (e) {
    await stderr(lines(warnings));
    if (e instanceof NoResourcesError) {
      if (flags['skip-empty']) {
        await stdout('No resources specified\n');
        return undefined;
      }
      throw new CommandError(e.message);
    }
    if (e instanceof InputError) throw new CommandError(`failed to execute command: ${e.message}`);
    throw e;
  }
}

/** Names where a resource came from, for validation errors: `<file>, document <n>`. */
export function origin(l: LoadedResource): string {
  return `${l.source === '-' ? 'stdin' : l.source}, document ${l.index}`;
}
