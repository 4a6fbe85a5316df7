import { describe, expect, it } from 'vitest';
import { renderBoxTable } from '../../src/printers/boxtable.js';

describe('renderBoxTable', () => {
  it('draws ipam show’s table: centred headers, numbers right-aligned, other cells left', () => {
    const out = renderBoxTable(
      ['grouping', 'CIDR', 'IPS TOTAL', 'IPS IN USE', 'IPS FREE'],
      [
        ['IP Pool', '10.65.0.0/16', '65536', '5 (0%)', '65531 (100%)'],
        ['IP Pool', 'fd5f:abcd:64::/48', '1.2089e+24', '7 (0%)', '1.2089e+24 (100%)'],
      ],
    );
    expect(out).toBe(
      [
        '+----------+-------------------+------------+------------+-------------------+',
        '| GROUPING |       CIDR        | IPS TOTAL  | IPS IN USE |     IPS FREE      |',
        '+----------+-------------------+------------+------------+-------------------+',
        '| IP Pool  | 10.65.0.0/16      |      65536 | 5 (0%)     | 65531 (100%)      |',
        '| IP Pool  | fd5f:abcd:64::/48 | 1.2089e+24 | 7 (0%)     | 1.2089e+24 (100%) |',
        '+----------+-------------------+------------+------------+-------------------+',
        '',
      ].join('\n'),
    );
  });

  it('wraps long cells at spaces and keeps an empty table’s header', () => {
    const out = renderBoxTable(['a', 'b'], [['x', 'Passive Received: Administrative shutdown now']]);
    expect(out.split('\n').slice(3, 5)).toEqual(['| x | Passive Received:           |', '|   | Administrative shutdown now |']);
    expect(renderBoxTable(['ip'], [])).toBe('+----+\n| IP |\n+----+\n+----+\n');
  });
});
