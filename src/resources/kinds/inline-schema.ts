/**
 * Inline OpenAPI v3 schemas for the kinds Calico has no CRD for (Node, WorkloadEndpoint,
 * Profile). Each is a whole-object schema in the same shape as a CRD's openAPIV3Schema.
 * Policy rules are left open (`x-kubernetes-preserve-unknown-fields`); rules/entity-rule
 * validation covers their content.
 */
export type Schema = Record<string, unknown>;

export const STRING: Schema = { type: 'string' };
export const BOOLEAN: Schema = { type: 'boolean' };
export const INTEGER: Schema = { type: 'integer' };
/** Fields that accept a number or a string (AS numbers, protocols, ports). */
export const INT_OR_STRING: Schema = { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] };
export const STRING_LIST: Schema = { type: 'array', items: STRING };
export const STRING_MAP: Schema = { type: 'object', additionalProperties: STRING };
export const RULE_LIST: Schema = { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } };

export function object(properties: Record<string, Schema>, required?: string[]): Schema {
  return required ? { type: 'object', properties, required } : { type: 'object', properties };
}

export function arrayOf(items: Schema): Schema {
  return { type: 'array', items };
}

/** A whole-object schema around a spec (and optional status) schema. */
export function resourceSchema(spec: Schema, status?: Schema): Schema {
  return object({
    apiVersion: STRING,
    kind: STRING,
    metadata: { type: 'object' },
    spec,
    ...(status ? { status } : {}),
  });
}
