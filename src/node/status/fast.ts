/**
 * `node status` without loading oclif, for src/main.ts's fast path: parses the command's own
 * argv (the flags of src/commands/node/status.ts) and runs it. Returns undefined for anything
 * it does not recognise, so that oclif parses it and reports the problem in its usual way.
 */
import { parseGoDuration } from '../../cli/duration.js';
import { DEFAULT_RUN_DIR } from './collect.js';
import { runNodeStatus, type StatusOptions } from './run.js';

export function parseStatusArgv(argv: readonly string[]): StatusOptions | undefined {
  const opts: StatusOptions = { runDir: DEFAULT_RUN_DIR, output: 'text' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const value = (): string | undefined => (a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : argv[++i]);
    if (a === '--allow-version-mismatch') continue;
    if (name === '-c' || name === '--config') {
      const v = value();
      if (v === undefined) return undefined;
      opts.configPath = v;
    } else if (name === '--run-dir') {
      const v = value();
      if (v === undefined || v === '') return undefined;
      opts.runDir = v;
    } else if (name === '-o' || name === '--output') {
      const v = value();
      if (v !== 'json' && v !== 'text') return undefined;
      opts.output = v;
    } else if (name === '--wait') {
      const v = value();
      const ms = v === undefined ? undefined : parseGoDuration(v);
      if (ms === undefined || ms < 0) return undefined;
      opts.waitMs = ms;
      opts.waitText = v;
    } else return undefined;
  }
  return opts;
}

/** Exit status, or undefined when oclif should handle these arguments. */
export async function fastNodeStatus(argv: readonly string[]): Promise<number | undefined> {
  const opts = parseStatusArgv(argv);
  return opts ? runNodeStatus(opts) : undefined;
}
