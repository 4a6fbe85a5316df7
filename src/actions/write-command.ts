/**
 * The -f based write commands (create, apply, replace) differ only in their verb, texts and
 * one flag: one factory builds each oclif command class.
 */
import { Flags } from '@oclif/core';
import { BaseCommand, configFlag, fileFlags, namespaceFlag, requiredFilenameFlag } from './base-command.js';
import { runWriteAction } from './write-action.js';

export interface WriteCommandText {
  summary: string;
  description: string;
  examples: string[];
}

const baseWriteFlags = {
  ...fileFlags,
  filename: requiredFilenameFlag,
  config: configFlag,
  namespace: namespaceFlag,
};

const skipExists = Flags.boolean({ description: 'Skip over and treat as successful any attempts to create an entry that already exists.' });

export function writeCommand(verb: 'create' | 'apply' | 'replace', text: WriteCommandText) {
  const flags = verb === 'create' ? { ...baseWriteFlags, 'skip-exists': skipExists } : baseWriteFlags;
  return class extends BaseCommand {
    static override summary = text.summary;
    static override description = text.description;
    static override usage =
      `${verb} --filename=<FILENAME> [--recursive] [--skip-empty]${verb === 'create' ? ' [--skip-exists]' : ''} [--config=<CONFIG>] [--namespace=<NS>] [--context=<context>] [--allow-version-mismatch]`;
    static override examples = text.examples;
    static listsResourceTypes = true;
    static override flags = flags;

    async run(): Promise<void> {
      const { flags: parsed } = await this.parse({ flags, baseFlags: BaseCommand.baseFlags, args: {}, strict: true });
      await runWriteAction(verb, parsed as Parameters<typeof runWriteAction>[1]);
    }
  };
}
