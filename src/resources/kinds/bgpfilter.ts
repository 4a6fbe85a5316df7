import type { FieldError } from '../../errors.js';
import type { KindDefinition, Resource } from '../types.js';
import { Problems, checkEnum, checkIntRange, checkMaxItems } from '../validation/problems.js';
import { arr, isObj, isSet, obj, str } from '../validation/values.js';
import { checkMetadata } from '../validation/metadata.js';
import { checkNet, tagReason } from '../validation/addresses.js';
import { nameColumn, specAt } from './columns.js';

const LISTS = [
  ['exportV4', 4],
  ['importV4', 4],
  ['exportV6', 6],
  ['importV6', 6],
] as const;

function checkRule(p: Problems, path: string, v: unknown, family: 4 | 6): void {
  const rule = obj(v);
  const max = family === 4 ? 32 : 128;
  if (!isSet(rule.action)) p.add(`${path}.action`, 'Required value');
  else checkEnum(p, `${path}.action`, rule.action, ['Accept', 'Reject']);
  checkNet(p, 'CIDR', rule.cidr, family === 4 ? 'netv4' : 'netv6');
  checkEnum(p, `${path}.matchOperator`, rule.matchOperator, ['Equal', 'NotEqual', 'In', 'NotIn']);
  if (isSet(rule.cidr) !== isSet(rule.matchOperator)) p.add(path, 'cidr and matchOperator must both be set or both be empty');
  if (rule.prefixLength !== undefined) {
    const pl = obj(rule.prefixLength);
    checkIntRange(p, `${path}.prefixLength.min`, pl.min, 0, max);
    checkIntRange(p, `${path}.prefixLength.max`, pl.max, 0, max);
    if (!isSet(rule.cidr)) p.add(path, 'cidr is required when prefixLength is set');
  }
  const iface = str(rule.interface);
  if (iface !== undefined && iface !== '' && iface !== '*' && !/^[a-zA-Z0-9_.*-]{1,15}$/.test(iface)) {
    p.add('Interface', tagReason('Interface', 'bgpFilterInterface'), iface);
  }
  checkEnum(p, `${path}.source`, rule.source, ['RemotePeers']);
  checkEnum(p, `${path}.peerType`, rule.peerType, ['eBGP', 'iBGP']);
  checkIntRange(p, `${path}.priority`, rule.priority, 1, 2147483646);
  checkMaxItems(p, `${path}.operations`, rule.operations, 10);
  if (arr(rule.operations).length > 0 && rule.action !== 'Accept') p.add(path, 'operations may only be used with action Accept');
  if (isObj(rule.communities)) checkMaxItems(p, `${path}.communities.values`, rule.communities.values, 1);
}

function validate(r: Resource): FieldError[] {
  const p = new Problems();
  checkMetadata(p, r);
  const spec = isObj(r.spec) ? r.spec : {};
  for (const [key, family] of LISTS) arr(spec[key]).forEach((rule, i) => checkRule(p, `spec.${key}[${i}]`, rule, family));
  return p.list;
}

const count = (key: string) => (r: Resource) => String(arr(specAt(r, key)).length);

export const bgpFilter: KindDefinition = {
  kind: 'BGPFilter',
  plural: 'bgpfilters',
  aliases: ['bgpfilter', 'bgpfilters', 'bgpf', 'bgpfs', 'bf', 'bfs'],
  scope: 'Cluster',
  listedInHelp: true,
  schemaName: 'bgpfilters',
  goSpecType: 'BGPFilterSpec',
  columns: {
    ps: ['NAME', 'NUMEXPORTV4', 'NUMIMPORTV4', 'NUMEXPORTV6', 'NUMIMPORTV6'],
    wide: ['NAME', 'NUMEXPORTV4', 'NUMIMPORTV4', 'NUMEXPORTV6', 'NUMIMPORTV6'],
    values: {
      NAME: nameColumn,
      NUMEXPORTV4: count('exportV4'),
      NUMIMPORTV4: count('importV4'),
      NUMEXPORTV6: count('exportV6'),
      NUMIMPORTV6: count('importV6'),
    },
  },
  validate,
};
