import { checkBGPPeerFilters } from './datastore-rules.js';
import type { FieldError } from '../../errors.js';
import type { KindDefinition, Resource } from '../types.js';
import { Problems, checkEnum } from '../validation/problems.js';
import { isObj, isSet, obj, str } from '../validation/values.js';
import { checkMetadata } from '../validation/metadata.js';
import { checkNameTag } from '../validation/names.js';
import { parseIP } from '../validation/net.js';
import { tagReason } from '../validation/addresses.js';
import { checkASNumber, parseASNumber } from '../validation/asn.js';
import { checkSelector } from '../validation/selector.js';
import { goValue, nameColumn, specAt } from './columns.js';

/** `<IP>`, `<IPv4>:<port>` or `[<IPv6>]:<port>`; the address part, or undefined when invalid. */
export function peerAddress(s: string): string | undefined {
  let host = s;
  const v4 = /^([0-9]+\.[0-9]+\.[0-9]+\.[0-9]+):([0-9]+)$/.exec(s);
  const v6 = /^\[([0-9a-fA-F:.]+)\]:([0-9]+)$/.exec(s);
  const m = v4 ?? v6;
  if (m) {
    const port = Number(m[2]);
    if (port < 1 || port > 65535) return undefined;
    host = m[1]!;
  }
  return parseIP(host) ? host : undefined;
}

const asnSet = (v: unknown): boolean => v !== undefined && v !== null && parseASNumber(v) !== 0;

function checkCRD(p: Problems, spec: Record<string, unknown>): void {
  const has = (k: string): boolean => isSet(spec[k]);
  if (has('node') && has('nodeSelector')) p.add('spec', 'node and nodeSelector cannot both be set');
  if (has('peerIP') && has('peerSelector')) p.add('spec', 'peerIP and peerSelector cannot both be set');
  if (has('peerSelector') && asnSet(spec.asNumber)) p.add('spec', 'asNumber must be empty when peerSelector is set');
  if (has('localWorkloadSelector')) {
    if (has('peerIP')) p.add('spec', 'peerIP must be empty when localWorkloadSelector is set');
    if (has('peerSelector')) p.add('spec', 'peerSelector must be empty when localWorkloadSelector is set');
    if (!asnSet(spec.asNumber)) p.add('spec', 'asNumber is required when localWorkloadSelector is set');
  }
  if (has('reachableBy') && !has('peerIP')) p.add('spec', 'reachableBy must be empty when peerIP is empty');
  if (spec.keepOriginalNextHop === true && spec.nextHopMode !== undefined) {
    p.add('spec', 'keepOriginalNextHop and nextHopMode cannot both be set; keepOriginalNextHop is deprecated, use nextHopMode instead');
  }
  checkEnum(p, 'spec.nextHopMode', spec.nextHopMode, ['Auto', 'Self', 'Keep']);
  checkEnum(p, 'spec.sourceAddress', spec.sourceAddress, ['UseNodeIP', 'None']);
  for (const [k, max] of [['peerIP', 64], ['reachableBy', 64], ['node', 253]] as const) {
    const v = str(spec[k]);
    if (v !== undefined && v.length > max) p.add(`spec.${k}`, `may not be longer than ${max}`);
  }
  const ref = obj(obj(spec.password).secretKeyRef);
  if (isObj(obj(spec.password).secretKeyRef) && !isSet(ref.key)) p.add('spec.password.secretKeyRef.key', 'Required value');
}

function validate(r: Resource): FieldError[] {
  const p = new Problems();
  checkMetadata(p, r);
  const spec = isObj(r.spec) ? r.spec : {};
  const peerIP = str(spec.peerIP);
  if (peerIP !== undefined && peerIP !== '' && !peerAddress(peerIP)) p.add('PeerIP', tagReason('PeerIP', 'IP:port'), peerIP);
  checkNameTag(p, 'Node', spec.node);
  checkASNumber(p, 'ASNumber', spec.asNumber);
  checkASNumber(p, 'LocalASNumber', spec.localASNumber);
  checkSelector(p, 'NodeSelector', spec.nodeSelector);
  checkSelector(p, 'PeerSelector', spec.peerSelector);
  checkSelector(p, 'LocalWorkloadSelector', spec.localWorkloadSelector);
  const reachableBy = str(spec.reachableBy);
  if (reachableBy) {
    const rb = parseIP(reachableBy);
    if (!rb) p.add('ReachableBy', tagReason('ReachableBy', 'reachableBy'), reachableBy);
    const peer = peerIP ? peerAddress(peerIP) : undefined;
    if (rb && peer && parseIP(peer)!.family !== rb.family) {
      p.add('ReachableBy', 'ReachableBy and PeerIP address family mismatched', reachableBy);
    }
  }
  checkCRD(p, spec);
  return p.list;
}

export const bgpPeer: KindDefinition = {
  kind: 'BGPPeer',
  plural: 'bgppeers',
  aliases: ['bgppeer', 'bgppeers', 'bgpp', 'bgpps', 'bp', 'bps'],
  scope: 'Cluster',
  listedInHelp: true,
  schemaName: 'bgppeers',
  goSpecType: 'BGPPeerSpec',
  columns: {
    ps: ['NAME', 'PEERIP', 'NODE', 'ASN'],
    wide: ['NAME', 'PEERIP', 'NODE', 'ASN'],
    values: {
      NAME: nameColumn,
      PEERIP: (r) => goValue(specAt(r, 'peerIP')),
      NODE: (r) => {
        const node = goValue(specAt(r, 'node'));
        if (node !== '') return node;
        const sel = goValue(specAt(r, 'nodeSelector'));
        return sel !== '' ? sel : '(global)';
      },
      ASN: (r) => String(parseASNumber(specAt(r, 'asNumber')) ?? 0),
    },
  },
  validate,
  checkWithDatastore: (r, ds) => checkBGPPeerFilters(r, ds),
};
