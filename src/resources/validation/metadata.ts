/**
 * ObjectMeta checks shared by every kind. As in Calico, every name gets the DNS-1123
 * subdomain check, and some kinds add a stricter rule (policies, Tier). An absent name is
 * not reported here: whether it is required depends on the operation and is the command
 * layer's job ("field must be set for a Create request").
 */
import type { Resource } from '../types.js';
import type { Problems } from './problems.js';
import { checkAnnotations, checkLabels } from './labels.js';
import { NAME_FIELD, checkNamespaceName, checkSubdomainName } from './names.js';

export type NameRule = (p: Problems, field: string, name: string) => void;

export interface MetadataRules {
  /** An extra rule on top of the subdomain rule. */
  name?: NameRule;
  namespaced?: boolean;
}

export function checkMetadata(p: Problems, r: Resource, rules: MetadataRules = {}): void {
  const md = r.metadata ?? {};
  if (typeof md.name === 'string' && md.name !== '') {
    checkSubdomainName(p, NAME_FIELD, md.name);
    rules.name?.(p, NAME_FIELD, md.name);
  }
  if (rules.namespaced && typeof md.namespace === 'string' && md.namespace !== '') {
    checkNamespaceName(p, 'Metadata.Namespace', md.namespace);
  }
  checkLabels(p, md.labels);
  checkAnnotations(p, md.annotations);
}
