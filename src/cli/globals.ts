/**
 * calicoctl's top-level options (`calicoctl [options] <command>`), as parsed by src/main.ts
 * before the command runs. Commands may read them; main also forwards them as flags to
 * commands that declare `--log-level`, `--context` or `--allow-version-mismatch`.
 */
import { DEFAULT_LOG_LEVEL, type LogLevel } from './loglevel.js';

export interface GlobalOptions {
  logLevel: LogLevel;
  /** Also exported as K8S_CURRENT_CONTEXT, which is how calicoctl implements it. */
  context?: string;
  allowVersionMismatch: boolean;
}

export const globalOptions: GlobalOptions = { logLevel: DEFAULT_LOG_LEVEL, allowVersionMismatch: false };
