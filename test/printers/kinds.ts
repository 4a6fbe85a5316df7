/**
 * Small kind definitions and fixture helpers for the printer tests (independent of the real
 * kind files: only what a table needs).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import type { ColumnValue, KindDefinition, Resource, ResourceList } from '../../src/resources/types.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'printers');

export const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
export const input = (name: string): Resource | ResourceList => load(fixture(name)) as Resource | ResourceList;

const spec = (r: Resource, key: string): unknown => r.spec?.[key];
const str = (v: unknown, dflt = ''): string => (v === undefined || v === null ? dflt : String(v));

function kind(over: Partial<KindDefinition> & Pick<KindDefinition, 'kind' | 'columns'>): KindDefinition {
  return { plural: `${over.kind.toLowerCase()}s`, aliases: [], scope: 'Cluster', listedInHelp: true, goSpecType: `${over.kind}Spec`, ...over };
}

const NAME: ColumnValue = (r) => r.metadata.name ?? '';

export const ippoolDef = kind({
  kind: 'IPPool',
  columns: {
    ps: ['NAME', 'CIDR', 'SELECTOR'],
    wide: ['NAME', 'CIDR', 'NAT', 'IPIPMODE', 'VXLANMODE', 'DISABLED', 'DISABLEBGPEXPORT', 'SELECTOR', 'ASSIGNMENTMODE'],
    values: {
      NAME,
      CIDR: (r) => str(spec(r, 'cidr')),
      NAT: (r) => str(spec(r, 'natOutgoing'), 'false'),
      IPIPMODE: (r) => str(spec(r, 'ipipMode'), 'Never'),
      VXLANMODE: (r) => str(spec(r, 'vxlanMode'), 'Never'),
      DISABLED: (r) => str(spec(r, 'disabled'), 'false'),
      DISABLEBGPEXPORT: (r) => str(spec(r, 'disableBGPExport'), 'false'),
      SELECTOR: (r) => str(spec(r, 'nodeSelector')),
      ASSIGNMENTMODE: (r) => str(spec(r, 'assignmentMode')),
    },
  },
});

export const networkPolicyDef = kind({
  kind: 'NetworkPolicy',
  scope: 'Namespaced',
  columns: {
    ps: ['NAME', 'TIER'],
    wide: ['NAME', 'TIER', 'ORDER', 'SELECTOR'],
    values: {
      NAME,
      TIER: (r) => str(spec(r, 'tier')),
      ORDER: (r) => str(spec(r, 'order'), '<nil>'),
      SELECTOR: (r) => str(spec(r, 'selector')),
      NAMESPACE: (r) => r.metadata.namespace ?? '',
    },
  },
});

/** A namespaced kind whose column map has no NAMESPACE entry: NAMESPACE still works. */
export const networkSetDef = kind({
  kind: 'NetworkSet',
  scope: 'Namespaced',
  columns: { ps: ['NAME'], wide: ['NAME', 'NETS'], values: { NAME, NETS: (r) => ((spec(r, 'nets') as string[] | undefined) ?? []).join(',') } },
});

export const profileDef = kind({ kind: 'Profile', columns: { ps: ['NAME'], wide: ['NAME'], values: { NAME } } });

export function ippool(name: string, cidr: string, nodeSelector?: string): Resource {
  return {
    apiVersion: 'projectcalico.org/v3',
    kind: 'IPPool',
    metadata: { name },
    spec: { cidr, ...(nodeSelector === undefined ? {} : { nodeSelector }) },
  };
}
