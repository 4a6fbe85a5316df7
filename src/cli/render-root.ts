/**
 * Top-level and router (topic) help, and the choice of which help a list of words asks for.
 * Commands are listed only when they exist, so commands appear here as they are added.
 */
import type { HelpCommand, HelpContext, Program } from './helpdata.js';
import { displayId } from './helpdata.js';
import { renderCommandHelp } from './render-command.js';
import { OPTION_COLUMN } from './text.js';

/** calicoctl's own summaries for the top-level list, in its order. */
const ROOT_ENTRIES: ReadonlyArray<readonly [string, string]> = [
  ['create', 'Create a resource by file, directory or stdin.'],
  ['replace', 'Replace a resource by file, directory or stdin.'],
  [
    'apply',
    'Apply a resource by file, directory or stdin.  This creates a resource\n' +
      'if it does not exist, and replaces a resource if it does exists.',
  ],
  ['patch', 'Patch a preexisting resource in place.'],
  ['delete', 'Delete a resource identified by file, directory, stdin or resource type and\nname.'],
  ['get', 'Get a resource identified by file, directory, stdin or resource type and\nname.'],
  ['label', 'Add or update labels of resources.'],
  ['convert', 'Convert config files between different API versions.'],
  ['validate', 'Validate a resource by file, directory or stdin without applying it.'],
  ['ipam', 'IP address management.'],
  ['node', 'Calico node management.'],
  ['version', 'Display the version of this binary.'],
  ['datastore', 'Calico datastore management.'],
  ['cluster', 'Access cluster information.'],
];

const ROOT_OPTIONS = [
  'Options:',
  '  -h --help                    Show this screen.',
  '  -l --log-level=<level>       Set the log level (one of panic, fatal, error,',
  '                               warn, info, debug) [default: panic]',
  '     --context=<context>       The name of the kubeconfig context to use.',
  '     --allow-version-mismatch  Allow client and cluster versions mismatch.',
].join('\n');

const isTopic = (name: string, commands: readonly HelpCommand[]): boolean =>
  commands.some((c) => c.id.startsWith(`${name}:`));

/** Direct children of `prefix` ('' = top level) with their one-line summaries. */
function children(ctx: HelpContext, prefix: string): Map<string, string> {
  const out = new Map<string, string>();
  const start = prefix === '' ? '' : `${prefix}:`;
  for (const c of ctx.commands) {
    if (c.hidden || !c.id.startsWith(start)) continue;
    const name = c.id.slice(start.length).split(':')[0] ?? '';
    const full = start + name;
    const own = ctx.commands.find((x) => x.id === full);
    const summary =
      own?.summary ?? own?.description?.split('\n')[0] ?? ctx.topics.find((t) => t.name === full)?.description ?? '';
    if (name) out.set(name, summary);
  }
  return out;
}

function listLines(entries: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.max(13, ...entries.map(([n]) => n.length + 2));
  return entries.flatMap(([name, summary]) =>
    summary.split('\n').map((l, i) => (i === 0 ? `    ${name.padEnd(width)}${l}` : `${' '.repeat(4 + width)}${l}`).trimEnd()),
  );
}

/** The top-level `Usage:` section alone (printed on stderr for bad top-level options). */
export function rootUsage(program: Program): string {
  return `Usage:\n  ${program.bin} [options] <command> [<args>...]`;
}

export function renderRootHelp(ctx: HelpContext): string {
  const present = children(ctx, '');
  const known = ROOT_ENTRIES.filter(([n]) => present.has(n));
  const extra = [...present].filter(([n]) => !ROOT_ENTRIES.some(([k]) => k === n)).sort(([a], [b]) => a.localeCompare(b));
  const what = ctx.kubectlPlugin ? 'calico kubectl plugin' : `${ctx.bin} command line tool`;
  const description = [
    'Description:',
    `  The ${what} is used to manage Calico network and security`,
    '  policy, to view and manage endpoint configuration, and to manage a Calico',
    '  node instance.',
    '',
    `  See '${ctx.bin} <command> --help' to read about a specific subcommand.`,
    ...(ctx.kubectlPlugin
      ? ['', `  As a kubectl plugin (${ctx.bin} on your PATH) it is also invoked as`, `  'kubectl calico [options] <command> [<args>...]'.`]
      : []),
  ].join('\n');
  return [rootUsage(ctx), listLines([...known, ...extra]).join('\n'), ROOT_OPTIONS, description].join('\n\n') + '\n';
}

/** Help of a router such as `ipam` or `datastore migrate`: its sub-commands. */
export function renderTopicHelp(topic: string, ctx: HelpContext): string {
  const words = displayId(topic);
  const description = ctx.topics.find((t) => t.name === topic)?.description ?? `${words} commands.`;
  return [
    `Usage:\n  ${ctx.bin} ${words} <command> [<args>...]`,
    listLines([...children(ctx, topic)]).join('\n'),
    `Options:\n${'  -h --help'.padEnd(OPTION_COLUMN)}Show this screen.`,
    `Description:\n  ${description}\n\n  See '${ctx.bin} ${words} <command> --help' to read about a specific subcommand.`,
  ].join('\n\n') + '\n';
}

export type HelpTarget =
  | { kind: 'root' }
  | { kind: 'command'; command: HelpCommand }
  | { kind: 'topic'; name: string };

/** The longest run of leading words naming a command or router; flags are ignored. */
export function findHelpTarget(words: readonly string[], commands: readonly HelpCommand[]): HelpTarget {
  const plain = words.filter((w) => !w.startsWith('-'));
  let target: HelpTarget = { kind: 'root' };
  for (let i = 1; i <= plain.length; i++) {
    const id = plain.slice(0, i).join(':');
    const command = commands.find((c) => c.id === id);
    if (command) target = { kind: 'command', command };
    else if (isTopic(id, commands)) target = { kind: 'topic', name: id };
    else break;
  }
  return target;
}

export function renderHelp(target: HelpTarget, ctx: HelpContext): string {
  if (target.kind === 'command') return renderCommandHelp(target.command, ctx);
  if (target.kind === 'topic') return renderTopicHelp(target.name, ctx);
  return renderRootHelp(ctx);
}
