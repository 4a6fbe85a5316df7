/** `show protocols` parsing (BIRD 1.x and BIRD 2 replies recorded from real daemons) and peer names. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replyText } from '../../src/node/status/birdctl.js';
import { peerFromName, peersOf } from '../../src/node/status/peers.js';
import { BirdFormatError, parseBirdcText, parseShowProtocols } from '../../src/node/status/protocols.js';
import { renderText } from '../../src/node/status/render.js';
import { ROOT } from '../helpers/cli.js';

const raw = (name: string): string[] => readFileSync(join(ROOT, 'fixtures', 'node', name), 'utf8').split('\n').filter((l) => l !== '');

describe('show protocols parser', () => {
  it('reads BIRD 1.x rows (lower-case heading, date Since) and keeps only Mesh/Global/Node BGP peers', () => {
    const peers = peersOf(parseShowProtocols(raw('bird1-show-protocols.raw')), 4);
    expect(peers.map((p) => [p.address, p.type, p.state, p.since, p.info])).toEqual([
      ['172.17.8.102', 'node-to-node mesh', 'up', '2016-11-21', 'Established'],
      ['172.17.8.103', 'global', 'up', '2016-11-21', 'Established'],
      ['172.17.8.104', 'node specific', 'down', '2016-11-21', 'Failed Socket: error'],
      ['10.0.0.9:180', 'node specific', 'start', '23:30:04', 'Connect'],
    ]);
    expect(peersOf(parseShowProtocols(raw('bird1-show-protocols.raw')), 6).map((p) => p.address)).toEqual(['fd80:24e2::2']);
  });

  it('reads BIRD 2 rows (capitalised heading, Since with milliseconds, empty info)', () => {
    const rows = parseShowProtocols(raw('bird2-show-protocols.raw'));
    expect(rows.map((r) => r.name)).toEqual(['static1', 'kernel1', 'device1', 'direct1', 'Mesh_10_0_0_2', 'Mesh_10_0_0_3', 'Node_10_0_0_1']);
    expect(peersOf(rows).map((p) => [p.address, p.type, p.state, p.since, p.info])).toEqual([
      ['10.0.0.2', 'node-to-node mesh', 'up', '15:35:49.394', 'Established'],
      ['10.0.0.3', 'node-to-node mesh', 'start', '15:36:48.497', 'Passive Received: Administrative shutdown'],
      ['10.0.0.1', 'node specific', 'start', '15:36:59.497', 'Active'],
    ]);
  });

  it('takes a date and a time together as Since (timeformat iso long)', () => {
    const peers = peersOf(parseShowProtocols(raw('bird2-show-protocols-iso-long.raw')));
    expect(peers.map((p) => [p.address, p.family, p.since, p.info])).toEqual([
      ['10.0.0.7', 4, '2026-11-21 15:38:06', 'Active Socket: Connection refused'],
      ['fd00::2', 6, '2026-11-20 09:01:02', 'Established'],
    ]);
  });

  it('rejects an unknown heading and unexpected lines as calicoctl does', () => {
    expect(() => parseShowProtocols(['2002-Name Proto Table State Since', '0000 '])).toThrow(new BirdFormatError('unknown BIRD table output format'));
    expect(() => parseShowProtocols(['9001 Syntax error'])).toThrow('unexpected output line from BIRD');
  });

  it('parses birdc text output the same as the socket reply', () => {
    const lines = raw('bird2-show-protocols.raw');
    const text = `BIRD 2.0.12 ready.\n${replyText(lines.slice(1))}`;
    expect(text.split('\n')[1]).toMatch(/^Name\s+Proto/);
    expect(parseBirdcText(text)).toEqual(parseShowProtocols(lines));
  });
});

describe('peer names', () => {
  it.each([
    ['Mesh_10_0_0_2', '10.0.0.2', 'node-to-node mesh', 4],
    ['Global_192_168_1_1', '192.168.1.1', 'global', 4],
    ['Node_10_0_0_1_port_180', '10.0.0.1:180', 'node specific', 4],
    ['Mesh_fd80_24e2__2', 'fd80:24e2::2', 'node-to-node mesh', 6],
    ['Node_2001__102_port_1790', '[2001::102]:1790', 'node specific', 6],
  ])('%s → %s (%s)', (name, address, type, family) => {
    expect(peerFromName(name)).toEqual({ address, type, family });
  });

  it('ignores other protocols', () => {
    expect(peerFromName('Local_Workload_10_65_0_2')).toBeUndefined();
    expect(peerFromName('kernel1')).toBeUndefined();
  });
});

describe('text output', () => {
  it('prints calicoctl’s layout with a boxed table per family', () => {
    const peers = peersOf(parseShowProtocols(raw('bird1-show-protocols.raw')), 4).slice(0, 3);
    const text = renderText({ running: true, bird: { ipv4: { running: true, peers }, ipv6: { running: false, peers: [] } } });
    expect(text).toBe(
      'Calico process is running.\n\nIPv4 BGP status\n' +
        '+--------------+-------------------+-------+------------+----------------------+\n' +
        '| PEER ADDRESS |     PEER TYPE     | STATE |   SINCE    |         INFO         |\n' +
        '+--------------+-------------------+-------+------------+----------------------+\n' +
        '| 172.17.8.102 | node-to-node mesh | up    | 2016-11-21 | Established          |\n' +
        '| 172.17.8.103 | global            | up    | 2016-11-21 | Established          |\n' +
        '| 172.17.8.104 | node specific     | down  | 2016-11-21 | Failed Socket: error |\n' +
        '+--------------+-------------------+-------+------------+----------------------+\n' +
        "\nINFO: BIRDv6 process: 'bird6' is not running.\n\n",
    );
  });

  it('says when no BIRD runs, when a family has no peers, and when a socket is unreachable', () => {
    const none = { running: false, peers: [] };
    expect(renderText({ running: true, bird: { ipv4: none, ipv6: none } })).toBe(
      'Calico process is running.\n\nThe BGP backend process (BIRD) is not running.\n\n',
    );
    const text = renderText({
      running: true,
      bird: { ipv4: { running: true, peers: [] }, ipv6: { running: true, peers: [], error: 'unable to connect to BIRDv6 socket: dial unix /x: connect: no such file or directory' } },
    });
    expect(text).toBe(
      'Calico process is running.\n\nIPv4 BGP status\nNo IPv4 peers found.\n\nIPv6 BGP status\n' +
        'Error querying BIRD: unable to connect to BIRDv6 socket: dial unix /x: connect: no such file or directory\n',
    );
  });
});

describe('fast-path argument parsing', async () => {
  const { parseStatusArgv } = await import('../../src/node/status/fast.js');
  it('reads the flags and leaves anything else to oclif', () => {
    expect(parseStatusArgv([])).toEqual({ runDir: '/var/run/calico', output: 'text' });
    expect(parseStatusArgv(['--run-dir', '/x', '-o', 'json', '--wait=1m30s', '--allow-version-mismatch'])).toEqual({
      runDir: '/x', output: 'json', waitMs: 90_000, waitText: '1m30s',
    });
    expect(parseStatusArgv(['--run-dir=/y', '--output=text', '--wait', '500ms'])).toMatchObject({ runDir: '/y', waitMs: 500 });
    for (const bad of [['--wait=soon'], ['-o', 'yaml'], ['--bogus'], ['--run-dir'], ['extra']]) expect(parseStatusArgv(bad)).toBeUndefined();
  });
});

describe('agent process recognition', async () => {
  const { isAgentArgv } = await import('../../src/node/status/procs.js');
  it.each([
    [['calico-felix'], true],
    [['calico-node', '-bird-ready'], true],
    [['/usr/bin/calico-node', '-felix'], true],
    [['/usr/bin/node', '/opt/calicoctl-ts/dist/node/agent/main.js', '--run-dir', '/r'], true],
    [['calico-agent'], true],
    [['/usr/bin/node', '/x/dist/node/supervisor/main.js'], false],
    [['bird', '-f'], false],
  ])('%j → %s', (argv, want) => expect(isAgentArgv(argv)).toBe(want));
});
