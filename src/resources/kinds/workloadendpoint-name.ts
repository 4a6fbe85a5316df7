/**
 * The WorkloadEndpoint name Calico derives from the spec's identifiers:
 * `<node>-<orchestrator>-<workload id>-<endpoint>`, each part with `-` doubled, where the
 * workload id is the pod (k8s), the container ID (cni), `libnetwork` (libnetwork) or the
 * workload (any other orchestrator).
 */
import { str } from '../validation/values.js';

export type NameResult = { name: string } | { missing: string };

const escapePart = (s: string): string => s.replace(/-/g, '--');

export function workloadEndpointName(spec: Record<string, unknown>): NameResult {
  const orch = str(spec.orchestrator) ?? '';
  const idField = orch === 'k8s' ? 'pod' : orch === 'cni' ? 'containerID' : orch === 'libnetwork' ? undefined : 'workload';
  for (const field of ['node', 'orchestrator', ...(idField ? [idField] : []), 'endpoint']) {
    if (!str(spec[field])) return { missing: field };
  }
  const id = idField ? str(spec[idField])! : 'libnetwork';
  const parts = [str(spec.node)!, orch, id, str(spec.endpoint)!];
  return { name: parts.map(escapePart).join('-') };
}
