/**
 * Where a kind's schema comes from: the JSON generated from Calico's CRDs (./generated, read
 * lazily on first use and cached; the build copies it next to the compiled module) or the
 * kind's inline schema. Both are whole-object OpenAPI schemas (properties apiVersion, kind,
 * metadata, spec[, status]), as in a CRD's openAPIV3Schema.
 */
import { readFileSync } from 'node:fs';
import type { KindDefinition } from '../types.js';
import { compileRoot, type SchemaNode } from './compile.js';

/** The shape of a file in ./generated (written by scripts/gen-schemas.js). */
export interface GeneratedSchema {
  '//': string;
  group: string;
  version: string;
  kind: string;
  plural: string;
  scope: 'Cluster' | 'Namespaced';
  schema: Record<string, unknown>;
}

const cache = new Map<string, GeneratedSchema>();

/** Reads ./generated/<name>.json (cached). Throws when no such schema was generated. */
export function readGeneratedSchema(name: string): GeneratedSchema {
  let doc = cache.get(name);
  if (doc) return doc;
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`invalid schema name: ${JSON.stringify(name)}`);
  const url = new URL(`./generated/${name}.json`, import.meta.url);
  let text: string;
  try {
    text = readFileSync(url, 'utf8');
  } catch (e) {
    throw new Error(`no generated schema ${name}.json (run: node scripts/gen-schemas.js)`, { cause: e });
  }
  doc = JSON.parse(text) as GeneratedSchema;
  cache.set(name, doc);
  return doc;
}

/** The kind's schema, or undefined when it declares none (then only the envelope is strict). */
export function loadSchema(def: Pick<KindDefinition, 'schemaName' | 'inlineSchema'>): unknown {
  if (def.schemaName !== undefined) return readGeneratedSchema(def.schemaName).schema;
  return def.inlineSchema;
}

const roots = new WeakMap<KindDefinition, SchemaNode>();

/** The kind's compiled whole-object tree (compiled once per definition). */
export function rootNode(def: KindDefinition): SchemaNode {
  let node = roots.get(def);
  if (!node) {
    node = compileRoot(def, loadSchema(def));
    roots.set(def, node);
  }
  return node;
}
