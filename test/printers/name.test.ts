import { describe, expect, it } from 'vitest';
import { renderNames } from '../../src/printers/name.js';
import { input, ippool } from './kinds.js';

describe('-o name', () => {
  it('prints kind/name per resource', () => {
    expect(renderNames([ippool('pool1', '10.0.0.0/8'), ippool('pool2', '10.1.0.0/16')])).toBe('ippool/pool1\nippool/pool2\n');
  });

  it('expands lists', () => {
    expect(renderNames([input('networkpolicy-list.in.yaml')])).toBe('networkpolicy/allow-dns\nnetworkpolicy/security.deny-all-egress\n');
  });

  it('prints nothing for an empty list', () => {
    expect(renderNames([input('ippool-list-empty.in.yaml')])).toBe('');
  });
});
