/** calicoctl's use: `get -o go-template` over the slice of returned objects, with Go field names. */
import { describe, expect, it } from 'vitest';
import { fixture, run, errorOf } from './helpers.js';

const hostEndpoints = [{ kind: 'HostEndpointList', items: [{ metadata: { name: 'endpoint1' } }, { metadata: { name: 'eth0' } }] }];
const pools = fixture('ippool-list.json');
const peer = fixture('bgppeer.json');

describe('calicoctl get -o go-template', () => {
  it('prints the hostendpoint example from the calicoctl docs', () => {
    expect(run('{{range .}}{{range .Items}}{{.ObjectMeta.Name}},{{end}}{{end}}', hostEndpoints)).toBe('endpoint1,eth0,');
    expect(run('{{range .}}{{range .Items}}{{.ObjectMeta.Name}},{{end}}{{end}}', fixture('hostendpoint-list.json'))).toBe(
      'endpoint1,eth0,',
    );
  });

  it('prints a list of pools with .Metadata.Name and .Spec.CIDR (issue #2425: lists work)', () => {
    const tpl = '{{range .}}{{range .Items}}{{.Metadata.Name}} {{.Spec.CIDR}}{{"\\n"}}{{end}}{{end}}';
    expect(run(tpl, pools)).toBe('default-ipv4-ippool 192.168.0.0/16\ndefault-ipv6-ippool fd5f:8067:1c2d::/48\n');
  });

  it('works on a single-object slice', () => {
    expect(run('{{range .}}{{.Metadata.Name}} {{.Spec.PeerIP}} AS{{.Spec.ASNumber}} on {{.Spec.Node}}{{end}}', peer)).toBe(
      'peer-1 10.0.0.1 AS64512 on node-a',
    );
    expect(run('{{(index . 0).Kind}}/{{(index . 0).ObjectMeta.Name}}', peer)).toBe('BGPPeer/peer-1');
  });

  const fieldCases: Array<[string, string]> = [
    ['{{range .}}{{range .Items}}{{.Spec.IPIPMode}},{{end}}{{end}}', 'Always,Never,'],
    ['{{range .}}{{range .Items}}{{.Spec.NATOutgoing}},{{end}}{{end}}', 'true,false,'],
    ['{{range .}}{{range .Items}}{{.Spec.VXLANMode}},{{end}}{{end}}', 'Never,Never,'],
    ['{{range .}}{{range .Items}}{{.Spec.BlockSize}},{{end}}{{end}}', '26,122,'],
    ['{{range .}}{{.Kind}} {{.APIVersion}} {{.TypeMeta.Kind}}{{end}}', 'IPPoolList projectcalico.org/v3 IPPoolList'],
    ['{{range .}}{{.ListMeta.ResourceVersion}} {{.ResourceVersion}}{{end}}', '1042 1042'],
    // ObjectMeta is embedded in Go, so its fields are promoted: .Name is .ObjectMeta.Name.
    ['{{range .}}{{range .Items}}{{.Name}}/{{.UID}} {{end}}{{end}}', 'default-ipv4-ippool/0b6a9a5e-8f0c-4a8e-9d43-1f3c2b7d9e10 default-ipv6-ippool/<no value> '],
    // Plain JSON names work too.
    ['{{range .}}{{range .items}}{{.metadata.name}} {{.spec.cidr}};{{end}}{{end}}', 'default-ipv4-ippool 192.168.0.0/16;default-ipv6-ippool fd5f:8067:1c2d::/48;'],
    // A field the object does not have prints as Go prints a missing map key.
    ['{{range .}}{{range .Items}}{{.Spec.Disabled}},{{end}}{{end}}', '<no value>,true,'],
    ['{{range .}}{{len .Items}}{{end}}', '2'],
    ['{{range .}}{{range .Items}}{{if .Spec.NATOutgoing}}{{.Metadata.Name}}{{end}}{{end}}{{end}}', 'default-ipv4-ippool'],
    ['{{range .}}{{range $i, $p := .Items}}{{$i}}:{{$p.Spec.CIDR}} {{end}}{{end}}', '0:192.168.0.0/16 1:fd5f:8067:1c2d::/48 '],
    ['{{range .}}{{with index .Items 1}}{{.Metadata.Name}}{{end}}{{end}}', 'default-ipv6-ippool'],
    ['{{range .}}{{range .Items}}{{printf "%-22s%-20s%5d\\n" .Metadata.Name .Spec.CIDR .Spec.BlockSize}}{{end}}{{end}}',
      'default-ipv4-ippool   192.168.0.0/16         26\ndefault-ipv6-ippool   fd5f:8067:1c2d::/48   122\n'],
  ];
  it.each(fieldCases)('resolves Go field names: %s', (tpl, want) => {
    expect(run(tpl, pools)).toBe(want);
  });

  it('joins a labels map as sorted k=v pairs, and slices as values', () => {
    const tpl = '{{range .}}{{range .Items}}[{{join .Metadata.Labels ","}}]{{end}}{{end}}';
    expect(run(tpl, pools)).toBe('[app=calico,env=prod,zone=eu-west-1a][]');
    expect(run('{{join .L ", "}}', { L: ['a', 1, true, 2.5] })).toBe('a, 1, true, 2.5');
    expect(run('{{join .S "-"}}', { S: 'single' })).toBe('single');
  });

  const truncCases: Array<[unknown, number, string]> = [
    [['alpha', 'beta', 'gamma'], 0, 'alpha,beta,gamma'],
    [['alpha', 'beta', 'gamma'], 16, 'alpha,beta,gamma'],
    [['alpha', 'beta', 'gamma'], 15, 'alpha,beta,g...'],
    [['alpha', 'beta', 'gamma'], 14, 'alpha,beta,...'],
    [['alpha', 'beta', 'gamma'], 8, 'alpha...'],
    [['alpha', 'beta', 'gamma'], 3, '...'],
    [{ b: '2', a: '1' }, 5, 'a=...'],
    [{ b: '2', a: '1' }, 7, 'a=1,b=2'],
    [['ü', 'ö', 'ä', 'é'], 6, 'ü,ö...'],
  ];
  it.each(truncCases)('joinAndTruncate %j to %i', (items, max, want) => {
    const out = run('{{joinAndTruncate .I "," .N}}', { I: items, N: max });
    expect(out).toBe(want);
    if (max > 0) expect(Array.from(out).length).toBeLessThanOrEqual(max);
  });

  it('calls the caller-supplied config function', () => {
    const config = (name: unknown) => (name === 'asnumber' ? '64512' : '');
    expect(run('AS {{config "asnumber"}}', [], { config })).toBe('AS 64512');
    expect(errorOf('{{config "asnumber"}}', [])).toBe('template: output:1: function "config" not defined');
    expect(
      errorOf('{{config "x"}}', [], {
        config: () => {
          throw new Error('boom');
        },
      }),
    ).toBe('template: output:1:2: executing "output" at <config "x">: error calling config: boom');
  });

  it('reports a field on the slice itself as Go does', () => {
    expect(errorOf('{{.Items}}', pools)).toBe(
      'template: output:1:2: executing "output" at <.Items>: can\'t evaluate field Items in type []interface {}',
    );
  });
});
