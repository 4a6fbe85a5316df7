/** `calicoctl label`: set, overwrite or remove one label, then a replace (CAS on the read rv). */
import { CommandError, NotFoundError } from '../errors.js';
import { openClient, type ClientFlags } from './client.js';
import { namespaceForQuery } from './namespace.js';
import { stdout } from './output.js';

export interface LabelFlags extends ClientFlags {
  overwrite?: boolean;
  remove?: boolean;
  namespace?: string;
}

export async function runLabel(kindArg: string, name: string, label: string, flags: LabelFlags): Promise<void> {
  const { lookupKind } = await import('../resources/registry.js');
  let key = label;
  let value: string | undefined;
  if (!flags.remove) {
    const eq = label.indexOf('=');
    if (eq <= 0) throw new CommandError(`invalid label ${label}`);
    key = label.slice(0, eq);
    value = label.slice(eq + 1);
  }
  let def;
  try {
    def = lookupKind(kindArg);
  } catch (e) {
    throw new CommandError(`failed to get ${kindArg} ${name}, error ${(e as Error).message}`);
  }
  const namespace = namespaceForQuery(def, flags, true);
  const ds = await openClient(flags);
  try {
    let current;
    try {
      current = await ds.get(def, name, namespace);
    } catch (e) {
      if (e instanceof NotFoundError) throw new CommandError(`${kindArg} ${name} not found`);
      throw new CommandError(`failed to get ${kindArg} ${name}, error ${(e as Error).message}`);
    }
    const labels = { ...(current.metadata.labels ?? {}) };
    let message: string;
    if (flags.remove) {
      if (!(key in labels)) throw new CommandError(`cannot remove label of ${kindArg} ${name}, key ${key} does not exist`);
      delete labels[key];
      message = `Successfully removed label ${key} from ${kindArg} ${name}`;
    } else {
      const exists = key in labels;
      if (exists && labels[key] !== value && !flags.overwrite) {
        throw new CommandError(`failed to update label of ${kindArg} ${name}, key ${key} is already present. please use '--overwrite' to set a new value`);
      }
      labels[key] = value!;
      message = exists ? `Successfully updated label ${key} on ${kindArg} ${name}` : `Successfully set label ${key} on ${kindArg} ${name}`;
    }
    const { ResourceManager } = await import('../resources/manager.js');
    try {
      await new ResourceManager(ds).replace(def, { ...current, metadata: { ...current.metadata, labels } });
    } catch {
      throw new CommandError(`failed to update ${kindArg} ${name}, label not changed`);
    }
    await stdout(`${message}\n`);
  } finally {
    await ds.close();
  }
}
