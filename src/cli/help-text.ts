/**
 * The one entry to help text, shared by the fast path (src/main.ts) and the oclif Help class,
 * so both print the same bytes. Loads kind names only for commands that list resource types.
 */
import type { HelpCommand, HelpContext } from './helpdata.js';
import { type HelpTarget, findHelpTarget, renderHelp } from './render-root.js';

/** Lower-case kind names for `Valid resource types are:`; the registry loads only when asked. */
export async function loadKindNames(): Promise<readonly string[]> {
  const { helpKindNames } = await import('../resources/registry.js');
  return helpKindNames();
}

export async function helpTextFor(target: HelpTarget, ctx: HelpContext): Promise<string> {
  const needsKinds = target.kind === 'command' && target.command.listsResourceTypes === true;
  const kindNames = needsKinds && !ctx.kindNames ? await loadKindNames() : ctx.kindNames;
  return renderHelp(target, { ...ctx, kindNames });
}

/** Help for the words of a command line (`['ipam', 'show']`, `[]` for the top level). */
export function helpTextForWords(words: readonly string[], ctx: HelpContext): Promise<string> {
  return helpTextFor(findHelpTarget(words, ctx.commands as HelpCommand[]), ctx);
}
