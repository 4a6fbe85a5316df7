/**
 * The resource commands that run without @oclif/core when their argv is plain (see flags.ts):
 * `get`, and `apply`/`create`/`replace -f`. They call the same action functions as their
 * oclif classes in src/commands, and report errors as BaseCommand does. Returns false when
 * oclif should run the command instead (unknown command, or argv this parser leaves to oclif).
 */
import type { HelpCommand } from './helpdata.js';
import { parseCommandArgv, type ParsedArgv } from './flags.js';

type Runner = (parsed: ParsedArgv) => Promise<void>;

const RUNNERS: Record<string, Runner> = {
  get: async ({ flags, argv }) => {
    const { runGet } = await import('../actions/get-action.js');
    await runGet(argv, flags as unknown as Parameters<typeof runGet>[1]);
  },
  apply: (p) => write('apply', p),
  create: (p) => write('create', p),
  replace: (p) => write('replace', p),
};

async function write(verb: 'apply' | 'create' | 'replace', { flags }: ParsedArgv): Promise<void> {
  const { runWriteAction } = await import('../actions/write-action.js');
  await runWriteAction(verb, flags as unknown as Parameters<typeof runWriteAction>[1]);
}

/**
 * Runs `cmd` with `argv` if it is one of ours and the argv is plain. Errors other than our own
 * (CtlError: printed, exit 1) go to `report`, as they would from oclif.
 */
export async function runFast(cmd: HelpCommand, argv: readonly string[], report: (err: unknown) => Promise<void>): Promise<boolean> {
  const runner = RUNNERS[cmd.id];
  if (!runner) return false;
  const parsed = parseCommandArgv(cmd, argv);
  if (!parsed) return false;
  try {
    await runner(parsed);
  } catch (err) {
    const { CtlError } = await import('../errors.js');
    if (err instanceof CtlError) {
      const { printCtlError } = await import('../actions/ctl-error.js');
      await printCtlError(err);
      process.exitCode = 1;
    } else await report(err);
  }
  return true;
}
