import type { FieldError } from '../../errors.js';
import type { KindDefinition, Resource } from '../types.js';
import { Problems } from '../validation/problems.js';
import { arr, clone, isObj, obj, str } from '../validation/values.js';
import { checkMetadata } from '../validation/metadata.js';
import { NAME_FIELD, checkNameTag } from '../validation/names.js';
import { checkCIDR, checkIP, checkInterfaceName, checkMAC, checkNet, tagReason } from '../validation/addresses.js';
import { cidrContains, parseIPOrCIDR } from '../validation/net.js';
import { isPortName } from '../validation/ports.js';
import { checkProtocol, protocolSupportsPorts } from '../validation/protocol.js';
import { INTEGER, INT_OR_STRING, STRING, STRING_LIST, arrayOf, object, resourceSchema } from './inline-schema.js';
import { goValue, join, nameColumn, namespaceColumn, specAt } from './columns.js';
import { workloadEndpointName } from './workloadendpoint-name.js';

export const NAMESPACE_LABEL = 'projectcalico.org/namespace';
export const ORCHESTRATOR_LABEL = 'projectcalico.org/orchestrator';

const specSchema = object({
  orchestrator: STRING,
  workload: STRING,
  node: STRING,
  containerID: STRING,
  pod: STRING,
  endpoint: STRING,
  serviceAccountName: STRING,
  ipNetworks: STRING_LIST,
  ipNATs: arrayOf(object({ internalIP: STRING, externalIP: STRING })),
  ipv4Gateway: STRING,
  ipv6Gateway: STRING,
  profiles: STRING_LIST,
  interfaceName: STRING,
  mac: STRING,
  ports: arrayOf(object({ name: STRING, protocol: INT_OR_STRING, port: INTEGER, hostPort: INTEGER, hostIP: STRING })),
  allowSpoofedSourcePrefixes: STRING_LIST,
  qosControls: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
});

function defaults(r: Resource): Resource {
  const out = clone(r);
  const spec = isObj(out.spec) ? out.spec : {};
  if (!out.metadata.name) {
    const computed = workloadEndpointName(spec);
    if ('name' in computed) out.metadata = { ...out.metadata, name: computed.name };
  }
  const labels = { ...(out.metadata.labels ?? {}) };
  if (out.metadata.namespace) labels[NAMESPACE_LABEL] = out.metadata.namespace;
  if (str(spec.orchestrator)) labels[ORCHESTRATOR_LABEL] = spec.orchestrator as string;
  out.metadata = { ...out.metadata, labels };
  return out;
}

function checkNetworks(p: Problems, spec: Record<string, unknown>): void {
  const networks = arr(spec.ipNetworks);
  networks.forEach((n, i) => {
    checkNet(p, `IPNetworks[${i}]`, n);
    const c = typeof n === 'string' ? parseIPOrCIDR(n) : undefined;
    if (!c) p.add('IPNetworks', 'invalid CIDR', n);
    else if (c.prefix !== c.bytes.length * 8) p.add('IPNetworks', 'IP network contains multiple addresses', networks);
  });
  checkIP(p, 'IPv4Gateway', spec.ipv4Gateway, 'ipv4');
  checkIP(p, 'IPv6Gateway', spec.ipv6Gateway, 'ipv6');
  const nats = arr(spec.ipNATs).map(obj);
  for (const nat of nats) {
    checkIP(p, 'InternalIP', nat.internalIP);
    checkIP(p, 'ExternalIP', nat.externalIP);
    const i = typeof nat.internalIP === 'string' ? parseIPOrCIDR(nat.internalIP) : undefined;
    const e = typeof nat.externalIP === 'string' ? parseIPOrCIDR(nat.externalIP) : undefined;
    if (i && e && i.family !== e.family) p.add('ExternalIP', 'mismatched IP versions', nat.externalIP);
  }
  const parsedNets = networks.map((n) => (typeof n === 'string' ? parseIPOrCIDR(n) : undefined));
  const inNetworks = (ip: unknown): boolean => {
    const c = typeof ip === 'string' ? parseIPOrCIDR(ip) : undefined;
    return !!c && parsedNets.some((n) => n && cidrContains(n, { family: c.family, bytes: c.bytes }));
  };
  if (nats.length > 0 && !nats.every((n) => inNetworks(n.internalIP))) {
    p.add('IPNATs', 'NAT is not in the endpoint networks', spec.ipNATs);
  }
}

function checkPorts(p: Problems, ports: unknown): void {
  for (const v of arr(ports)) {
    const port = obj(v);
    if (typeof port.name === 'string' && port.name !== '' && !isPortName(port.name)) p.add('Name', tagReason('Name', 'portName'), port.name);
    if (!(typeof port.port === 'number' && port.port > 0)) p.add('Port', tagReason('Port', 'gt'), port.port ?? 0);
    checkNet(p, 'HostIP', port.hostIP);
    checkProtocol(p, 'Protocol', port.protocol);
    if (!protocolSupportsPorts(port.protocol)) {
      p.add('WorkloadEndpointPort.Protocol', 'WorkloadEndpointPort protocol does not support ports.', port.protocol ?? '');
    }
    if (!port.name && !port.hostPort) {
      p.add('WorkloadEndpointPort.Name', 'WorkloadEndpointPort name must not be empty if no HostPort is specified', port.name ?? '');
    }
  }
}

function validate(r: Resource): FieldError[] {
  const p = new Problems();
  checkMetadata(p, r, { namespaced: true });
  const spec = isObj(r.spec) ? r.spec : {};
  const name = r.metadata?.name;
  if (name) {
    const computed = workloadEndpointName(spec);
    if ('missing' in computed) p.add(`Spec.${computed.missing}`, 'field must be set to compute the WorkloadEndpoint name');
    else if (computed.name !== name) {
      p.add(NAME_FIELD, `the WorkloadEndpoint name does not match the primary identifiers assigned in the Spec: expected name ${computed.name}`, name);
    }
  }
  for (const [key, go] of [
    ['orchestrator', 'Orchestrator'],
    ['workload', 'Workload'],
    ['node', 'Node'],
    ['pod', 'Pod'],
    ['endpoint', 'Endpoint'],
    ['serviceAccountName', 'ServiceAccountName'],
  ] as const) {
    checkNameTag(p, go, spec[key]);
  }
  const cid = str(spec.containerID);
  if (cid && !/^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/.test(cid)) p.add('ContainerID', tagReason('ContainerID', 'containerID'), cid);
  if (!str(spec.interfaceName)) p.add('InterfaceName', tagReason('InterfaceName', 'interface'), spec.interfaceName ?? '');
  else checkInterfaceName(p, 'InterfaceName', spec.interfaceName);
  arr(spec.profiles).forEach((pr, i) => checkNameTag(p, `Profiles[${i}]`, pr));
  checkMAC(p, 'MAC', spec.mac);
  arr(spec.allowSpoofedSourcePrefixes).forEach((c, i) => checkCIDR(p, `AllowSpoofedSourcePrefixes[${i}]`, c));
  checkNetworks(p, spec);
  checkPorts(p, spec.ports);
  return p.list;
}

export const workloadEndpoint: KindDefinition = {
  kind: 'WorkloadEndpoint',
  plural: 'workloadendpoints',
  aliases: ['workloadendpoint', 'workloadendpoints', 'wep', 'weps'],
  scope: 'Namespaced',
  listedInHelp: true,
  inlineSchema: resourceSchema(specSchema),
  goSpecType: 'WorkloadEndpointSpec',
  columns: {
    ps: ['WORKLOAD', 'NODE', 'NETWORKS', 'INTERFACE'],
    wide: ['NAME', 'WORKLOAD', 'NODE', 'NETWORKS', 'INTERFACE', 'PROFILES', 'NATS'],
    values: {
      NAME: nameColumn,
      NAMESPACE: namespaceColumn,
      NODE: (r) => goValue(specAt(r, 'node')),
      ORCHESTRATOR: (r) => goValue(specAt(r, 'orchestrator')),
      WORKLOAD: (r) => goValue(specAt(r, 'workload')) || goValue(specAt(r, 'pod')),
      NETWORKS: (r) => join(specAt(r, 'ipNetworks')),
      // Go prints each IPNAT struct as `{internal external}`.
      NATS: (r) => arr(specAt(r, 'ipNATs')).map((n) => `{${goValue(obj(n).internalIP)} ${goValue(obj(n).externalIP)}}`).join(','),
      PROFILES: (r) => join(specAt(r, 'profiles')),
      INTERFACE: (r) => goValue(specAt(r, 'interfaceName')),
    },
  },
  defaults,
  validate,
};
