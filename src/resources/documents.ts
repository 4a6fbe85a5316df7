/**
 * The pure half of the `-f` input path: one source's text → documents → strictly decoded
 * resources (loader.ts adds files, directories and stdin).
 *
 * YAML is read as calicoctl (go-yaml v2, YAML 1.1 scalars) reads it: see schema/goyaml.ts.
 * JSON documents go through the same parser (JSON is YAML), as in calicoctl. Plain block YAML
 * takes a fast path (schema/fastyaml.ts) that gives the same values as js-yaml.
 */
import yaml from 'js-yaml';
import { InputError, messageOf } from '../errors.js';
import { kindForDocument } from './registry.js';
import { checkListEnvelope, decodeOwnedResource, decodeResource } from './schema/decode.js';
import { FALLBACK, fastYaml } from './schema/fastyaml.js';
import { GO_YAML_SCHEMA } from './schema/goyaml.js';
import { API_VERSION, type KindDefinition, type Resource } from './types.js';

export interface LoadedResource {
  resource: Resource;
  def: KindDefinition;
  /** The file path as found (`-` for stdin). */
  source: string;
  /** 1-based number of the document within the source (documents without content not counted). */
  index: number;
}

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
export const CRD_API_VERSION = 'crd.projectcalico.org/v1';
const K8S_NETWORK_POLICY_VERSIONS = new Set(['networking.k8s.io/v1', 'extensions/v1beta1']);

export interface Chunk {
  text: string;
  /** 1-based line of the file where the chunk starts. */
  line: number;
}

/** Splits on lines starting with `---` (the rest of such a line is dropped); keeps line numbers. */
export function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  let startLine = 1;
  let pos = 0;
  let line = 1;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    if (text.startsWith('---', pos)) {
      chunks.push({ text: text.slice(start, pos), line: startLine });
      start = end + 1;
      startLine = line + 1;
    }
    if (nl === -1) break;
    pos = nl + 1;
    line++;
  }
  if (start < text.length) chunks.push({ text: text.slice(start), line: startLine });
  return chunks;
}

const hasContent = (s: string): boolean => /^[ \t]*[^\s#]/m.test(s);

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A TypeMeta field as Go reads it: exact name first, then case-insensitively; scalars as text. */
function typeField(obj: Record<string, unknown>, name: 'kind' | 'apiVersion'): string {
  let v = obj[name];
  if (v === undefined) {
    const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
    v = key === undefined ? undefined : obj[key];
  }
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

export function kubernetesNetworkPolicyReason(apiVersion: string): string {
  return `this is a Kubernetes NetworkPolicy (apiVersion ${apiVersion}), not a Calico resource; ` +
    `'calicoctl convert' turns it into a Calico NetworkPolicy (apiVersion ${API_VERSION})`;
}

class DocumentContext {
  private warned = false;
  n = 0;
  /** The current document came from the fast reader: no shared (aliased) parts, safe to reuse. */
  fresh = false;
  constructor(readonly source: string, readonly out: LoadedResource[], readonly warn?: (line: string) => void) {}

  fail(reason: string): never {
    throw new InputError(`${this.source}: document ${this.n}: ${reason}`);
  }

  /** Accepts v3, and the CRD form with a warning (once per source); anything else fails. */
  version(apiVersion: string, kind: string): void {
    if (apiVersion === API_VERSION) return;
    if (apiVersion === CRD_API_VERSION) {
      if (!this.warned && this.warn) {
        this.warn(`Warning: ${this.source}: apiVersion ${CRD_API_VERSION} is the Kubernetes CRD form; treating it as ${API_VERSION}`);
      }
      this.warned = true;
      return;
    }
    this.fail(`unknown resource type (${kind}) and/or version (${apiVersion})`);
  }

  push(def: KindDefinition, doc: Record<string, unknown>): void {
    let resource: Resource;
    try {
      resource = this.fresh ? decodeOwnedResource(def, doc) : decodeResource(def, doc);
    } catch (e) {
      this.fail(messageOf(e));
    }
    resource.apiVersion = API_VERSION;
    resource.kind = def.kind;
    this.out.push({ resource, def, source: this.source, index: this.n });
  }

  /** One object of a document: a resource, a `<Kind>List` or a v1 `List`. */
  object(obj: Record<string, unknown>): void {
    const kind = typeField(obj, 'kind');
    const apiVersion = typeField(obj, 'apiVersion');
    if (kind === 'List' && apiVersion === 'v1') {
      this.envelope('List', obj);
      for (const item of listItems(obj)) this.item(item, 'List', (o) => this.object(o));
      return;
    }
    if (kind === 'NetworkPolicy' && K8S_NETWORK_POLICY_VERSIONS.has(apiVersion)) {
      this.fail(kubernetesNetworkPolicyReason(apiVersion));
    }
    const found = kindForDocument(kind);
    if (!found) this.fail(`unknown resource type (${kind}) and/or version (${apiVersion})`);
    this.version(apiVersion, kind);
    if (!found.isList) return this.push(found.def, obj);
    this.envelope(kind, obj);
    const def = found.def;
    for (const item of listItems(obj)) {
      this.item(item, kind, (o) => {
        const itemKind = typeField(o, 'kind');
        const itemVersion = typeField(o, 'apiVersion');
        if (itemKind !== '' && itemKind !== def.kind) {
          this.fail(`${kind} can only hold ${def.kind} resources, found kind ${itemKind}`);
        }
        if (itemVersion !== '') this.version(itemVersion, def.kind);
        this.push(def, o);
      });
    }
  }

  private envelope(listKind: string, obj: Record<string, unknown>): void {
    try {
      checkListEnvelope(listKind, obj);
    } catch (e) {
      this.fail(messageOf(e));
    }
  }

  private item(item: unknown, listKind: string, fn: (o: Record<string, unknown>) => void): void {
    if (item === null || item === undefined) return;
    if (!isObject(item)) {
      this.fail(`cannot unmarshal ${jsonType(item)} into Go struct field ${listKind}.items of type ${listKind === 'List' ? 'runtime.RawExtension' : `v3.${listKind.slice(0, -4)}`}`);
    }
    fn(item);
  }
}

function listItems(obj: Record<string, unknown>): unknown[] {
  const key = Object.keys(obj).find((k) => k.toLowerCase() === 'items');
  const items = key === undefined ? undefined : obj[key];
  return Array.isArray(items) ? items : [];
}

function parseChunk(chunk: Chunk, ctx: DocumentContext): unknown {
  if (chunk.text.length > MAX_DOCUMENT_BYTES / 4 && Buffer.byteLength(chunk.text) > MAX_DOCUMENT_BYTES) {
    ctx.fail(`document is larger than the maximum of ${MAX_DOCUMENT_BYTES} bytes`);
  }
  const fast = fastYaml(chunk.text);
  ctx.fresh = fast !== FALLBACK;
  if (ctx.fresh) return fast;
  try {
    return yaml.load(chunk.text, { schema: GO_YAML_SCHEMA });
  } catch (e) {
    if (e instanceof yaml.YAMLException) {
      const line = chunk.line + (e.mark?.line ?? 0);
      ctx.fail(`error converting YAML to JSON: yaml: line ${line}: ${e.reason}`);
    }
    throw e;
  }
}

/**
 * Parses and strictly decodes every document of one source (pure: no I/O). Returns the
 * resources in document order; throws InputError `<source>: document <n>: <reason>`.
 */
export function parseDocuments(text: string, source: string, warn?: (line: string) => void): LoadedResource[] {
  const out: LoadedResource[] = [];
  const ctx = new DocumentContext(source, out, warn);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (const chunk of splitDocuments(body)) {
    if (!hasContent(chunk.text)) continue;
    ctx.n++;
    const value = parseChunk(chunk, ctx);
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) {
      for (const el of value) {
        if (el === null || el === undefined) continue;
        if (!isObject(el)) ctx.fail(`cannot unmarshal ${jsonType(el)} into Go value of type v1.TypeMeta`);
        ctx.object(el);
      }
    } else if (isObject(value)) {
      ctx.object(value);
    } else {
      ctx.fail(`cannot unmarshal ${jsonType(value)} into Go value of type v1.TypeMeta`);
    }
  }
  return out;
}
