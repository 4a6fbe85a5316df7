/**
 * Calico's UID translation between a v3 object and its backing Kubernetes object: every byte of
 * the UUID is bit-reversed except bytes 6 and 8 (which carry the version and variant), so the
 * result is still a valid UUID. The mapping is its own inverse.
 */
function reverseBits(b: number): number {
  let r = 0;
  for (let i = 0; i < 8; i++) r = (r << 1) | ((b >> i) & 1);
  return r;
}

const HEX = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;

/** The translated UID; a value that is not a UUID is returned unchanged. */
export function convertUID(uid: string): string {
  if (!HEX.test(uid)) return uid;
  const bytes = Buffer.from(uid.replace(/-/g, ''), 'hex');
  for (let i = 0; i < 16; i++) if (i !== 6 && i !== 8) bytes[i] = reverseBits(bytes[i]!);
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
