import type { FieldError } from '../../errors.js';
import type { KindDefinition, Resource } from '../types.js';
import { Problems, checkIntRange } from '../validation/problems.js';
import { arr, isObj, isSet, obj, str } from '../validation/values.js';
import { checkMetadata } from '../validation/metadata.js';
import { checkNameTag } from '../validation/names.js';
import { checkIP, checkInterfaceName, tagReason } from '../validation/addresses.js';
import { isPortName } from '../validation/ports.js';
import { checkProtocol, protocolSupportsPorts } from '../validation/protocol.js';
import { goValue, join, nameColumn, specAt } from './columns.js';

function checkPorts(p: Problems, ports: unknown): void {
  arr(ports).forEach((v, i) => {
    const port = obj(v);
    const path = `spec.ports[${i}]`;
    for (const key of ['name', 'port', 'protocol']) if (port[key] === undefined) p.add(`${path}.${key}`, 'Required value');
    if (port.name !== undefined && !(typeof port.name === 'string' && isPortName(port.name))) {
      p.add('Name', tagReason('Name', 'portName'), port.name);
    }
    checkIntRange(p, `${path}.port`, port.port, 1, 65535);
    checkProtocol(p, 'Protocol', port.protocol);
    if (port.protocol !== undefined && !protocolSupportsPorts(port.protocol)) {
      p.add('EndpointPort.Protocol', 'EndpointPort protocol does not support ports.', port.protocol);
    }
  });
}

function validate(r: Resource): FieldError[] {
  const p = new Problems();
  checkMetadata(p, r);
  const spec = isObj(r.spec) ? r.spec : {};
  checkNameTag(p, 'Node', spec.node);
  if (isSet(spec.interfaceName)) checkInterfaceName(p, 'InterfaceName', spec.interfaceName);
  arr(spec.expectedIPs).forEach((ip, i) => checkIP(p, `ExpectedIPs[${i}]`, ip));
  arr(spec.profiles).forEach((pr, i) => {
    if (!isSet(pr)) p.add(`Profiles[${i}]`, tagReason(`Profiles[${i}]`, 'name'), pr);
    else checkNameTag(p, `Profiles[${i}]`, pr);
  });
  checkPorts(p, spec.ports);
  const iface = str(spec.interfaceName);
  if (iface !== undefined && iface.length > 15) p.add('spec.interfaceName', 'may not be longer than 15');
  if (!isSet(spec.interfaceName) && arr(spec.expectedIPs).length === 0) {
    p.add('spec', 'at least one of interfaceName or expectedIPs must be specified');
  }
  if (!isSet(spec.node)) p.add('spec', 'node must be specified');
  return p.list;
}

export const hostEndpoint: KindDefinition = {
  kind: 'HostEndpoint',
  plural: 'hostendpoints',
  aliases: ['hostendpoint', 'hostendpoints', 'hep', 'heps'],
  scope: 'Cluster',
  listedInHelp: true,
  schemaName: 'hostendpoints',
  goSpecType: 'HostEndpointSpec',
  columns: {
    ps: ['NAME', 'NODE'],
    wide: ['NAME', 'NODE', 'INTERFACE', 'IPS', 'PROFILES'],
    values: {
      NAME: nameColumn,
      NODE: (r) => goValue(specAt(r, 'node')),
      INTERFACE: (r) => goValue(specAt(r, 'interfaceName')),
      IPS: (r) => join(specAt(r, 'expectedIPs')),
      PROFILES: (r) => join(specAt(r, 'profiles')),
    },
  },
  validate,
};
