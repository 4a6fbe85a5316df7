/**
 * Whether to colour output written to `stream`: only on a terminal, never when NO_COLOR is set
 * (to any value, even empty) and never for TERM=dumb.
 */
export function useColor(
  stream: Pick<NodeJS.WriteStream, 'isTTY'>,
  env: Record<string, string | undefined> = process.env,
): boolean {
  if (env.NO_COLOR !== undefined) return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}
