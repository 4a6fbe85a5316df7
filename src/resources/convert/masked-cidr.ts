/**
 * Go's IPNet.String() of net.ParseCIDR, as the Kubernetes policy converter needs it. Its own
 * module so that kinds can use it without importing the document reader (which imports the
 * registry, and so every kind).
 */
import { formatIP, parseCIDR } from '../validation/net.js';

/** Go's IPNet.String() of net.ParseCIDR: the network address (host bits cleared) and prefix. */
export function maskedCIDR(text: string): string | undefined {
  const c = parseCIDR(text);
  if (!c) return undefined;
  const bytes = c.bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, c.prefix - i * 8));
    return b & ((0xff << (8 - keep)) & 0xff);
  });
  return `${formatIP({ family: c.family, bytes })}/${c.prefix}`;
}
