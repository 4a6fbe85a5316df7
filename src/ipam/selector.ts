/**
 * IP pool nodeSelector evaluation for IPAM, with Calico's selector language
 * (src/resources/selector). Compiled selectors are cached: a pool's selector is matched
 * for every block claim.
 */
import { compileSelector } from '../resources/selector/index.js';

const cache = new Map<string, (labels: Record<string, string>) => boolean>();

/** True when the node's labels satisfy the pool's nodeSelector; an invalid selector matches nothing. */
export function selectorMatches(selector: string | undefined, labels: Record<string, string>): boolean {
  const sel = (selector ?? '').trim();
  if (sel === '' || sel === 'all()') return true;
  let fn = cache.get(sel);
  if (!fn) {
    try {
      fn = compileSelector(sel);
    } catch {
      fn = () => false;
    }
    cache.set(sel, fn);
  }
  return fn(labels);
}
