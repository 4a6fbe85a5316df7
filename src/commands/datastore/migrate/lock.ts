import { BaseCommand, configFlag } from '../../../actions/base-command.js';

export default class DatastoreMigrateLock extends BaseCommand {
  static override summary = 'Lock the datastore to prevent changes from occurring during datastore migration.';
  static override description =
    'Lock the datastore to prevent changes from occurring during datastore migration: ' +
    'sets datastoreReady to false in ClusterInformation "default" so that Calico components ' +
    'stop acting on the datastore. Run "datastore migrate unlock" to undo it.';
  static override usage = 'datastore migrate lock [--config=<CONFIG>] [--allow-version-mismatch]';
  static override examples = ['# Lock the datastore.\ncalicoctl datastore migrate lock'];
  static datastoreIntro = true;
  static override flags = { config: configFlag };

  async run(): Promise<void> {
    const { flags } = await this.parse(DatastoreMigrateLock);
    const { runLockCommand } = await import('../../../actions/datastore/lock-command.js');
    await runLockCommand(flags, false);
  }
}
