import type { FieldError } from '../../errors.js';
import type { KindDefinition, Resource } from '../types.js';
import { Problems, checkEnum, checkMaxItems } from '../validation/problems.js';
import { arr, isObj, isSet, str } from '../validation/values.js';
import { checkMetadata } from '../validation/metadata.js';
import { canonicalCIDR, cidrsOverlap, isMasked, parseCIDR, parseIPOrCIDR, type ParsedCIDR } from '../validation/net.js';
import { checkSelector } from '../validation/selector.js';
import { checkIPPoolWithDatastore } from './datastore-rules.js';
import { goBool, goPointer, goValue, nameColumn, specAt } from './columns.js';

const MODES = ['Never', 'Always', 'CrossSubnet'] as const;
const USES = ['Workload', 'Tunnel', 'LoadBalancer'] as const;
const GO_CIDR = 'IPpool.CIDR';
const LINK_LOCAL_V4 = parseCIDR('169.254.0.0/16')!;
const LINK_LOCAL_V6 = parseCIDR('fe80::/10')!;

const enabled = (mode: unknown): boolean => typeof mode === 'string' && mode !== '' && mode !== 'Never';

function defaultBlockSize(c: ParsedCIDR): number {
  return c.family === 4 ? 26 : 122;
}

function defaults(r: Resource): Resource {
  // Only top-level spec fields change: a shallow copy keeps the input untouched.
  const spec: Record<string, unknown> = { ...(isObj(r.spec) ? r.spec : {}) };
  const out: Resource = { ...r, spec };
  const cidr = str(spec.cidr);
  const parsed = cidr ? parseIPOrCIDR(cidr) : undefined;
  if (cidr && parseCIDR(cidr)) spec.cidr = canonicalCIDR(cidr);
  if (parsed && (spec.blockSize === undefined || spec.blockSize === 0)) spec.blockSize = defaultBlockSize(parsed);
  if (!isSet(spec.ipipMode)) spec.ipipMode = 'Never';
  if (!isSet(spec.vxlanMode)) spec.vxlanMode = 'Never';
  if (!isSet(spec.nodeSelector)) spec.nodeSelector = 'all()';
  if (arr(spec.allowedUses).length === 0) spec.allowedUses = ['Workload', 'Tunnel'];
  if (spec.assignmentMode === undefined || spec.assignmentMode === null) spec.assignmentMode = 'Automatic';
  return out;
}

/** The Go struct validator (validateIPPoolSpec). */
function checkGo(p: Problems, spec: Record<string, unknown>, c: ParsedCIDR | undefined): void {
  const cidr = spec.cidr;
  if (!isSet(cidr)) p.add(GO_CIDR, 'IPPool CIDR must be specified', '');
  if (!c) {
    p.add(GO_CIDR, 'IPPool CIDR must be a valid subnet', cidr ?? '');
    return;
  }
  const blockSize = typeof spec.blockSize === 'number' && spec.blockSize !== 0 ? spec.blockSize : defaultBlockSize(c);
  if (spec.disabled !== true && c.prefix > blockSize) {
    p.add(GO_CIDR, 'IP pool size is too small for use with Calico IPAM. It must be equal to or greater than the block size.', cidr);
  }
  if (!isMasked(c)) p.add(GO_CIDR, 'IP pool CIDR is not strictly masked', cidr);
  if (c.family === 4 && cidrsOverlap(c, LINK_LOCAL_V4)) {
    p.add(GO_CIDR, 'IP pool range overlaps with IPv4 Link Local range 169.254.0.0/16', cidr);
  }
  if (c.family === 6 && cidrsOverlap(c, LINK_LOCAL_V6)) {
    p.add(GO_CIDR, 'IP pool range overlaps with IPv6 Link Local range fe80::/10', cidr);
  }
}

/** CIDR-dependent CEL rules (evaluated only when the CIDR parses). */
function checkCELCidr(p: Problems, spec: Record<string, unknown>, c: ParsedCIDR): void {
  if (!isMasked(c)) p.add('spec', 'IPPool CIDR must be strictly masked');
  if (c.family === 4 && cidrsOverlap(c, LINK_LOCAL_V4)) p.add('spec', 'IPPool CIDR overlaps with IPv4 link local range 169.254.0.0/16');
  if (c.family === 6 && cidrsOverlap(c, LINK_LOCAL_V6)) p.add('spec', 'IPPool CIDR overlaps with IPv6 link local range fe80::/10');
  if (c.family === 6 && enabled(spec.ipipMode)) p.add('spec', 'IPIP is not supported on IPv6 pools');
  const bs = spec.blockSize;
  if (typeof bs === 'number' && bs !== 0) {
    const ok = c.family === 4 ? bs >= 20 && bs <= 32 : bs >= 116 && bs <= 128;
    if (!ok) p.add('spec', 'blockSize must be between 20 and 32 for IPv4 pools, and between 116 and 128 for IPv6 pools');
  }
  const blockSize = typeof bs === 'number' && bs !== 0 ? bs : defaultBlockSize(c);
  if (spec.disabled !== true && c.prefix > blockSize) {
    p.add('spec', 'IP pool size is too small for use with Calico IPAM. It must be equal to or greater than the block size.');
  }
}

/** The CRD's OpenAPI and CEL rules. */
function checkCRD(p: Problems, spec: Record<string, unknown>): void {
  const cidr = spec.cidr;
  if (cidr === undefined || cidr === null) p.add('spec.cidr', 'Required value');
  else if (typeof cidr === 'string' && cidr.length > 48) p.add('spec.cidr', 'may not be longer than 48');
  checkEnum(p, 'spec.ipipMode', spec.ipipMode, MODES);
  checkEnum(p, 'spec.vxlanMode', spec.vxlanMode, MODES);
  checkEnum(p, 'spec.assignmentMode', spec.assignmentMode, ['Automatic', 'Manual']);
  checkMaxItems(p, 'spec.allowedUses', spec.allowedUses, 10);
  const uses = arr(spec.allowedUses);
  uses.forEach((u, i) => checkEnum(p, `spec.allowedUses[${i}]`, u, USES));
  if (enabled(spec.ipipMode) && enabled(spec.vxlanMode)) p.add('spec', 'ipipMode and vxlanMode cannot both be enabled');
  if (uses.includes('LoadBalancer')) {
    if (enabled(spec.ipipMode) || enabled(spec.vxlanMode)) p.add('spec', 'LoadBalancer IP pool cannot have IPIP or VXLAN enabled');
    if (uses.includes('Workload') || uses.includes('Tunnel')) {
      p.add('spec', 'LoadBalancer cannot be combined with Workload or Tunnel allowed uses');
    }
    if (spec.disableBGPExport === true) p.add('spec', 'LoadBalancer IP pools cannot disable BGP export');
    if ((spec.nodeSelector ?? 'all()') !== 'all()') {
      p.add('spec', 'IP Pool with AllowedUse LoadBalancer must have nodeSelector set to all()');
    }
  }
  if (uses.includes('Tunnel') && isSet(spec.namespaceSelector)) {
    p.add('spec', 'IP Pool with AllowedUse Tunnel cannot have namespaceSelector');
  }
  for (const key of ['nodeSelector', 'namespaceSelector']) {
    const sel = str(spec[key]);
    if (sel !== undefined && sel.length > 1024) p.add(`spec.${key}`, 'may not be longer than 1024');
    if (sel?.includes('global(')) p.add('spec', `global() selector is not valid for IPPool ${key}`);
  }
  const c = typeof cidr === 'string' ? parseCIDR(cidr) : undefined;
  if (typeof cidr === 'string' && !c) p.add('spec.cidr', `spec.cidr in body must be of type cidr: ${JSON.stringify(cidr)}`);
  if (c) checkCELCidr(p, spec, c);
}

function validate(r: Resource): FieldError[] {
  const p = new Problems();
  checkMetadata(p, r);
  const spec = isObj(r.spec) ? r.spec : {};
  const cidr = str(spec.cidr);
  checkGo(p, spec, cidr ? parseIPOrCIDR(cidr) : undefined);
  checkSelector(p, 'NodeSelector', spec.nodeSelector);
  checkSelector(p, 'NamespaceSelector', spec.namespaceSelector);
  checkCRD(p, spec);
  return p.list;
}

export const ipPool: KindDefinition = {
  kind: 'IPPool',
  plural: 'ippools',
  aliases: ['ippool', 'ippools', 'ipp', 'ipps', 'pool', 'pools'],
  scope: 'Cluster',
  listedInHelp: true,
  schemaName: 'ippools',
  goSpecType: 'IPPoolSpec',
  columns: {
    ps: ['NAME', 'CIDR', 'SELECTOR'],
    wide: ['NAME', 'CIDR', 'NAT', 'IPIPMODE', 'VXLANMODE', 'DISABLED', 'DISABLEBGPEXPORT', 'SELECTOR', 'ASSIGNMENTMODE'],
    values: {
      NAME: nameColumn,
      CIDR: (r) => goValue(specAt(r, 'cidr')),
      NAT: (r) => goBool(specAt(r, 'natOutgoing')),
      IPIPMODE: (r) => (isSet(specAt(r, 'ipipMode')) ? goValue(specAt(r, 'ipipMode')) : 'Never'),
      VXLANMODE: (r) => (isSet(specAt(r, 'vxlanMode')) ? goValue(specAt(r, 'vxlanMode')) : 'Never'),
      DISABLED: (r) => goBool(specAt(r, 'disabled')),
      DISABLEBGPEXPORT: (r) => goBool(specAt(r, 'disableBGPExport')),
      SELECTOR: (r) => goValue(specAt(r, 'nodeSelector')),
      ASSIGNMENTMODE: (r) => goPointer(specAt(r, 'assignmentMode')),
    },
  },
  defaults,
  validate,
  checkWithDatastore: checkIPPoolWithDatastore,
};
