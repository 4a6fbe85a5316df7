/**
 * Strict decoding of one parsed document into a kind, the way calicoctl's strict YAML→JSON→Go
 * decoding behaves:
 * - an unknown field anywhere fails with `field in document is not recognized or is in the
 *   wrong location: <field>` (calicoctl's rewording of Go's `unknown field "<field>"`);
 * - a JSON value of the wrong shape fails with Go's `cannot unmarshal <json type> into Go struct
 *   field <Struct>.<path> of type <go type>` (path = JSON field names without indexes);
 * - numbers and booleans written where a string is expected become text (`1.10` → "1.1",
 *   `true` → "true"), as sigs.k8s.io/yaml does before Go decodes;
 * - field names match case-insensitively (Go's encoding/json) and come out as declared;
 * - `null` means "not set": the field is dropped (an array element becomes its zero value);
 * - when several problems exist, the one reported is the first in sorted-key order (the JSON
 *   Go decodes has its keys sorted).
 * The result is a new object; the input is not modified.
 */
import { InputError } from '../../errors.js';
import type { KindDefinition, Resource } from '../types.js';
import { compileListEnvelope, type SchemaNode } from './compile.js';
import { decodesToItself } from './decode-check.js';
import { formatGoFloat32 } from './goyaml.js';
import { rootNode } from './load.js';

export { applySchemaDefaults } from './defaults.js';

export const UNKNOWN_FIELD_PREFIX = 'field in document is not recognized or is in the wrong location: ';

class DecodeFailure {
  constructor(readonly message: string) {}
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v;
}

function mismatch(v: unknown, node: SchemaNode, struct: string, path: string): DecodeFailure {
  const what = typeof v === 'number' && node.kind === 'integer' ? `number ${v}` : jsonType(v);
  if (node.kind === 'time') return new DecodeFailure(`cannot unmarshal ${what} into Go value of type string`);
  return new DecodeFailure(`cannot unmarshal ${what} into Go struct field ${struct}.${path} of type ${node.goType}`);
}

function zeroOf(node: SchemaNode): unknown {
  if (node.nullable) return null;
  switch (node.kind) {
    case 'string': case 'time': return '';
    case 'integer': case 'number': return 0;
    case 'boolean': return false;
    case 'object': case 'map': return {};
    default: return null;
  }
}

function checkFinite(v: number): void {
  if (!Number.isFinite(v)) {
    throw new DecodeFailure(`error converting YAML to JSON: json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'}`);
  }
}

/**
 * How a pass runs. The first pass is fast: document key order, no paths. Only when it fails
 * does a second pass run in Go's order (sorted keys) and build the paths the message needs.
 * `own`: the input belongs to the decoder, which may modify it and reuse its parts.
 */
interface Mode {
  sorted: boolean;
  own: boolean;
}

const child = (mode: Mode, path: string, name: string): string =>
  mode.sorted ? (path === '' ? name : `${path}.${name}`) : '';

function decodeValue(node: SchemaNode, v: unknown, struct: string, path: string, mode: Mode): unknown {
  switch (node.kind) {
    case 'string':
      if (typeof v === 'string') return v;
      if (typeof v === 'boolean') return v ? 'true' : 'false';
      if (typeof v === 'number') {
        checkFinite(v);
        return Number.isInteger(v) ? String(v) : formatGoFloat32(v);
      }
      throw mismatch(v, node, struct, path);
    case 'time':
      if (typeof v === 'string') return v;
      throw mismatch(v, node, struct, path);
    case 'boolean':
      if (typeof v === 'boolean') return v;
      throw mismatch(v, node, struct, path);
    case 'integer':
      if (typeof v === 'number') checkFinite(v);
      if (typeof v === 'number' && Number.isInteger(v) && v >= node.min! && v <= node.max!) return v;
      throw mismatch(v, node, struct, path);
    case 'number':
      if (typeof v === 'number') {
        checkFinite(v);
        return v;
      }
      throw mismatch(v, node, struct, path);
    case 'intOrString':
      if (typeof v === 'string') return v;
      if (typeof v === 'number' && Number.isInteger(v)) return v;
      throw mismatch(v, node, struct, path);
    case 'array': {
      if (!Array.isArray(v)) throw mismatch(v, node, struct, path);
      const elem = node.elem!;
      const out = mode.own ? v : new Array<unknown>(v.length);
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        out[i] = item === null || item === undefined ? zeroOf(elem) : decodeValue(elem, item, struct, path, mode);
      }
      return out;
    }
    case 'map': {
      if (!isPlainObject(v)) throw mismatch(v, node, struct, path);
      const elem = node.elem!;
      if (elem.kind === 'any') return mode.own ? v : structuredClone(v);
      const out: Record<string, unknown> = mode.own ? v : {};
      for (const key of mode.sorted ? Object.keys(v).sort() : Object.keys(v)) {
        const item = v[key];
        out[key] = item === null || item === undefined ? zeroOf(elem) : decodeValue(elem, item, struct, path, mode);
      }
      return out;
    }
    case 'object':
      if (!isPlainObject(v)) throw mismatch(v, node, struct, path);
      return decodeObject(node, v, node.struct ?? struct, path, mode);
    default:
      return mode.own ? v : structuredClone(v);
  }
}

function decodeObject(
  node: SchemaNode, v: Record<string, unknown>, struct: string, path: string, mode: Mode,
): Record<string, unknown> {
  const props = node.props!;
  const out: Record<string, unknown> = mode.own ? v : {};
  for (const key of mode.sorted ? Object.keys(v).sort() : Object.keys(v)) {
    let name = key;
    let prop = props.get(key);
    if (prop === undefined) {
      const declared = node.folded!.get(key.toLowerCase());
      if (declared === undefined) throw new DecodeFailure(UNKNOWN_FIELD_PREFIX + key);
      name = declared;
      prop = props.get(declared)!;
    }
    const item = v[key];
    if (mode.own && name !== key) delete out[key];
    if (item === null || item === undefined) {
      if (mode.own) delete out[name];
      continue;
    }
    out[name] = decodeValue(prop, item, struct, child(mode, path, name), mode);
  }
  return out;
}

/** Runs a decode; on failure re-runs in Go's key order so the reported problem is Go's first. */
function run<T>(own: boolean, fn: (mode: Mode) => T): T {
  try {
    return fn({ sorted: false, own });
  } catch (e) {
    if (!(e instanceof DecodeFailure)) throw e;
    try {
      fn({ sorted: true, own });
    } catch (e2) {
      if (e2 instanceof DecodeFailure) throw new InputError(e2.message);
      throw e2;
    }
    throw new InputError(e.message);
  }
}

/**
 * Strictly decodes one document (an object already known to be of `def`'s kind) into a
 * Resource. Throws InputError whose message is the reason only (no file or document).
 */
export function decodeResource(def: KindDefinition, doc: Record<string, unknown>): Resource {
  return decode(def, doc, false);
}

/**
 * Like decodeResource for a document the caller owns and will not use again (a freshly parsed
 * one): it is modified in place and becomes (part of) the result, which saves a copy.
 * `checked`: the caller knows that decodesToItself(rootNode(def), doc) holds (the fast YAML
 * reader checks that as it reads), so there is nothing to decode.
 */
export function decodeOwnedResource(def: KindDefinition, doc: Record<string, unknown>, checked = false): Resource {
  return decode(def, doc, true, checked);
}

function decode(def: KindDefinition, doc: Record<string, unknown>, own: boolean, checked = false): Resource {
  const root = rootNode(def);
  const out = checked || (own && decodesToItself(root, doc)) ? doc : run(own, (mode) => decodeObject(root, doc, def.kind, '', mode));
  if (!isPlainObject(out.metadata)) out.metadata = {};
  return out as unknown as Resource;
}

const envelopes = new Map<string, SchemaNode>();

/**
 * Strictly checks the envelope of a `<Kind>List` (apiVersion, kind, ListMeta, items). The items
 * are left as they are (decoded one by one later); the envelope itself may be normalised in
 * place (null fields dropped, field names in their declared case).
 */
export function checkListEnvelope(listKind: string, doc: Record<string, unknown>): void {
  let node = envelopes.get(listKind);
  if (!node) {
    node = compileListEnvelope(listKind);
    envelopes.set(listKind, node);
  }
  const env = node;
  run(true, (mode) => decodeObject(env, doc, listKind, '', mode));
}
