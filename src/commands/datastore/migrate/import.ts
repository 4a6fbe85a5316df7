import { BaseCommand, configFlag, requiredFilenameFlag } from '../../../actions/base-command.js';

export default class DatastoreMigrateImport extends BaseCommand {
  static override summary = 'Store and convert yaml of resources into the Kubernetes datastore.';
  static override description =
    'Import the file written by "datastore migrate export" into a Kubernetes datastore. ' +
    'The target must hold no Calico resources yet; the datastore stays locked afterwards ' +
    '(run "datastore migrate unlock" once the migration is verified). Importing IPAM data ' +
    'into the Kubernetes datastore is not supported yet: a file with IPAM entries is refused ' +
    'before anything is written.';
  static override usage = 'datastore migrate import --filename=<FILENAME> [--config=<CONFIG>] [--allow-version-mismatch]';
  static override examples = ['# Import the contents of the etcd datastore from a file.\ncalicoctl datastore migrate import -f etcd-data'];
  static datastoreIntro = true;
  static override flags = { filename: requiredFilenameFlag, config: configFlag };

  async run(): Promise<void> {
    const { flags } = await this.parse(DatastoreMigrateImport);
    const { runImport } = await import('../../../actions/datastore/import.js');
    await runImport(flags);
  }
}
