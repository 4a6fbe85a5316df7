/**
 * One calico-ipam invocation as a pure function of its inputs: CNI_* and datastore env vars plus
 * the netconf on stdin in, `{stdout, exitCode}` out. The in-process plugin (main.ts) and the
 * resident daemon (daemon/server.ts) both call this, so their output is byte-identical.
 */
import { CNI_ERR, CniError } from './errors.js';
import { parseNetConf } from './netconf.js';
import { checkConfigVersion, errorOutput, versionOutput } from './result.js';
import type { OperationOptions } from './ops.js';

export interface PluginOutput {
  /** Everything the plugin writes on stdout (result or error JSON and a newline, or nothing). */
  stdout: string;
  exitCode: number;
}

/** The netconf text, or a reader for it (so VERSION never waits for stdin). */
export type StdinSource = string | (() => Promise<string>);

const REQUIRED: Record<string, string[]> = {
  ADD: ['CNI_CONTAINERID', 'CNI_NETNS', 'CNI_IFNAME', 'CNI_PATH'],
  CHECK: ['CNI_CONTAINERID', 'CNI_NETNS', 'CNI_IFNAME', 'CNI_PATH'],
  DEL: ['CNI_CONTAINERID', 'CNI_IFNAME', 'CNI_PATH'],
};

/** Datastore connectivity problems are "try again later" (11); anything unexpected is 999. */
function toCniError(e: unknown): CniError {
  if (e instanceof CniError) return e;
  const err = e as Error & { code?: unknown };
  if (err?.code === 'DatastoreUnavailable') return new CniError(CNI_ERR.TRY_AGAIN_LATER, err.message);
  return new CniError(CNI_ERR.INTERNAL, err?.message ?? String(e));
}

async function execute(env: NodeJS.ProcessEnv, stdin: StdinSource, opts: OperationOptions): Promise<string> {
  const command = env.CNI_COMMAND ?? '';
  if (command === '') throw new CniError(CNI_ERR.INVALID_ENV, 'required env variables [CNI_COMMAND] missing');
  if (command === 'VERSION') return versionOutput();
  const required = REQUIRED[command];
  if (!required) throw new CniError(CNI_ERR.INVALID_ENV, `unknown CNI_COMMAND: ${command}`);
  const missing = required.filter((k) => !env[k]);
  if (missing.length > 0) throw new CniError(CNI_ERR.INVALID_ENV, `required env variables [${missing.join(',')}] missing`);
  const conf = parseNetConf(typeof stdin === 'string' ? stdin : await stdin(), env);
  try {
    checkConfigVersion(conf.cniVersion, command);
  } catch (e) {
    throw Object.assign(e as CniError, { cniVersion: conf.cniVersion });
  }
  const { runOperation } = await import('./ops.js');
  try {
    return await runOperation({
      command: command as 'ADD' | 'DEL' | 'CHECK',
      containerId: env.CNI_CONTAINERID!,
      ifName: env.CNI_IFNAME!,
      args: env.CNI_ARGS,
      conf,
    }, opts);
  } catch (e) {
    throw Object.assign(toCniError(e), { cniVersion: conf.cniVersion });
  }
}

/**
 * Runs one CNI command; never throws (failures are CNI error JSON with exit code 1). `opts`
 * (e.g. the daemon's kept-open clients) only changes how the datastore is reached, never the output.
 */
export async function runCni(env: NodeJS.ProcessEnv, stdin: StdinSource, opts: OperationOptions = {}): Promise<PluginOutput> {
  try {
    const out = await execute(env, stdin, opts);
    return { stdout: out ? `${out}\n` : '', exitCode: 0 };
  } catch (e) {
    const err = toCniError(e);
    const v = (e as { cniVersion?: string }).cniVersion ?? '1.0.0';
    return { stdout: `${errorOutput(v, err)}\n`, exitCode: 1 };
  }
}
