/**
 * The pure half of the `-f` input path: one source's text → documents → strictly decoded
 * resources (loader.ts adds files, directories and stdin).
 *
 * YAML is read as calicoctl (go-yaml v2, YAML 1.1 scalars) reads it: see schema/goyaml.ts.
 * JSON documents go through the same parser (JSON is YAML), as in calicoctl. Plain block YAML
 * takes a fast path (schema/fastyaml.ts) that gives the same values as js-yaml, reading each
 * document in place in the source text (document-ranges.ts). For a file of many resources of
 * one kind, the fast reader also checks each document against that kind's schema as it reads,
 * and a resource it finds already in decoded form is not decoded again.
 */
import { InputError, messageOf } from '../errors.js';
import { DocumentRanges, lineAt } from './document-ranges.js';
import { KindLines } from './kind-lines.js';
import { kindForDocument } from './kind-catalog.js';
import { checkListEnvelope, decodeOwnedResource, decodeResource } from './schema/decode.js';
import type { SchemaNode } from './schema/compile.js';
import { FALLBACK, fastYamlRange, readDecodesToItself } from './schema/fastyaml.js';
import { rootNode } from './schema/load.js';
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
  const ranges = new DocumentRanges(text);
  let line = 1;
  let counted = 0;
  while (ranges.next()) {
    for (let i = text.indexOf('\n', counted); i !== -1 && i < ranges.start; i = text.indexOf('\n', i + 1)) line++;
    counted = ranges.start;
    chunks.push({ text: text.slice(ranges.start, ranges.end), line });
  }
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
  /**
   * The kind the current document was checked against as the fast reader read it (a guess:
   * its `kind:` line, else the last resource's kind), and the document when it was found to
   * be a resource of that kind that decoding would leave as it is: then nothing is decoded.
   */
  checkedKind: KindDefinition | undefined;
  checked: unknown;
  lastKind: KindDefinition | undefined;
  private schemaKind: KindDefinition | undefined;
  private schema: SchemaNode | undefined;
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
      resource = this.fresh ? decodeOwnedResource(def, doc, doc === this.checked && def === this.checkedKind) : decodeResource(def, doc);
    } catch (e) {
      this.fail(messageOf(e));
    }
    this.lastKind = def;
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
    const found = this.kindOf(kind);
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

  /** The schema to read the next document against: its kind is guessed (see checkedKind). */
  schemaFor(kindName: string | undefined): SchemaNode | undefined {
    const found = kindName === undefined ? undefined : this.kindOf(kindName);
    const def = found === undefined ? this.lastKind : found.isList ? undefined : found.def;
    this.checkedKind = def;
    if (def !== this.schemaKind) {
      this.schemaKind = def;
      this.schema = def === undefined ? undefined : rootNode(def);
    }
    return this.schema;
  }

  private lastKindName = '';
  private lastFound: ReturnType<typeof kindForDocument>;

  /** kindForDocument, remembering the last answer (documents of a file are mostly of one kind). */
  private kindOf(kind: string): ReturnType<typeof kindForDocument> {
    if (kind !== this.lastKindName || this.lastFound === undefined) {
      this.lastFound = kindForDocument(kind);
      this.lastKindName = kind;
    }
    return this.lastFound;
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

/**
 * js-yaml with the go-yaml schema, for documents the fast reader leaves to it. Loaded on
 * demand (loadSlowReader): most input never needs it, and it costs a command ~10 ms to load.
 */
let slow: { yaml: JsYaml; schema: import('js-yaml').Schema } | undefined;
type JsYaml = typeof import('js-yaml')['default'];

/** Thrown by parseDocuments when a document needs js-yaml before loadSlowReader has run. */
export class SlowReaderNeeded extends Error {
  constructor() {
    super('js-yaml is not loaded');
  }
}

/** Loads js-yaml and the go-yaml schema for parseDocuments (once). */
export async function loadSlowReader(): Promise<void> {
  if (slow) return;
  const [mod, { GO_YAML_SCHEMA }] = await Promise.all([import('js-yaml'), import('./schema/goyaml-schema.js')]);
  slow = { yaml: mod.default, schema: GO_YAML_SCHEMA };
}

/** What readDocument returns for a document with nothing but comments and blank lines. */
const NO_CONTENT: unique symbol = Symbol('no content');

function tooLarge(text: string, ctx: DocumentContext): void {
  if (text.length > MAX_DOCUMENT_BYTES / 4 && Buffer.byteLength(text) > MAX_DOCUMENT_BYTES) {
    ctx.fail(`document is larger than the maximum of ${MAX_DOCUMENT_BYTES} bytes`);
  }
}

/**
 * The value of the document body[start, end), counted in ctx.n when it has content. The fast
 * reader goes first (for a document it accepts, it has content and is not too large: that
 * check only matters past a quarter of the limit, so it comes first there).
 */
function readDocument(body: string, start: number, end: number, ctx: DocumentContext, kinds: KindLines): unknown {
  let text: string | undefined;
  if (end - start > MAX_DOCUMENT_BYTES / 4) {
    text = body.slice(start, end);
    if (!hasContent(text)) return NO_CONTENT;
    ctx.n++;
    tooLarge(text, ctx);
  }
  const fast = fastYamlRange(body, start, end, ctx.schemaFor(kinds.nameIn(start, end)));
  ctx.fresh = fast !== FALLBACK;
  if (ctx.fresh) {
    if (text === undefined) ctx.n++;
    ctx.checked = readDecodesToItself() ? fast : undefined;
    return fast;
  }
  ctx.checked = undefined;
  if (text === undefined) {
    text = body.slice(start, end);
    if (!hasContent(text)) return NO_CONTENT;
    ctx.n++;
  }
  if (!slow) throw new SlowReaderNeeded();
  const { yaml, schema } = slow;
  try {
    return yaml.load(text, { schema });
  } catch (e) {
    if (e instanceof yaml.YAMLException) {
      const line = lineAt(body, start) + (e.mark?.line ?? 0);
      ctx.fail(`error converting YAML to JSON: yaml: line ${line}: ${e.reason}`);
    }
    throw e;
  }
}

/**
 * Parses and strictly decodes every document of one source (pure: no I/O). Returns the
 * resources in document order; throws InputError `<source>: document <n>: <reason>`. The
 * kinds it meets must be loaded (kind-catalog.ts) and, for a document the fast reader cannot
 * read, js-yaml (loadSlowReader); otherwise it throws KindNotLoaded or SlowReaderNeeded, and
 * the caller loads what is missing and calls it again (loader.ts's readDocuments does).
 */
export function parseDocuments(text: string, source: string, warn?: (line: string) => void): LoadedResource[] {
  const out: LoadedResource[] = [];
  const ctx = new DocumentContext(source, out, warn);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const ranges = new DocumentRanges(body);
  const kinds = new KindLines(body);
  while (ranges.next()) {
    const value = readDocument(body, ranges.start, ranges.end, ctx, kinds);
    if (value === NO_CONTENT || value === null || value === undefined) continue;
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
