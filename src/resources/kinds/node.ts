import type { FieldError } from '../../errors.js';
import type { KindDefinition, Resource } from '../types.js';
import { Problems } from '../validation/problems.js';
import { arr, isObj, obj, str } from '../validation/values.js';
import { checkMetadata } from '../validation/metadata.js';
import { checkNameTag } from '../validation/names.js';
import { checkCIDR, checkIP, checkMAC, tagReason } from '../validation/addresses.js';
import { parseIPOrCIDR } from '../validation/net.js';
import { checkASNumber, parseASNumber } from '../validation/asn.js';
import { INT_OR_STRING, STRING, STRING_LIST, arrayOf, object, resourceSchema } from './inline-schema.js';
import { goValue, nameColumn, specAt } from './columns.js';

const nodeSpecSchema = object({
  bgp: object({
    asNumber: INT_OR_STRING,
    ipv4Address: STRING,
    ipv6Address: STRING,
    ipv4IPIPTunnelAddr: STRING,
    routeReflectorClusterID: STRING,
  }),
  ipv4VXLANTunnelAddr: STRING,
  vxlanTunnelMACAddr: STRING,
  ipv6VXLANTunnelAddr: STRING,
  vxlanTunnelMACAddrV6: STRING,
  orchRefs: arrayOf(object({ nodeName: STRING, orchestrator: STRING })),
  wireguard: object({ interfaceIPv4Address: STRING, interfaceIPv6Address: STRING }),
  addresses: arrayOf(object({ address: STRING, type: STRING })),
  interfaces: arrayOf(object({ name: STRING, addresses: STRING_LIST })),
});

const nodeStatusSchema = object({ wireguardPublicKey: STRING, wireguardPublicKeyV6: STRING, podCIDRs: STRING_LIST });

/** A WireGuard key: base64 of exactly 32 bytes. */
function isWireguardKey(s: string): boolean {
  return /^[A-Za-z0-9+/]{43}=$/.test(s) && Buffer.from(s, 'base64').length === 32;
}

function validate(r: Resource): FieldError[] {
  const p = new Problems();
  checkMetadata(p, r);
  const spec = isObj(r.spec) ? r.spec : {};
  if (spec.bgp !== undefined && spec.bgp !== null) {
    const bgp = obj(spec.bgp);
    if (Object.values(bgp).every((v) => v === undefined || v === null || v === '')) {
      p.add('BGP', 'Spec.BGP should not be empty', spec.bgp);
    }
    checkASNumber(p, 'ASNumber', bgp.asNumber);
    checkCIDR(p, 'IPv4Address', bgp.ipv4Address, 'cidrv4');
    checkCIDR(p, 'IPv6Address', bgp.ipv6Address, 'cidrv6');
    checkIP(p, 'IPv4IPIPTunnelAddr', bgp.ipv4IPIPTunnelAddr, 'ipv4');
    checkIP(p, 'RouteReflectorClusterID', bgp.routeReflectorClusterID, 'ipv4');
  }
  checkIP(p, 'IPv4VXLANTunnelAddr', spec.ipv4VXLANTunnelAddr, 'ipv4');
  checkIP(p, 'IPv6VXLANTunnelAddr', spec.ipv6VXLANTunnelAddr, 'ipv6');
  checkMAC(p, 'VXLANTunnelMACAddr', spec.vxlanTunnelMACAddr);
  checkMAC(p, 'VXLANTunnelMACAddrV6', spec.vxlanTunnelMACAddrV6);
  const wg = obj(spec.wireguard);
  checkIP(p, 'InterfaceIPv4Address', wg.interfaceIPv4Address, 'ipv4');
  checkIP(p, 'InterfaceIPv6Address', wg.interfaceIPv6Address, 'ipv6');
  // An IP, or an IP with its prefix length (host bits allowed): Calico itself lists the BGP
  // addresses as `10.0.0.7/24` here (its Kubernetes conversion and calico-node's startup).
  for (const a of arr(spec.addresses)) {
    const address = obj(a).address;
    if (address === undefined || address === '') p.add('Address', tagReason('Address', 'net'), address ?? '');
    else if (typeof address !== 'string' || !parseIPOrCIDR(address)) p.add('Address', tagReason('Address', 'net'), address);
  }
  for (const i of arr(spec.interfaces)) checkNameTag(p, 'Name', obj(i).name);
  const status = obj(r.status);
  for (const key of ['wireguardPublicKey', 'wireguardPublicKeyV6']) {
    const k = str(status[key]);
    const goName = key === 'wireguardPublicKey' ? 'WireguardPublicKey' : 'WireguardPublicKeyV6';
    if (k && !isWireguardKey(k)) p.add(goName, tagReason(goName, 'wireguardPublicKey'), k);
  }
  return p.list;
}

export const node: KindDefinition = {
  kind: 'Node',
  plural: 'nodes',
  aliases: ['node', 'nodes', 'no', 'nos'],
  scope: 'Cluster',
  listedInHelp: true,
  inlineSchema: resourceSchema(nodeSpecSchema, nodeStatusSchema),
  goSpecType: 'NodeSpec',
  columns: {
    ps: ['NAME'],
    wide: ['NAME', 'ASN', 'IPV4', 'IPV6'],
    values: {
      NAME: nameColumn,
      // Blank without a BGP spec; the global AS number in parentheses when the node has none.
      ASN: (r, ctx) => {
        const bgp = specAt(r, 'bgp');
        if (!isObj(bgp)) return '';
        const asn = parseASNumber(bgp.asNumber);
        return asn ? String(asn) : `(${ctx.globalASNumber ?? '64512'})`;
      },
      IPV4: (r) => goValue(specAt(r, 'bgp.ipv4Address')),
      IPV6: (r) => goValue(specAt(r, 'bgp.ipv6Address')),
    },
  },
  validate,
  afterDelete: async (r, ds) => (await import('../node-cleanup.js')).cleanupDeletedNode(ds, r.metadata.name ?? ''),
};
