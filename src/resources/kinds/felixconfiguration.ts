import type { FieldError } from '../../errors.js';
import type { KindDefinition, Resource } from '../types.js';
import { Problems } from '../validation/problems.js';
import { arr, isObj, isSet, obj, str } from '../validation/values.js';
import { checkMetadata } from '../validation/metadata.js';
import { checkConfigName, isDNSLabel } from '../validation/names.js';
import { parseIP, parseIPOrCIDR } from '../validation/net.js';
import { parsePort } from '../validation/ports.js';
import { checkSelector } from '../validation/selector.js';
import { nameColumn } from './columns.js';
import { checkFelixTags } from './felixconfiguration-tags.js';

const SEVERITY_RE = /^(Trace|Debug|Info|Warning|Error|Fatal)?$/i;
const SEVERITY_PATTERN = '^(?i)(Trace|Debug|Info|Warning|Error|Fatal)?$';

const isGlobalOrNode = (name: string): boolean => name === 'default' || name.startsWith('node.');

/** Go struct validator (validateFelixConfigSpec). */
function checkGo(p: Problems, spec: Record<string, unknown>): void {
  const ranges = arr(spec.kubeNodePortRanges);
  if (ranges.some((r) => parsePort(r).kind === 'named')) {
    p.add('KubeNodePortRanges', 'node port ranges should not contain named ports', ranges);
  }
  for (const cidr of arr(spec.externalNodesCIDRList)) {
    const c = typeof cidr === 'string' ? parseIPOrCIDR(cidr) : undefined;
    if (!c) p.add('ExternalNodesCIDRList', 'has invalid CIDR(s)', cidr);
    else if (c.family !== 4) p.add('ExternalNodesCIDRList', 'has invalid IPv6 CIDR', cidr);
  }
  const region = str(spec.openstackRegion) ?? '';
  if (region.length > 63 - 'openstack-region-'.length) p.add('OpenstackRegion', 'is too long', region);
  else if (region !== '' && !isDNSLabel(region)) p.add('OpenstackRegion', 'must be a valid DNS label', region);
  for (const [key, go, family] of [
    ['natOutgoingAddress', 'NATOutgoingAddress', 4],
    ['deviceRouteSourceAddress', 'DeviceRouteSourceAddress', 4],
    ['deviceRouteSourceAddressIPv6', 'DeviceRouteSourceAddressIPv6', 6],
  ] as const) {
    const v = str(spec[key]);
    if (!v) continue;
    if (parseIP(v)?.family !== family) {
      p.add(go, `is not a valid IPv${family} address`, v);
      p.add('spec', `${key} must be a valid IPv${family} address`);
    }
  }
}

/** A few of the CRD's rules; the other enums/patterns/ranges come from the CRD schema. */
function checkCRD(p: Problems, spec: Record<string, unknown>): void {
  for (const key of ['logSeverityScreen', 'logSeverityFile', 'logSeveritySys']) {
    const v = spec[key];
    if (v !== undefined && (typeof v !== 'string' || !SEVERITY_RE.test(v))) p.add(`spec.${key}`, `should match '${SEVERITY_PATTERN}'`);
  }
  if (spec.routeTableRange !== undefined && spec.routeTableRanges !== undefined) {
    p.add('spec', 'routeTableRange and routeTableRanges cannot both be set');
  }
  if (isObj(spec.routeTableRange)) {
    const { min, max } = spec.routeTableRange as { min?: unknown; max?: unknown };
    if (!(typeof min === 'number' && typeof max === 'number' && min >= 1 && max >= min && max <= 250)) {
      p.add('spec.routeTableRange', 'must be a range of route table indices within 1..250');
    }
  }
  arr(spec.routeTableRanges).forEach((r, i) => {
    const { min, max } = obj(r);
    if (typeof min === 'number' && min < 1) p.add(`spec.routeTableRanges[${i}]`, 'min must be >= 1');
    if (typeof min === 'number' && typeof max === 'number' && min > max) {
      p.add(`spec.routeTableRanges[${i}]`, 'min must not be greater than max');
    }
  });
}

function validate(r: Resource): FieldError[] {
  const p = new Problems();
  checkMetadata(p, r);
  const spec = isObj(r.spec) ? r.spec : {};
  const name = r.metadata?.name;
  if (typeof name === 'string' && name !== '') {
    // Other names are allowed for configurations that target nodes with a nodeSelector.
    if (!isSet(spec.nodeSelector)) checkConfigName(p, 'FelixConfiguration', name);
    else if (isGlobalOrNode(name)) {
      p.add('FelixConfiguration', "nodeSelector must not be set on the 'default' or per-node ('node.*') FelixConfiguration");
    }
  }
  checkSelector(p, 'NodeSelector', spec.nodeSelector);
  checkGo(p, spec);
  checkFelixTags(p, spec);
  checkCRD(p, spec);
  return p.list;
}

export const felixConfiguration: KindDefinition = {
  kind: 'FelixConfiguration',
  plural: 'felixconfigurations',
  aliases: ['felixconfiguration', 'felixconfigurations', 'felixconfig', 'felixconfigs'],
  scope: 'Cluster',
  listedInHelp: true,
  schemaName: 'felixconfigurations',
  goSpecType: 'FelixConfigurationSpec',
  columns: { ps: ['NAME'], wide: ['NAME'], values: { NAME: nameColumn } },
  validate,
};
