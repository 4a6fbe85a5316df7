// Structural-schema handling for custom resources, as the API server does it: prune unknown
// fields (honouring x-kubernetes-preserve-unknown-fields), apply defaults, validate against
// the openAPIV3Schema. CEL rules (x-kubernetes-validations) are skipped except the transition
// rule `self == oldSelf` (immutable fields), which is checked on update.
import { isIP } from 'node:net';
import { toJson } from './json.mjs';
import { canonical } from './util.mjs';

/** @typedef {import('./status.mjs').Cause} Cause */

/** @param {unknown} v @returns {v is Record<string, any>} */
const isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** @param {string} path @param {string} key */
const join = (path, key) => (path ? `${path}.${key}` : key);

/**
 * Removes fields the schema does not declare; returns their paths.
 * @param {any} value @param {any} schema @param {string} path @param {string[]} unknown
 */
export function prune(value, schema, path, unknown) {
  if (!schema || schema['x-kubernetes-preserve-unknown-fields'] === true && !schema.properties) return;
  if (isObj(value)) {
    const props = schema.properties;
    const addl = schema.additionalProperties;
    for (const key of Object.keys(value)) {
      const p = join(path, key);
      if (value[key] === null && !(props?.[key]?.nullable || isObj(addl) && addl.nullable)) {
        if (props?.[key] || addl) delete value[key];
      }
      if (path === '' && key === 'metadata') continue;
      if (props && key in props) prune(value[key], props[key], p, unknown);
      else if (isObj(addl)) prune(value[key], addl, p, unknown);
      else if (addl === true || schema['x-kubernetes-preserve-unknown-fields'] === true) continue;
      else if (props || addl === false || schema.type === 'object') {
        if (!(path === '' && (key === 'apiVersion' || key === 'kind' || key === 'metadata'))) {
          unknown.push(p);
          delete value[key];
        }
      }
    }
  } else if (Array.isArray(value) && schema.items) {
    value.forEach((v, i) => prune(v, schema.items, `${path}[${i}]`, unknown));
  }
}

/** Applies `default`s where the parent object exists. @param {any} value @param {any} schema */
export function applyDefaults(value, schema) {
  if (!schema) return;
  if (isObj(value)) {
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      if (value[key] === undefined && sub.default !== undefined) value[key] = structuredClone(sub.default);
      if (value[key] !== undefined) applyDefaults(value[key], sub);
    }
    if (isObj(schema.additionalProperties)) {
      for (const key of Object.keys(value)) {
        if (!(schema.properties && key in schema.properties)) applyDefaults(value[key], schema.additionalProperties);
      }
    }
  } else if (Array.isArray(value) && schema.items) {
    for (const v of value) applyDefaults(v, schema.items);
  }
}

/** The type name the API server reports for a JSON value. @param {unknown} v */
export function typeName(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'bigint') return 'integer';
  return typeof v;
}

/** Go-style rendering of a value in "Invalid value: ..." messages. @param {unknown} v */
const show = (v) => (typeof v === 'string' ? JSON.stringify(v) : isObj(v) || Array.isArray(v) ? toJson(v) : String(v));

/** @param {string} s */
function validCidr(s) {
  const m = /^(.*)\/(\d{1,3})$/.exec(s);
  if (!m) return false;
  const fam = isIP(/** @type {string} */ (m[1]));
  const bits = Number(m[2]);
  return (fam === 4 && bits <= 32) || (fam === 6 && bits <= 128);
}

/** @type {Record<string, (s: string) => boolean>} */
const FORMATS = {
  cidr: validCidr,
  ipv4: (s) => isIP(s) === 4,
  ipv6: (s) => isIP(s) === 6,
  'date-time': (s) => /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(s),
  date: (s) => /^\d{4}-\d{2}-\d{2}$/.test(s),
  uuid: (s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s),
  byte: (s) => /^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0,
};

/**
 * Validates `value` at `path`; pushes causes. `old` is the stored value on update (for
 * `self == oldSelf`), undefined on create.
 * @param {any} value @param {any} schema @param {string} path @param {Cause[]} out @param {any} [old]
 */
export function validate(value, schema, path, out, old) {
  if (!schema) return;
  const inv = (/** @type {string} */ msg, shown = show(value)) =>
    out.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${shown}: ${msg}`, field: path });
  if (value === null) {
    if (!schema.nullable && schema.type) {
      out.push({ reason: 'FieldValueTypeInvalid', message: `Invalid value: "null": ${path} in body must be of type ${schema.type}: "null"`, field: path });
    }
    return;
  }
  const t = typeName(value);
  if (schema['x-kubernetes-int-or-string']) {
    if (t !== 'integer' && t !== 'string') {
      out.push({ reason: 'FieldValueTypeInvalid', message: `Invalid value: "${t}": ${path} in body must be of type integer,string: "${t}"`, field: path });
      return;
    }
  } else if (schema.type && !(schema.type === t || (schema.type === 'number' && t === 'integer'))) {
    out.push({ reason: 'FieldValueTypeInvalid', message: `Invalid value: "${t}": ${path} in body must be of type ${schema.type}: "${t}"`, field: path });
    return;
  }
  if (schema.enum && !schema.enum.some((/** @type {unknown} */ e) => canonical(e) === canonical(value))) {
    out.push({
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${show(value)}: supported values: ${schema.enum.map(show).join(', ')}`,
      field: path,
    });
  }
  if (typeof value === 'string') {
    if (schema.maxLength !== undefined && Buffer.byteLength(value) > schema.maxLength) {
      out.push({ reason: 'FieldValueTooLong', message: `Too long: may not be more than ${schema.maxLength} bytes`, field: path });
    }
    if (schema.minLength !== undefined && [...value].length < schema.minLength) {
      inv(`${path} in body should be at least ${schema.minLength} chars long`);
    }
    if (schema.pattern) {
      let re = null;
      try {
        // Go's RE2 inline case-insensitivity flag has no JS equivalent inside the pattern.
        const ci = schema.pattern.includes('(?i)');
        re = new RegExp(ci ? schema.pattern.replaceAll('(?i)', '') : schema.pattern, ci ? 'i' : '');
      } catch { /* patterns JS cannot compile are not checked */ }
      if (re && !re.test(value)) inv(`${path} in body should match '${schema.pattern}'`);
    }
    const fmt = schema.format && FORMATS[schema.format];
    if (fmt && !fmt(value)) inv(`${path} in body must be of type ${schema.format}: ${show(value)}`);
  }
  if (typeof value === 'number') {
    if (schema.maximum !== undefined && (schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum)) {
      inv(`${path} in body should be less than ${schema.exclusiveMaximum ? '' : 'or equal to '}${schema.maximum}`);
    }
    if (schema.minimum !== undefined && (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum)) {
      inv(`${path} in body should be greater than ${schema.exclusiveMinimum ? '' : 'or equal to '}${schema.minimum}`);
    }
    if (schema.multipleOf && value % schema.multipleOf !== 0) inv(`${path} in body should be a multiple of ${schema.multipleOf}`);
  }
  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      out.push({ reason: 'FieldValueTooMany', message: `Too many: ${value.length}: must have at most ${schema.maxItems} items`, field: path });
    }
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      inv(`${path} in body should have at least ${schema.minItems} items`);
    }
    const listType = schema['x-kubernetes-list-type'];
    if (listType === 'set') {
      const seen = new Set();
      value.forEach((v, i) => {
        const k = canonical(v);
        if (seen.has(k)) out.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: ${show(v)}`, field: `${path}[${i}]` });
        seen.add(k);
      });
    }
    value.forEach((v, i) => validate(v, schema.items, `${path}[${i}]`, out, undefined));
  }
  if (isObj(value)) {
    for (const req of schema.required ?? []) {
      if (value[req] === undefined) out.push({ reason: 'FieldValueRequired', message: 'Required value', field: join(path, req) });
    }
    const n = Object.keys(value).length;
    if (schema.maxProperties !== undefined && n > schema.maxProperties) {
      out.push({ reason: 'FieldValueTooMany', message: `Too many: ${n}: must have at most ${schema.maxProperties} items`, field: path });
    }
    if (schema.minProperties !== undefined && n < schema.minProperties) {
      inv(`${path} in body should have at least ${schema.minProperties} properties`);
    }
    for (const [k, v] of Object.entries(value)) {
      const sub = schema.properties?.[k] ?? (isObj(schema.additionalProperties) ? schema.additionalProperties : null);
      if (sub && !(path === '' && k === 'metadata')) validate(v, sub, join(path, k), out, isObj(old) ? old[k] : undefined);
    }
  }
  for (const [key, quant] of /** @type {const} */ ([['allOf', 'all'], ['anyOf', 'any'], ['oneOf', 'one']])) {
    const subs = schema[key];
    if (!subs || (key === 'anyOf' && schema['x-kubernetes-int-or-string'])) continue;
    const results = subs.map((/** @type {any} */ s) => {
      /** @type {Cause[]} */
      const errs = [];
      validate(value, { ...s, type: s.type }, path, errs, old);
      return errs;
    });
    const ok = results.filter((/** @type {Cause[]} */ r) => r.length === 0).length;
    if (quant === 'all') results.forEach((/** @type {Cause[]} */ r) => out.push(...r));
    else if (quant === 'any' && ok === 0) inv(`${path} in body must match at least one schema in anyOf`, `"${t}"`);
    else if (quant === 'one' && ok !== 1) inv(`${path} in body must match exactly one schema in oneOf`, `"${t}"`);
  }
  if (old !== undefined) {
    for (const rule of schema['x-kubernetes-validations'] ?? []) {
      if (rule.rule === 'self == oldSelf' && canonical(old) !== canonical(value)) {
        out.push({ reason: rule.reason ?? 'FieldValueInvalid', message: `Invalid value: "${t}": ${rule.message ?? 'Value is immutable'}`, field: path });
      }
    }
  }
}
