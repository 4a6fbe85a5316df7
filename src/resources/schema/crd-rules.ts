/**
 * The OpenAPI value rules of a CRD schema (enum, pattern, minimum/maximum, min/maxLength,
 * min/maxItems, required, format cidr) compiled into a small tree, once per kind. The CEL
 * rules (`x-kubernetes-validations`) are not interpreted here: the kinds implement the ones
 * that matter by hand (see ./crd-cel.ts and src/resources/kinds).
 */

type Raw = Record<string, unknown>;

const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One compiled node: only what the checker needs. */
export interface RuleNode {
  enum?: readonly unknown[];
  /** The pattern as written in the CRD (Go syntax), for the message. */
  patternText?: string;
  pattern?: RegExp;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  /**
   * Required properties that can really be missing. Calico validates the JSON of its Go
   * structs, where a non-omitempty scalar or struct is always present (as its zero value), so
   * only required strings and lists are ever reported missing.
   */
  required?: readonly string[];
  /** `x-kubernetes-list-type: set`: items must be unique. */
  set?: boolean;
  format?: 'cidr';
  props?: ReadonlyMap<string, RuleNode>;
  /** additionalProperties (map values). */
  values?: RuleNode;
  items?: RuleNode;
  /** allOf: every sub-schema applies at the same path. */
  allOf?: readonly RuleNode[];
}

/**
 * Go's RE2 syntax → a JavaScript RegExp. The CRDs only use a leading `(?i)` beyond what both
 * engines share; it becomes the `i` flag. No `u` flag: `[a-z-_]` must stay a literal `-`.
 */
export function goRegExp(pattern: string): RegExp {
  let src = pattern;
  let flags = '';
  const m = /^(\^?)\(\?i\)/.exec(src);
  if (m) {
    src = m[1] + src.slice(m[0].length);
    flags = 'i';
  }
  return new RegExp(src, flags);
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Compiles a schema node; undefined when nothing below it carries a rule. */
export function compileRules(raw: unknown): RuleNode | undefined {
  if (!isObj(raw)) return undefined;
  const n: { -readonly [K in keyof RuleNode]: RuleNode[K] } = {};
  let any = false;
  if (Array.isArray(raw.enum)) (n.enum = raw.enum), (any = true);
  if (typeof raw.pattern === 'string' && raw.pattern !== '^.*') {
    n.patternText = raw.pattern;
    n.pattern = goRegExp(raw.pattern);
    any = true;
  }
  for (const key of ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems'] as const) {
    const v = num(raw[key]);
    if (v !== undefined) (n[key] = v), (any = true);
  }
  if (raw.exclusiveMinimum === true) n.exclusiveMinimum = true;
  if (raw.exclusiveMaximum === true) n.exclusiveMaximum = true;
  if (Array.isArray(raw.required) && raw.required.length > 0) {
    const props = isObj(raw.properties) ? raw.properties : {};
    const canBeMissing = (name: string): boolean => {
      const t = isObj(props[name]) ? (props[name] as Raw).type : undefined;
      return t === 'string' || t === 'array';
    };
    const required = raw.required.filter((r): r is string => typeof r === 'string' && canBeMissing(r));
    if (required.length > 0) (n.required = required), (any = true);
  }
  if (raw['x-kubernetes-list-type'] === 'set') (n.set = true), (any = true);
  if (raw.format === 'cidr') (n.format = 'cidr'), (any = true);
  if (isObj(raw.properties)) {
    const props = new Map<string, RuleNode>();
    for (const [k, v] of Object.entries(raw.properties)) {
      const c = compileRules(v);
      if (c) props.set(k, c);
    }
    if (props.size > 0) (n.props = props), (any = true);
  }
  const values = compileRules(raw.additionalProperties);
  if (values) (n.values = values), (any = true);
  const items = compileRules(raw.items);
  if (items) (n.items = items), (any = true);
  if (Array.isArray(raw.allOf)) {
    const all = raw.allOf.map(compileRules).filter((c): c is RuleNode => c !== undefined);
    if (all.length > 0) (n.allOf = all), (any = true);
  }
  if (!any) return undefined;
  // Every node has every key (undefined when unused): one object shape for the checkers' reads.
  return {
    enum: n.enum,
    patternText: n.patternText,
    pattern: n.pattern,
    minimum: n.minimum,
    maximum: n.maximum,
    exclusiveMinimum: n.exclusiveMinimum,
    exclusiveMaximum: n.exclusiveMaximum,
    minLength: n.minLength,
    maxLength: n.maxLength,
    minItems: n.minItems,
    maxItems: n.maxItems,
    required: n.required,
    set: n.set,
    format: n.format,
    props: n.props,
    values: n.values,
    items: n.items,
    allOf: n.allOf,
  };
}
