/** CNI result and VERSION output in the caller's cniVersion. */
import { CNI_ERR, CniError } from './errors.js';

export const SUPPORTED_VERSIONS = ['0.3.0', '0.3.1', '0.4.0', '1.0.0'];

export function versionOutput(): string {
  return JSON.stringify({ cniVersion: '1.0.0', supportedVersions: SUPPORTED_VERSIONS });
}

/**
 * Refuses a config version this plugin cannot answer in, before anything is allocated or
 * released (as the CNI library's skeleton does for every command); CHECK needs 0.4.0 or later.
 */
export function checkConfigVersion(cniVersion: string, command: string): void {
  if (!SUPPORTED_VERSIONS.includes(cniVersion)) {
    throw new CniError(CNI_ERR.INCOMPATIBLE_VERSION, `incompatible CNI versions; config is "${cniVersion}", plugin supports ${JSON.stringify(SUPPORTED_VERSIONS)}`);
  }
  if (command === 'CHECK' && cniVersion.startsWith('0.3.')) {
    throw new CniError(CNI_ERR.INCOMPATIBLE_VERSION, 'config version does not allow CHECK');
  }
}

/** ips are `address/prefix` strings. 0.3.x/0.4.0 results carry `version` per address. */
export function addResult(cniVersion: string, ips: readonly string[]): string {
  checkConfigVersion(cniVersion, 'ADD');
  const legacy = cniVersion !== '1.0.0';
  return JSON.stringify({
    cniVersion,
    ips: ips.map((a) => (legacy ? { version: a.includes(':') ? '6' : '4', address: a } : { address: a })),
    dns: {},
  });
}

export function errorOutput(cniVersion: string, e: CniError): string {
  return JSON.stringify({ cniVersion, code: e.code, msg: e.message, details: e.details });
}
