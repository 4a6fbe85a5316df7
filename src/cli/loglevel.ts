/**
 * calicoctl's `-l/--log-level`. It accepts what logrus.ParseLevel accepts (case-insensitive,
 * including `warning` and `trace`) but advertises the six documented levels.
 */
const ACCEPTED = ['panic', 'fatal', 'error', 'warn', 'warning', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof ACCEPTED)[number];

export const DEFAULT_LOG_LEVEL: LogLevel = 'panic';

/** The canonical level, or undefined when `level` is not one. */
export function parseLogLevel(level: string): LogLevel | undefined {
  const l = level.toLowerCase();
  return (ACCEPTED as readonly string[]).includes(l) ? (l as LogLevel) : undefined;
}

/** calicoctl prints this on stdout and exits 1 (note the space before the line break). */
export function unknownLogLevelMessage(level: string): string {
  return `Unknown log level: ${level}, expected one of: \npanic, fatal, error, warn, info, debug.`;
}
