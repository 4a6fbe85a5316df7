import { BaseCommand, configFlag } from '../../../actions/base-command.js';

export default class DatastoreMigrateExport extends BaseCommand {
  static override summary = 'Export the contents of the etcdv3 datastore to a file.';
  static override description =
    'Export the Calico resources and IPAM data of an etcdv3 datastore to stdout, in the format ' +
    'that "datastore migrate import" reads. The datastore must be locked first ' +
    '("datastore migrate lock"). Nodes are renamed to their Kubernetes node names.';
  static override usage = 'datastore migrate export [--config=<CONFIG>] [--allow-version-mismatch]';
  static override examples = ['# Export the datastore contents to a file.\ncalicoctl datastore migrate export > etcd-data'];
  static datastoreIntro = true;
  static override flags = { config: configFlag };

  async run(): Promise<void> {
    const { flags } = await this.parse(DatastoreMigrateExport);
    const { runExport } = await import('../../../actions/datastore/export.js');
    await runExport(flags);
  }
}
