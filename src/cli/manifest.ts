/**
 * Command metadata for the fast path, read from oclif.manifest.json and package.json's
 * `oclif.topics` without loading @oclif/core.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HelpCommand, HelpTopic } from './helpdata.js';

export interface CommandIndex {
  commands: HelpCommand[];
  topics: HelpTopic[];
}

interface TopicJson {
  description?: string;
}

/** Topic names from package.json may use either separator; we use oclif's standard `:`. */
export function topicsFrom(topics: Record<string, TopicJson> | undefined): HelpTopic[] {
  return Object.entries(topics ?? {}).map(([name, t]) => ({ name: name.replaceAll(' ', ':'), description: t.description }));
}

/** undefined when there is no manifest (then oclif has to discover the commands itself). */
export function loadCommandIndex(root: string): CommandIndex | undefined {
  let manifest: { commands?: Record<string, HelpCommand> };
  try {
    manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8')) as typeof manifest;
  } catch {
    return undefined;
  }
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    oclif?: { topics?: Record<string, TopicJson> };
  };
  return { commands: Object.values(manifest.commands ?? {}), topics: topicsFrom(pkg.oclif?.topics) };
}
