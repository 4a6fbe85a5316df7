/**
 * A Kubernetes LabelSelector as a Calico selector, the way Calico's Kubernetes policy
 * converter writes it: matchLabels sorted by key as `k == 'v'`, then matchExpressions in
 * order (`k in { 'a', 'b' }`, `k not in { ... }`, `has(k)`, `! has(k)`), joined by ` && `.
 * Pod selectors start with `projectcalico.org/orchestrator == 'k8s'`; an empty namespace
 * selector means every namespace, `all()`.
 */
const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const ORCHESTRATOR_TERM = "projectcalico.org/orchestrator == 'k8s'";

export type SelectorRole = 'pod' | 'namespace';

function terms(s: Record<string, unknown>): string[] {
  const out: string[] = [];
  const labels = isObj(s.matchLabels) ? s.matchLabels : {};
  for (const k of Object.keys(labels).sort()) out.push(`${k} == '${String(labels[k])}'`);
  const exprs = Array.isArray(s.matchExpressions) ? s.matchExpressions : [];
  for (const e of exprs) {
    if (!isObj(e)) continue;
    const key = String(e.key ?? '');
    const values = (Array.isArray(e.values) ? e.values : []).map(String).join("', '");
    switch (e.operator) {
      case 'In': out.push(`${key} in { '${values}' }`); break;
      case 'NotIn': out.push(`${key} not in { '${values}' }`); break;
      case 'Exists': out.push(`has(${key})`); break;
      case 'DoesNotExist': out.push(`! has(${key})`); break;
      default: break;
    }
  }
  return out;
}

/** `selector` undefined = the field was absent. */
export function k8sSelectorToCalico(selector: unknown, role: SelectorRole): string {
  const parts = role === 'pod' ? [ORCHESTRATOR_TERM] : [];
  if (!isObj(selector)) return parts.join(' && ');
  const own = terms(selector);
  if (role === 'namespace' && own.length === 0) return 'all()';
  return [...parts, ...own].join(' && ');
}
