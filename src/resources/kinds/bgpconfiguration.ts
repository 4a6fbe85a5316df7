import type { FieldError } from '../../errors.js';
import type { KindDefinition, Resource } from '../types.js';
import { Problems, checkEnum, checkIntRange, checkMaxItems } from '../validation/problems.js';
import { arr, isObj, obj, str } from '../validation/values.js';
import { checkMetadata } from '../validation/metadata.js';
import { checkConfigName, checkNameTag } from '../validation/names.js';
import { checkFormatCIDR, checkIP, tagReason } from '../validation/addresses.js';
import { parseIPOrCIDR } from '../validation/net.js';
import { checkASNumber, parseASNumber } from '../validation/asn.js';
import { goBool, goValue, nameColumn, specAt } from './columns.js';

const LOG_SEVERITY_RE = /^(Trace|Debug|Info|Warning|Error|Fatal)?$/i;

/** Fields only the `default` BGPConfiguration may set: [json name, Go name]. */
const DEFAULT_ONLY: readonly [string, string][] = [
  ['nodeToNodeMeshEnabled', 'NodeToNodeMeshEnabled'],
  ['asNumber', 'ASNumber'],
  ['serviceLoadBalancerIPs', 'ServiceLoadBalancerIPs'],
  ['serviceExternalIPs', 'ServiceExternalIPs'],
  ['serviceClusterIPs', 'ServiceClusterIPs'],
  ['nodeMeshPassword', 'NodeMeshPassword'],
  ['nodeMeshMaxRestartTime', 'NodeMeshMaxRestartTime'],
];

/** `aa:nn` (16-bit parts) or `aa:nn:mm` (32-bit parts); undefined when valid, else the reason. */
function communityProblem(v: string): string | undefined {
  const parts = /^(\d+):(\d+)$/.exec(v) ?? /^(\d+):(\d+):(\d+)$/.exec(v);
  if (!parts) return 'invalid community value or format used.';
  const bits = parts.length === 3 ? 16 : 32;
  if (parts.slice(1).some((n) => Number(n) >= 2 ** bits)) return `invalid community value, expected ${bits} bit value`;
  return undefined;
}

function checkCommunities(p: Problems, spec: Record<string, unknown>): void {
  const communities = arr(spec.communities).map(obj);
  checkMaxItems(p, 'spec.communities', spec.communities, 500);
  for (const c of communities) {
    checkNameTag(p, 'Name', c.name);
    const reason = typeof c.value === 'string' ? communityProblem(c.value) : 'invalid community value or format used.';
    if (reason) p.add('Spec.Communities[].Value', reason, c.value);
  }
  const ads = arr(spec.prefixAdvertisements).map(obj);
  checkMaxItems(p, 'spec.prefixAdvertisements', spec.prefixAdvertisements, 500);
  if (communities.length > 0 && ads.length === 0) {
    p.add('Spec.Communities[]', 'communities are defined but not used in Spec.PrefixAdvertisement[].', spec.communities);
    p.add('spec', 'communities are defined but not used in prefixAdvertisements');
  }
  const names = new Set(communities.map((c) => c.name));
  for (const ad of ads) {
    if (typeof ad.cidr !== 'string' || !parseIPOrCIDR(ad.cidr)) p.add('Spec.PrefixAdvertisement[].CIDR', 'invalid CIDR value.', ad.cidr);
    for (const c of arr(ad.communities)) {
      const literal = typeof c === 'string' && /^\d+:\d+(:\d+)?$/.test(c);
      if (literal) {
        const reason = communityProblem(c);
        if (reason) p.add('Spec.PrefixAdvertisement[].Communities[]', reason, c);
      } else if (!names.has(c)) {
        p.add('Spec.PrefixAdvertisement[].Communities[]', 'community used is invalid or not defined.', c);
      }
    }
  }
}

function checkCRD(p: Problems, spec: Record<string, unknown>): void {
  const sev = spec.logSeverityScreen;
  if (sev !== undefined && (typeof sev !== 'string' || !LOG_SEVERITY_RE.test(sev))) {
    p.add('spec.logSeverityScreen', "should match '^(?i)(Trace|Debug|Info|Warning|Error|Fatal)?$'");
  }
  checkIntRange(p, 'spec.listenPort', spec.listenPort, 1, 65535);
  checkIntRange(p, 'spec.ipv4NormalRoutePriority', spec.ipv4NormalRoutePriority, 1, 2147483646);
  checkIntRange(p, 'spec.ipv6NormalRoutePriority', spec.ipv6NormalRoutePriority, 1, 2147483646);
  checkEnum(p, 'spec.bindMode', spec.bindMode, ['None', 'NodeIP']);
  checkEnum(p, 'spec.programClusterRoutes', spec.programClusterRoutes, ['Enabled', 'Disabled', 'EnabledIPIPOnly', 'EnabledNoEncapOnly']);
  checkEnum(p, 'spec.serviceLoadBalancerAggregation', spec.serviceLoadBalancerAggregation, ['Enabled', 'Disabled']);
  for (const key of ['serviceClusterIPs', 'serviceExternalIPs', 'serviceLoadBalancerIPs']) {
    arr(spec[key]).forEach((b, i) => checkFormatCIDR(p, `spec.${key}[${i}].cidr`, obj(b).cidr));
  }
  const meshOff = spec.nodeToNodeMeshEnabled === false;
  if (meshOff && spec.nodeMeshPassword !== undefined) p.add('spec', 'nodeMeshPassword cannot be set when nodeToNodeMeshEnabled is false');
  if (meshOff && spec.nodeMeshMaxRestartTime !== undefined) {
    p.add('spec', 'nodeMeshMaxRestartTime cannot be set when nodeToNodeMeshEnabled is false');
  }
}

function validate(r: Resource): FieldError[] {
  const p = new Problems();
  checkMetadata(p, r);
  const name = r.metadata?.name;
  if (typeof name === 'string' && name !== '') checkConfigName(p, 'BGPConfiguration', name);
  const spec = isObj(r.spec) ? r.spec : {};
  if (typeof name === 'string' && name !== 'default') {
    for (const [json, go] of DEFAULT_ONLY) {
      if (spec[json] !== undefined && spec[json] !== null) {
        p.add(`BGPConfiguration.Spec.${go}`, `Cannot set ${json} on a non default BGP Configuration.`);
      }
    }
  }
  checkASNumber(p, 'ASNumber', spec.asNumber);
  arr(spec.ignoredInterfaces).forEach((v, i) => {
    const ok = typeof v === 'string' && v !== '*' && /^[a-zA-Z0-9_.*-]{1,15}$/.test(v);
    if (!ok) p.add(`IgnoredInterfaces[${i}]`, tagReason(`IgnoredInterfaces[${i}]`, 'ignoredInterface'), v);
  });
  checkIP(p, 'LocalWorkloadPeeringIPV4', spec.localWorkloadPeeringIPV4, 'ipv4');
  checkIP(p, 'LocalWorkloadPeeringIPV6', spec.localWorkloadPeeringIPV6, 'ipv6');
  checkCommunities(p, spec);
  checkCRD(p, spec);
  return p.list;
}

export const bgpConfiguration: KindDefinition = {
  kind: 'BGPConfiguration',
  plural: 'bgpconfigurations',
  aliases: ['bgpconfiguration', 'bgpconfigurations', 'bgpconfig', 'bgpconfigs'],
  scope: 'Cluster',
  listedInHelp: true,
  schemaName: 'bgpconfigurations',
  goSpecType: 'BGPConfigurationSpec',
  columns: {
    ps: ['NAME', 'LOGSEVERITY', 'MESHENABLED', 'ASNUMBER'],
    wide: ['NAME', 'LOGSEVERITY', 'MESHENABLED', 'ASNUMBER'],
    values: {
      NAME: nameColumn,
      LOGSEVERITY: (r) => goValue(specAt(r, 'logSeverityScreen')),
      MESHENABLED: (r) => {
        const v = specAt(r, 'nodeToNodeMeshEnabled');
        return v === undefined || v === null ? '-' : goBool(v);
      },
      ASNUMBER: (r) => {
        const v = specAt(r, 'asNumber');
        if (v === undefined || v === null) return '-';
        return String(parseASNumber(v) ?? str(v) ?? goValue(v));
      },
    },
  },
  validate,
};
