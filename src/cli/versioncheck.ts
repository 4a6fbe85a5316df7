/**
 * calicoctl's client/cluster version check (§12.1): versions must match exactly in
 * major.minor.patch after stripping a leading `v` on both sides (calico#6027) and
 * everything from the first `-` (so `v3.32.1-12-gabc` equals `3.32.1`).
 */

/** `v3.32.1-0.dev` → `3.32.1`. */
export function normalizeCalicoVersion(version: string): string {
  const s = version.trim().replace(/^v/, '');
  const dash = s.indexOf('-');
  return dash >= 0 ? s.slice(0, dash) : s;
}

/**
 * The mismatch message (without a trailing newline), or undefined when the versions match
 * or the cluster reports no version (the check is skipped then).
 */
export function checkVersionMismatch(clientVersion: string, clusterVersion: string | undefined): string | undefined {
  if (clusterVersion === undefined || clusterVersion.trim() === '') return undefined;
  const cluster = normalizeCalicoVersion(clusterVersion);
  if (normalizeCalicoVersion(clientVersion) === cluster) return undefined;
  return [
    'version mismatch.',
    `Client Version:   ${clientVersion}`,
    `Cluster Version:  ${cluster}`,
    'Use --allow-version-mismatch to override',
  ].join('\n');
}
