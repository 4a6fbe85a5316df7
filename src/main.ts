/**
 * Process entry. Top-level argv is handled here, docopt style (src/cli/router.ts), from
 * oclif.manifest.json alone: help, `--version`, usage errors and `version --client` are
 * answered without loading @oclif/core (cold start), and so are the resource commands with
 * plain argv (src/cli/fast-commands.ts). Everything else runs through oclif. Modules only
 * some paths need (help rendering, version text) are imported where they are used.
 * Nothing here calls process.exit: we set process.exitCode and let the event loop drain.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { globalOptions } from './cli/globals.js';
import type { HelpCommand, HelpContext, Program } from './cli/helpdata.js';
import { programFor } from './cli/helpdata.js';
import { ignoreBrokenPipes, toStderr, toStdout } from './cli/io.js';
import { unknownLogLevelMessage } from './cli/loglevel.js';
import { loadCommandIndex } from './cli/manifest.js';
import { type Route, route } from './cli/router.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

type OclifConfig = import('@oclif/core').Config;

async function loadOclif(program: Program): Promise<OclifConfig> {
  const { Config } = await import('@oclif/core');
  const config = await Config.load({ root: ROOT });
  if (program.kubectlPlugin) config.bin = program.bin;
  return config;
}

async function helpContext(program: Program): Promise<HelpContext> {
  const index = loadCommandIndex(ROOT);
  if (index) return { ...program, ...index };
  // No manifest (a build without `oclif manifest`): let oclif discover the commands.
  const { contextFromConfig } = await import('./cli/help.js');
  return contextFromConfig(await loadOclif(program));
}

/** Why oclif refused the arguments: its text minus headers, hints and colours. */
function parseReason(err: Error): string {
  return err.message
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^(See more help with|The following errors? occurred)/.test(l))
    .join('\n');
}

/** oclif's argument/flag parsing failures (its parse error classes, and plain CLIErrors of the parser). */
function isParseError(e: Error & { oclif?: unknown }): boolean {
  return ('parse' in e && 'showHelp' in e) || (e.oclif !== undefined && /^(Flag --|Unexpected flag )/.test(e.message));
}

/** Reports anything a command threw: one message, no stack trace (unless logging at debug). */
async function report(err: unknown, command: HelpCommand | undefined, program: Program): Promise<void> {
  const e = err as Error & { code?: string; oclif?: { exit?: number }; parse?: unknown; showHelp?: unknown };
  if (e?.code === 'EEXIT') {
    process.exitCode = e.oclif?.exit ?? 1;
    return;
  }
  process.exitCode = 1;
  if (e instanceof Error && isParseError(e)) {
    const { rootUsage } = await import('./cli/render-root.js');
    const { usageSection } = await import('./cli/render-command.js');
    const usage = command ? `${usageSection(command, program)}\n` : `${rootUsage(program)}\n`;
    await toStderr(`${parseReason(e)}\n${usage}`);
    return;
  }
  const debug = globalOptions.logLevel === 'debug' || globalOptions.logLevel === 'trace';
  const text = e instanceof Error ? (debug && e.stack ? e.stack : e.message) : String(err);
  if (text !== '') await toStderr(text.endsWith('\n') ? text : `${text}\n`);
}

/** `version --client`, give or take global options that do not change its output. */
function isClientOnly(argv: readonly string[]): boolean {
  const own = argv.filter((a) => !/^--(log-level|context)=/.test(a) && a !== '--allow-version-mismatch');
  return own.length === 1 && own[0] === '--client';
}

async function runCommand(r: Extract<Route, { action: 'run' }>, ctx: HelpContext): Promise<void> {
  Object.assign(globalOptions, r.globals);
  if (r.globals.context !== undefined) process.env.K8S_CURRENT_CONTEXT = r.globals.context;
  if (r.id === 'version' && isClientOnly(r.argv)) {
    const { clientVersionLines } = await import('./cli/version-info.js');
    await toStdout(`${clientVersionLines().join('\n')}\n`);
    return;
  }
  if (r.id === 'node:status') {
    // `node status` runs in tight CI loops: its flags are parsed without loading oclif
    // (anything it does not recognise falls through to oclif for the usual errors).
    const { fastNodeStatus } = await import('./node/status/fast.js');
    const code = await fastNodeStatus(r.argv);
    if (code !== undefined) {
      process.exitCode = code;
      return;
    }
  }
  const command = ctx.commands.find((c) => c.id === r.id);
  if (command && !process.env.CALICOCTL_OCLIF_COMMANDS) {
    // Resource commands with plain argv skip @oclif/core (src/cli/fast-commands.ts);
    // CALICOCTL_OCLIF_COMMANDS=1 runs them through oclif (to compare the two).
    const { runFast } = await import('./cli/fast-commands.js');
    if (await runFast(command, r.argv, (err) => report(err, command, ctx))) return;
  }
  try {
    const config = await loadOclif(ctx);
    await config.runCommand(r.id, r.argv);
  } catch (err) {
    await report(err, command, ctx);
  }
}

async function dispatch(r: Route, ctx: HelpContext, args: readonly string[]): Promise<void> {
  if (r.action === 'run') return runCommand(r, ctx);
  const { helpTextForWords } = await import('./cli/help-text.js');
  const { renderRootHelp, rootUsage } = await import('./cli/render-root.js');
  switch (r.action) {
    case 'help':
      return toStdout(await helpTextForWords(r.words, ctx));
    case 'topic':
      // calicoctl's routers print their help and succeed on a missing/unknown sub-command.
      return toStdout(await helpTextForWords(r.id.split(':'), ctx));
    case 'version-flag':
      return toStdout("Run 'calicoctl version' to see version information.\n");
    case 'invalid-option':
      process.exitCode = 1;
      await toStderr(`${rootUsage(ctx)}\n`);
      return toStdout(`Invalid option: '${args.join(' ')}'. Use flag '--help' to read about a specific subcommand.\n`);
    case 'bad-log-level':
      process.exitCode = 1;
      return toStdout(`${unknownLogLevelMessage(r.level)}\n`);
    case 'unknown-command':
      process.exitCode = 1;
      return toStderr(`unknown command: ${JSON.stringify(r.name)}\n${renderRootHelp(ctx)}`);
  }
}

/** Everything through oclif's own `run` (help via src/cli/help.ts); used to test the fast path. */
async function viaOclif(args: string[], program: Program): Promise<void> {
  try {
    const { run } = await import('@oclif/core');
    await run(args, await loadOclif(program));
  } catch (err) {
    await report(err, undefined, program);
  }
}

export async function main(argv: string[]): Promise<void> {
  ignoreBrokenPipes();
  const program = programFor(argv[1]);
  // A stray rejection from a command is still a one-line error, not a stack trace.
  process.on('unhandledRejection', (reason) => void report(reason, undefined, program));
  if (program.kubectlPlugin) process.env.CALICOCTL_PROGRAM_NAME = program.bin;
  const args = argv.slice(2);
  try {
    if (process.env.CALICOCTL_NO_FASTPATH) return await viaOclif(args, program);
    const ctx = await helpContext(program);
    await dispatch(route(args, ctx.commands), ctx, args);
  } catch (err) {
    await report(err, undefined, program);
  }
}
