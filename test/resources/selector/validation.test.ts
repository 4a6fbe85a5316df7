// The kind validators now use the real parser: selectors the old bracket check let through are
// rejected with Calico's tag message, valid ones from the reference stay accepted.
import { describe, expect, it } from 'vitest';
import { selectorProblem } from '../../../src/resources/validation/selector.js';
import { problems, res } from '../kinds/util.js';

const TAG = (f: string) => `${f}: Reason: failed to validate Field: ${f} because of Tag: selector `;
const pool = (nodeSelector: string) => res('IPPool', 'p', { cidr: '10.0.0.0/16', nodeSelector });

describe('selector validation in kinds', () => {
  it.each(['a ==', 'b == b', 'a', '%', 'label = "v"', 'has()', 'a in {"x" "y"}', 'a == "x" &&'])('rejects %j with the selector tag message', (sel) => {
    expect(selectorProblem(sel)).toBeDefined();
    expect(problems(pool(sel))).toContain(TAG('NodeSelector'));
  });

  it.each(['', 'all()', "has(calico/k8s_NS-.1/role) && a in {'x', \"y\",}", '!!!has(a)', 'contains contains "contains"'])('accepts %j', (sel) => {
    expect(selectorProblem(sel)).toBeUndefined();
    expect(problems(pool(sel))).toEqual([]);
  });

  it('checks BGPPeer selectors through the same parser', () => {
    const peer = res('BGPPeer', 'peer', { peerSelector: 'rack == ', asNumber: 64512 });
    expect(problems(peer)).toContain(TAG('PeerSelector'));
  });
});
