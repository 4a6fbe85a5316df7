import { Command, Flags } from '@oclif/core';

export default class Version extends Command {
  static override summary = 'Display the version of this binary.';
  static override flags = {
    client: Flags.boolean({ description: 'Display only the client version.' }),
  };
  async run(): Promise<void> {
    const { flags } = await this.parse(Version);
    this.log('Client Version:    v3.32.1');
    if (flags.client) return;
  }
}
