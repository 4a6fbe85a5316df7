/**
 * `datastore migrate export`: the three-part file (resource YAML, `===`, ClusterInformation
 * JSON, `===`, IPAM JSON) written to stdout. etcdv3 only, and the datastore must be locked.
 */
import { CommandError } from '../../errors.js';
import { openClient, type ClientFlags } from '../client.js';
import { stdout } from '../output.js';
import { configuredDatastoreType } from './config-type.js';
import { exportIpam } from './export-ipam.js';
import { exportResources } from './export-resources.js';
import { isLocked, readClusterInformation } from './lock.js';
import { ipamKV } from '../ipam/read.js';

export const SECTION_SEPARATOR = '===\n';

export async function runExport(flags: ClientFlags): Promise<void> {
  const type = await configuredDatastoreType(flags);
  if (type !== undefined && type !== 'etcdv3') {
    throw new CommandError(`invalid datastore type: ${type} to export from for datastore migration. Datastore type must be etcdv3`);
  }
  const ds = await openClient(flags);
  try {
    const info = await readClusterInformation(ds);
    if (!isLocked(info)) {
      throw new CommandError('datastore is not locked. Run the `calicoctl datastore migrate lock` command in order to begin migration');
    }
    const { toJson } = await import('../../printers/json.js');
    const { toWire } = await import('../../printers/wire.js');
    const { text, renames } = await exportResources(ds);
    const ipam = await exportIpam(ipamKV(ds), renames);
    await stdout(`${text}${SECTION_SEPARATOR}${toJson(toWire(info!))}\n${SECTION_SEPARATOR}${ipam}\n`);
  } finally {
    await ds.close();
  }
}
