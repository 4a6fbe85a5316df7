/**
 * oclif Help class (package.json `oclif.helpClass`): calicoctl-style help through the same
 * renderer as the fast path in src/main.ts.
 */
import { type Command, HelpBase, type Interfaces } from '@oclif/core';
import type { HelpCommand, HelpContext } from './helpdata.js';
import { programFor } from './helpdata.js';
import { helpTextFor, helpTextForWords } from './help-text.js';
import { toStdout } from './io.js';

/**
 * Help context from a loaded oclif Config (its commands have the manifest's shape). The program
 * name comes from src/main.ts (CALICOCTL_PROGRAM_NAME), as oclif's run() reloads the Config.
 */
export function contextFromConfig(config: Interfaces.Config): HelpContext {
  return {
    ...programFor(process.env.CALICOCTL_PROGRAM_NAME ?? config.bin),
    commands: config.commands as unknown as HelpCommand[],
    topics: config.topics.map((t) => ({ name: t.name, description: t.description })),
  };
}

export default class CalicoHelp extends HelpBase {
  async showHelp(argv: string[]): Promise<void> {
    await toStdout(await helpTextForWords(argv, contextFromConfig(this.config)));
  }

  async showCommandHelp(command: Command.Loadable): Promise<void> {
    const ctx = contextFromConfig(this.config);
    await toStdout(await helpTextFor({ kind: 'command', command: command as unknown as HelpCommand }, ctx));
  }
}
