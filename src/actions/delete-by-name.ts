/** `calicoctl delete <KIND> <NAME>...`: unconditional deletes, one outcome per name. */
import { CommandError, NotFoundError, SilentFailure } from '../errors.js';
import { openClient, type ClientFlags } from './client.js';
import { summarize } from './messages.js';
import { namespaceForQuery } from './namespace.js';
import { lines, stderr, stdout } from './output.js';

export async function deleteByName(
  kindArg: string,
  names: string[],
  flags: ClientFlags & { namespace?: string; 'skip-not-exists'?: boolean },
): Promise<void> {
  const { lookupKind } = await import('../resources/registry.js');
  let def;
  try {
    def = lookupKind(kindArg);
  } catch (e) {
    throw new CommandError(`Failed to delete resource: ${(e as Error).message}`);
  }
  const namespace = namespaceForQuery(def, flags, names.length > 0);
  // calicoctl attempts an empty-name delete when no name is given, which fails as missing.
  const targets = names.length > 0 ? names : [''];
  const ds = await openClient(flags);
  try {
    const { ResourceManager } = await import('../resources/manager.js');
    const manager = new ResourceManager(ds);
    const errors: (Error | undefined)[] = [];
    for (const name of targets) {
      const o = await manager.settle(() => manager.delete(def, name, namespace));
      errors.push(o.ok || (flags['skip-not-exists'] && o.error instanceof NotFoundError) ? undefined : (o as { error: Error }).error);
    }
    const summary = summarize('delete', targets.map(() => def.kind), errors);
    await stdout(lines(summary.stdout));
    await stderr(lines(summary.stderr));
    if (!summary.ok) throw new SilentFailure();
  } finally {
    await ds.close();
  }
}
