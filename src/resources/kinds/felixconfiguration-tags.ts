/**
 * FelixConfiguration's Go validator tags that the CRD schema does not carry: port and
 * priority ranges, the Prometheus host pattern, the connmark range, and interface-pattern
 * fields that must be valid regular expressions. Reported with go-playground's literal reason.
 */
import type { Problems } from '../validation/problems.js';
import { tagReason } from '../validation/addresses.js';
import { goRegExp } from '../schema/crd-rules.js';
import { arr, obj } from '../validation/values.js';

/** [json field, Go field, exclusive lower bound (gt), inclusive upper bound (lte)] */
const RANGES: ReadonlyArray<readonly [string, string, number, number]> = [
  ['wireguardListeningPort', 'WireguardListeningPort', 0, 65535],
  ['wireguardListeningPortV6', 'WireguardListeningPortV6', 0, 65535],
  ['wireguardRoutingRulePriority', 'WireguardRoutingRulePriority', 0, 32765],
  ['ipv4ElevatedRoutePriority', 'IPv4ElevatedRoutePriority', 0, 2147483646],
  ['ipv6ElevatedRoutePriority', 'IPv6ElevatedRoutePriority', 0, 2147483646],
];

const PATTERN_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ['bpfDataIfacePattern', 'BPFDataIfacePattern'],
  ['bpfL3IfacePattern', 'BPFL3IfacePattern'],
  ['mtuIfacePattern', 'MTUIfacePattern'],
  ['nftablesFlowTableDataIfacePattern', 'NftablesFlowTableDataIfacePattern'],
];

const PROMETHEUS_HOST = /^[a-zA-Z0-9:._+-]{1,64}$/;
const HEALTH_NAME = /^[a-zA-Z0-9_ -]+$/;

function compiles(pattern: string): boolean {
  try {
    goRegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

export function checkFelixTags(p: Problems, spec: Record<string, unknown>): void {
  for (const [key, go, gt, lte] of RANGES) {
    const v = spec[key];
    if (typeof v !== 'number') continue;
    if (v <= gt) p.add(go, tagReason(go, 'gt'), v);
    else if (v > lte) p.add(go, tagReason(go, 'lte'), v);
  }
  const connmark = spec.bpfExtToServiceConnmark;
  if (typeof connmark === 'number' && (connmark < 0 || connmark > 4294967295)) {
    p.add('BPFExtToServiceConnmark', tagReason('BPFExtToServiceConnmark', connmark < 0 ? 'gte' : 'lte'), connmark);
  }
  const host = spec.prometheusMetricsHost;
  if (typeof host === 'string' && host !== '' && !PROMETHEUS_HOST.test(host)) {
    p.add('PrometheusMetricsHost', tagReason('PrometheusMetricsHost', 'prometheusHost'), host);
  }
  for (const [key, go] of PATTERN_FIELDS) {
    const v = spec[key];
    if (typeof v === 'string' && v !== '' && !compiles(v)) p.add(go, tagReason(go, 'regexp'), v);
  }
  arr(spec.healthTimeoutOverrides).forEach((o, i) => {
    const { name, timeout } = obj(o);
    const field = `HealthTimeoutOverrides[${i}].Name`;
    if (typeof name !== 'string' || !HEALTH_NAME.test(name)) p.add(field, tagReason(field, 'regexp'), name ?? '');
    if (typeof timeout === 'string' && timeout.startsWith('-')) {
      p.add(`HealthTimeoutOverrides[${i}].Timeout`, 'timeout must be >= 0', timeout);
    }
  });
}
