/** `datastore migrate lock` / `unlock`: flip the ready flag and say so. */
import { openClient, type ClientFlags } from '../client.js';
import { stdout } from '../output.js';
import { setDatastoreReady } from './lock.js';

export async function runLockCommand(flags: ClientFlags, ready: boolean): Promise<void> {
  const ds = await openClient(flags);
  try {
    await setDatastoreReady(ds, ready);
  } finally {
    await ds.close();
  }
  await stdout(ready ? 'Datastore unlocked.\n' : 'Datastore locked.\n');
}
