import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { layoutTable, renderTable, type TableFormat } from '../../src/printers/table.js';
import type { KindDefinition, Resource, ResourceList } from '../../src/resources/types.js';
import { fixture, input, ippool, ippoolDef, networkPolicyDef, networkSetDef } from './kinds.js';

function table(def: KindDefinition, objects: Array<Resource | ResourceList>, format: TableFormat = { type: 'ps' }, withNamespace = false, color = false): string {
  return renderTable({ def, objects, format, withNamespace, ctx: {}, color });
}

describe('tab-writer layout', () => {
  it('pads every cell to max(5, longest + 3), the last one included', () => {
    expect(layoutTable([['A', 'LONGER'], ['xxxxxxx', 'y']])).toBe('A         LONGER   \nxxxxxxx   y        \n');
  });

  it('counts characters, not UTF-16 units or bytes', () => {
    expect(layoutTable([['N'], ['😀€']])).toBe('N    \n😀€   \n');
  });
});

describe('ps / wide tables (golden)', () => {
  it('reproduces the reference `get ippool ippool-name1` table byte for byte', () => {
    const out = table(ippoolDef, [input('ippool.in.yaml')]);
    expect(out).toBe("NAME           CIDR          SELECTOR       \nippool-name1   10.0.1.0/24   foo == 'bar'   \n\n");
    expect(out).toBe(fixture('ippool.ps.txt'));
  });

  it('wide columns', () => {
    expect(table(ippoolDef, [input('ippool.in.yaml')], { type: 'wide' })).toBe(fixture('ippool.wide.txt'));
  });

  it('a list is one table with one row per item', () => {
    expect(table(networkPolicyDef, [input('networkpolicy-list.in.yaml')])).toBe(fixture('networkpolicy-list.ps.txt'));
  });

  it('an empty list prints the header line and a blank line', () => {
    expect(table(ippoolDef, [input('ippool-list-empty.in.yaml')])).toBe(fixture('ippool-list-empty.ps.txt'));
    expect(fixture('ippool-list-empty.ps.txt')).toBe('NAME   CIDR   SELECTOR   \n\n');
  });

  it('nothing returned prints nothing', () => {
    expect(table(ippoolDef, [])).toBe('');
  });

  it('several objects give several tables, each with its own widths and a blank line after', () => {
    const out = table(ippoolDef, [ippool('a', '10.0.0.0/8'), ippool('a-much-longer-name', '192.168.0.0/16', 'all()')]);
    expect(out).toBe(
      'NAME   CIDR         SELECTOR   \na      10.0.0.0/8              \n\n' +
        'NAME                 CIDR             SELECTOR   \na-much-longer-name   192.168.0.0/16   all()      \n\n',
    );
  });
});

describe('NAMESPACE column', () => {
  it('is prepended for namespaced kinds when asked (ps and wide)', () => {
    const list = input('networkpolicy-list.in.yaml');
    expect(table(networkPolicyDef, [list], { type: 'ps' }, true)).toBe(fixture('networkpolicy-list.ns.ps.txt'));
    expect(table(networkPolicyDef, [list], { type: 'wide' }, true)).toBe(fixture('networkpolicy-list.ns.wide.txt'));
  });

  it('comes from metadata.namespace even when the kind has no NAMESPACE column value', () => {
    const ns: Resource = { apiVersion: 'projectcalico.org/v3', kind: 'NetworkSet', metadata: { name: 'ns1', namespace: 'prod' }, spec: { nets: ['10.0.0.0/8'] } };
    expect(table(networkSetDef, [ns], { type: 'ps' }, true)).toBe('NAMESPACE   NAME   \nprod        ns1    \n\n');
  });

  it('is never added for cluster-scoped kinds', () => {
    expect(table(ippoolDef, [input('ippool.in.yaml')], { type: 'ps' }, true)).toBe(fixture('ippool.ps.txt'));
  });
});

describe('custom-columns', () => {
  it('prints the requested headings in the requested order, without automatic NAMESPACE', () => {
    const out = table(networkPolicyDef, [input('networkpolicy-list.in.yaml')], { type: 'custom-columns', columns: ['SELECTOR', 'NAME'] }, true);
    expect(out).toBe("SELECTOR                NAME                       \nk8s-app == 'kube-dns'   allow-dns                  \nall()                   security.deny-all-egress   \n\n");
  });

  it('accepts NAMESPACE explicitly for namespaced kinds', () => {
    const out = table(networkPolicyDef, [input('networkpolicy-list.in.yaml')], { type: 'custom-columns', columns: ['NAMESPACE'] });
    expect(out).toBe('NAMESPACE     \nkube-system   \nproduction    \n\n');
  });

  it('rejects an unknown heading, listing the valid ones', () => {
    const run = () => table(ippoolDef, [input('ippool.in.yaml')], { type: 'custom-columns', columns: ['NAME', 'FOO'] });
    expect(run).toThrow(UsageError);
    expect(run).toThrow(
      'unknown heading FOO, valid values are: NAME, CIDR, NAT, IPIPMODE, VXLANMODE, DISABLED, DISABLEBGPEXPORT, SELECTOR, ASSIGNMENTMODE',
    );
  });

  it('headings are case-sensitive', () => {
    expect(() => table(ippoolDef, [ippool('a', '10.0.0.0/8')], { type: 'custom-columns', columns: ['name'] })).toThrow(/^unknown heading name, /);
  });
});

describe('colour', () => {
  const plain = table(ippoolDef, [input('ippool.in.yaml')]);
  const coloured = table(ippoolDef, [input('ippool.in.yaml')], { type: 'ps' }, false, true);

  it('off: no escape codes at all', () => {
    expect(plain).not.toMatch(/\x1b/);
  });

  it('on: bold header cells, padding computed on the plain text, rows untouched', () => {
    const [header, row] = coloured.split('\n');
    expect(header).toBe('\x1b[1mNAME\x1b[22m           \x1b[1mCIDR\x1b[22m          \x1b[1mSELECTOR\x1b[22m       ');
    expect(row).toBe("ippool-name1   10.0.1.0/24   foo == 'bar'   ");
    expect(coloured.replace(/\x1b\[\d+m/g, '')).toBe(plain);
  });
});
