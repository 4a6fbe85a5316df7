/**
 * One command's help in calicoctl's docopt layout: optional datastore paragraph, `Usage:`,
 * `Examples:`, `Options:` (short and long on one line, descriptions at column 31) and
 * `Description:` (with the `Valid resource types are:` list for resource commands).
 */
import type { HelpCommand, HelpContext, HelpFlag } from './helpdata.js';
import { displayId } from './helpdata.js';
import { OPTION_COLUMN, WIDTH, dedentTail, indentBlock, usageTokens, withProgram, wrapLine, wrapTokens } from './text.js';

const DATASTORE_INTRO =
  'Set the Calico datastore access information in the environment variables or\n' +
  'supply details in a config file.';

/** Where the list goes in a description; without it the list follows the first paragraph. */
export const RESOURCE_TYPES_PLACEHOLDER = '<RESOURCE_TYPES>';

/** calicoctl's global options: listed after a command's own options, in this order. */
const GLOBAL_LAST = ['log-level', 'context', 'allow-version-mismatch'];

function visibleFlags(cmd: HelpCommand): HelpFlag[] {
  const flags = Object.values(cmd.flags).filter((f) => !f.hidden && f.name !== 'help');
  const own = flags.filter((f) => !GLOBAL_LAST.includes(f.name));
  const globals = GLOBAL_LAST.flatMap((n) => flags.filter((f) => f.name === n));
  return [...own, ...globals];
}

function valueName(f: HelpFlag): string {
  const hv = Array.isArray(f.helpValue) ? f.helpValue.join('|') : (f.helpValue as string | undefined);
  if (!hv) return `<${f.name.toUpperCase()}>`;
  return hv.startsWith('<') ? hv : `<${hv}>`;
}

const takesValue = (f: HelpFlag): boolean => f.type !== 'boolean';

function generatedUsage(cmd: HelpCommand): string {
  const args = Object.values(cmd.args).filter((a) => !a.hidden);
  const parts = args.map((a, i) => {
    const rep = cmd.strict === false && i === args.length - 1 ? '...' : '';
    return a.required ? `<${a.name.toUpperCase()}>${rep}` : `[<${a.name.toUpperCase()}>${rep}]`;
  });
  for (const f of visibleFlags(cmd)) {
    const spec = takesValue(f) ? `--${f.name}=${valueName(f)}` : `--${f.name}`;
    parts.push(f.required ? spec : `[${spec}]`);
  }
  return [displayId(cmd.id), ...parts].join(' ');
}

/** Usage patterns without the program name, each starting with the command words. */
function usagePatterns(cmd: HelpCommand): string[] {
  const words = displayId(cmd.id);
  const given = typeof cmd.usage === 'string' ? [cmd.usage] : [...(cmd.usage ?? [])];
  if (!given.length) return [generatedUsage(cmd)];
  return given.map((u) => {
    const p = u
      .replace(/<%=\s*command\.id\s*%>/g, words)
      .replace(/^\s*(<%=\s*config\.bin\s*%>|calicoctl)\s+/, '')
      .trim();
    return p === words || p.startsWith(`${words} `) ? p : `${words} ${p}`;
  });
}

/** `Usage:` and the patterns, wrapped so continuation lines line up under the first argument. */
export function usageSection(cmd: HelpCommand, ctx: Pick<HelpContext, 'bin'>): string {
  const lead = `  ${ctx.bin} ${displayId(cmd.id)} `;
  const lines = usagePatterns(cmd).flatMap((pattern) => {
    const [first = '', ...more] = pattern.split('\n');
    const body = [first.slice(displayId(cmd.id).length).trim(), ...more.map((l) => l.trim())];
    return body.flatMap((b, i) => {
      const start = i === 0 ? lead : ' '.repeat(lead.length);
      return wrapTokens(start, usageTokens(b), WIDTH, ' '.repeat(lead.length));
    });
  });
  return withProgram(['Usage:', ...lines].join('\n'), ctx.bin, displayId(cmd.id));
}

function optionLine(spec: string, description: string): string[] {
  const textWidth = WIDTH - OPTION_COLUMN;
  const pad = ' '.repeat(OPTION_COLUMN);
  // A description with line breaks is laid out by its author (as calicoctl's are); others are wrapped.
  const text = description.includes('\n')
    ? description.split('\n').map((l) => l.trim())
    : wrapLine(description.trim(), textWidth);
  const head = spec.length <= OPTION_COLUMN - 2 ? spec.padEnd(OPTION_COLUMN) : null;
  if (!text.length) return [spec];
  if (head === null) return [spec, ...text.map((t) => pad + t)];
  return [head + (text[0] ?? ''), ...text.slice(1).map((t) => pad + t)].map((l) => l.trimEnd());
}

function defaultText(f: HelpFlag): string | undefined {
  if (!takesValue(f) || f.default === undefined || f.default === null || f.default === '') return undefined;
  if (Array.isArray(f.default)) return f.default.length ? f.default.join(',') : undefined;
  return typeof f.default === 'object' ? JSON.stringify(f.default) : String(f.default);
}

export function optionsSection(cmd: HelpCommand): string {
  const lines = optionLine('  -h --help', 'Show this screen.');
  for (const f of visibleFlags(cmd)) {
    const spec = `  ${f.char ? `-${f.char} ` : '   '}--${f.name}${takesValue(f) ? `=${valueName(f)}` : ''}`;
    const def = defaultText(f);
    const description = f.description ?? f.summary ?? '';
    lines.push(...optionLine(spec, description));
    if (def !== undefined) lines.push(`${' '.repeat(OPTION_COLUMN)}[default: ${def}]`);
  }
  return ['Options:', ...lines].join('\n');
}

function examplesSection(cmd: HelpCommand): string | undefined {
  const list = typeof cmd.examples === 'string' ? [cmd.examples] : (cmd.examples ?? []);
  if (!list.length) return undefined;
  const blocks = list.map((e) =>
    indentBlock(dedentTail(typeof e === 'string' ? e : `# ${e.description}\n${e.command}`), '  ', Infinity),
  );
  return ['Examples:', blocks.join('\n\n')].join('\n');
}

function resourceTypesBlock(names: readonly string[]): string {
  return ['Valid resource types are:', '', ...names.map((n) => `  - ${n}`)].join('\n');
}

function descriptionSection(cmd: HelpCommand, kindNames: readonly string[] | undefined): string | undefined {
  let text = (cmd.description ?? cmd.summary ?? '').trim();
  if (cmd.listsResourceTypes && kindNames?.length) {
    const block = resourceTypesBlock(kindNames);
    const paragraphs = text === '' ? [] : text.split(/\n\s*\n/);
    if (text.includes(RESOURCE_TYPES_PLACEHOLDER)) text = text.replace(RESOURCE_TYPES_PLACEHOLDER, block);
    else text = [...paragraphs.slice(0, 1), block, ...paragraphs.slice(1)].join('\n\n');
  } else {
    text = text.replace(new RegExp(`\\n?${RESOURCE_TYPES_PLACEHOLDER}\\n?`), '\n');
  }
  if (text === '') return undefined;
  return ['Description:', indentBlock(text, '  ')].join('\n');
}

/** The full help of one command, ending with a newline. */
export function renderCommandHelp(cmd: HelpCommand, ctx: HelpContext): string {
  const sections = [
    cmd.datastoreIntro ? DATASTORE_INTRO : undefined,
    usageSection(cmd, ctx),
    examplesSection(cmd),
    optionsSection(cmd),
    descriptionSection(cmd, ctx.kindNames),
  ].filter((s): s is string => s !== undefined);
  return `${withProgram(sections.join('\n\n'), ctx.bin, displayId(cmd.id))}\n`;
}
