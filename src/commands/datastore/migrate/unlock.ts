import { BaseCommand, configFlag } from '../../../actions/base-command.js';

export default class DatastoreMigrateUnlock extends BaseCommand {
  static override summary = 'Unlock the datastore to allow changes once the migration is completed.';
  static override description =
    'Unlock the datastore once a migration is complete (or abandoned): sets datastoreReady to ' +
    'true in ClusterInformation "default" so that Calico components resume their work.';
  static override usage = 'datastore migrate unlock [--config=<CONFIG>] [--allow-version-mismatch]';
  static override examples = ['# Unlock the datastore.\ncalicoctl datastore migrate unlock'];
  static datastoreIntro = true;
  static override flags = { config: configFlag };

  async run(): Promise<void> {
    const { flags } = await this.parse(DatastoreMigrateUnlock);
    const { runLockCommand } = await import('../../../actions/datastore/lock-command.js');
    await runLockCommand(flags, true);
  }
}
