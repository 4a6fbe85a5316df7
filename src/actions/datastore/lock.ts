/**
 * The migration lock: ClusterInformation `default` spec.datastoreReady. `false` means locked;
 * a missing object or flag means unlocked (Calico treats an unset flag as ready).
 */
import type { Datastore } from '../../datastore/types.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { findKind } from '../../resources/registry.js';
import type { KindDefinition, Resource } from '../../resources/types.js';

const clusterInfoKind = (): KindDefinition => findKind('clusterinformation')!;

/** ClusterInformation `default`, or undefined when it does not exist. */
export async function readClusterInformation(ds: Datastore): Promise<Resource | undefined> {
  try {
    return await ds.get(clusterInfoKind(), 'default');
  } catch (e) {
    if (e instanceof NotFoundError) return undefined;
    throw e;
  }
}

export const isLocked = (info: Resource | undefined): boolean => info?.spec?.datastoreReady === false;

export async function isDatastoreLocked(ds: Datastore): Promise<boolean> {
  return isLocked(await readClusterInformation(ds));
}

/** Initialises the datastore if needed, then sets datastoreReady (retrying on write conflicts). */
export async function setDatastoreReady(ds: Datastore, ready: boolean): Promise<void> {
  const { ensureInitialized } = await import('../../resources/initialize.js');
  await ensureInitialized(ds);
  for (let attempt = 0; ; attempt++) {
    const info = await ds.get(clusterInfoKind(), 'default');
    try {
      await ds.update(clusterInfoKind(), { ...info, spec: { ...info.spec, datastoreReady: ready } });
      return;
    } catch (e) {
      if (!(e instanceof ConflictError) || attempt >= 5) throw e;
    }
  }
}
