/**
 * How a command's CtlError reaches the user (shared by BaseCommand and the oclif-free fast
 * path in src/cli/fast-commands.ts): its message on stderr, or on stdout for a StdoutError;
 * nothing for a SilentFailure. The exit code (1) is the caller's business.
 */
import { CtlError, SilentFailure } from '../errors.js';
import { stderr, stdout } from './output.js';

/** An error calicoctl prints on stdout rather than stderr (e.g. client creation failures). */
export class StdoutError extends CtlError {
  readonly code = 'StdoutError';
}

export async function printCtlError(err: CtlError): Promise<void> {
  if (err instanceof SilentFailure || err.message === '') return;
  const text = err.message.endsWith('\n') ? err.message : `${err.message}\n`;
  await (err instanceof StdoutError ? stdout(text) : stderr(text));
}
