/**
 * Reading `calicoctl convert` input: YAML/JSON documents (and `kind: List` of them) as plain
 * objects, each then converted on its own. Only Kubernetes NetworkPolicies are convertible;
 * anything else is reported the way calicoctl reports it.
 */
import yaml from 'js-yaml';
import { InputError, messageOf } from '../../errors.js';
import { splitDocuments } from '../documents.js';
import { GO_YAML_SCHEMA } from '../schema/goyaml-schema.js';
import type { Resource } from '../types.js';
import { maskedCIDR } from './masked-cidr.js';
import { convertK8sNetworkPolicy } from './k8s-policy.js';

export { maskedCIDR };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const K8S_POLICY_VERSIONS: ReadonlySet<string> = new Set(['networking.k8s.io/v1', 'extensions/v1beta1']);
const K8S_GROUP_VERSIONS = new Set([...K8S_POLICY_VERSIONS, 'v1', 'apps/v1', 'networking.k8s.io/v1beta1']);

/** A conversion failure, printed after `failed to convert resource: `. */
export class ConversionError extends Error {}

/** The objects of one source, `List` items flattened; throws InputError on bad YAML. */
export function readObjects(text: string, source: string): Obj[] {
  const out: Obj[] = [];
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let n = 0;
  for (const chunk of splitDocuments(body)) {
    if (!/^[ \t]*[^\s#]/m.test(chunk.text)) continue;
    n++;
    let value: unknown;
    try {
      value = yaml.load(chunk.text, { schema: GO_YAML_SCHEMA });
    } catch (e) {
      const line = chunk.line + ((e as { mark?: { line?: number } }).mark?.line ?? 0);
      throw new InputError(`${source}: document ${n}: error converting YAML to JSON: yaml: line ${line}: ${(e as { reason?: string }).reason ?? messageOf(e)}`);
    }
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (v === null || v === undefined) continue;
      if (!isObj(v)) throw new InputError(`${source}: document ${n}: cannot unmarshal ${typeof v} into Go value of type v1.TypeMeta`);
      if (v.kind === 'List' && Array.isArray(v.items)) out.push(...v.items.filter(isObj));
      else out.push(v);
    }
  }
  return out;
}

/** Converts one object, or throws ConversionError naming its unsupported type. */
export function convertObject(o: Obj): Resource {
  const kind = typeof o.kind === 'string' ? o.kind : '';
  const apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : '';
  if (K8S_POLICY_VERSIONS.has(apiVersion) && kind.toLowerCase() === 'networkpolicy') {
    return convertK8sNetworkPolicy(o, maskedCIDR);
  }
  if (K8S_GROUP_VERSIONS.has(apiVersion) && apiVersion !== 'v1') {
    throw new ConversionError(`conversion for the k8s resource type '${kind}' is not supported`);
  }
  throw new ConversionError(`conversion for the resource type '${kind}' is not supported`);
}
