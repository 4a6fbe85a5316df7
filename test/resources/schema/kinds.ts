/** Hand-made kind definitions for schema tests (independent of the registry). */
import type { KindDefinition } from '../../../src/resources/types.js';

const columns = { ps: [], wide: [], values: {} };

function kind(k: string, plural: string, goSpecType: string, extra: Partial<KindDefinition> = {}): KindDefinition {
  return {
    kind: k, plural, aliases: [k.toLowerCase()], scope: 'Cluster', listedInHelp: true,
    schemaName: plural, goSpecType, columns, ...extra,
  };
}

export const IPPOOL = kind('IPPool', 'ippools', 'IPPoolSpec');
export const GNP = kind('GlobalNetworkPolicy', 'globalnetworkpolicies', 'GlobalNetworkPolicySpec');
export const BGPPEER = kind('BGPPeer', 'bgppeers', 'BGPPeerSpec');
export const KCC = kind('KubeControllersConfiguration', 'kubecontrollersconfigurations', 'KubeControllersConfigurationSpec');
export const HEP = kind('HostEndpoint', 'hostendpoints', 'HostEndpointSpec');
export const IPAMBLOCK = kind('IPAMBlock', 'ipamblocks', 'IPAMBlockSpec');
export const NODE: KindDefinition = {
  ...kind('Node', 'nodes', 'NodeSpec'),
  schemaName: undefined,
  inlineSchema: {
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      spec: {
        type: 'object',
        properties: {
          bgp: {
            type: 'object', 'x-go-struct': 'NodeBGPSpec', 'x-go-type': 'v3.NodeBGPSpec',
            properties: { ipv4Address: { type: 'string' }, asNumber: { type: 'integer', format: 'int32' } },
          },
          note: { type: 'string', default: 'n/a' },
        },
      },
      status: { type: 'object', properties: { podCIDRs: { type: 'array', items: { type: 'string' } } } },
    },
  },
};
