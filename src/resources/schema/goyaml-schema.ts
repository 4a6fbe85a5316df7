/**
 * The js-yaml schema with go-yaml v2's plain-scalar resolution (see goyaml.ts). In a module of
 * its own so that js-yaml is loaded only when a document needs it: the fast reader
 * (fastyaml.ts) reads the usual documents without it.
 */
import yaml from 'js-yaml';
import { FALSE, NULLS, TRUE, resolveNumber } from './goyaml.js';

const boolType = new yaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (s: string) => TRUE.has(s) || FALSE.has(s),
  construct: (s: string) => TRUE.has(s),
  predicate: (v: unknown) => typeof v === 'boolean',
});

const numberType = new yaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (s: string) => resolveNumber(s) !== undefined,
  construct: (s: string) => resolveNumber(s) as number,
  predicate: (v: unknown) => typeof v === 'number',
});

const intTag = new yaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (s: string) => Number.isInteger(resolveNumber(s)),
  construct: (s: string) => resolveNumber(s) as number,
});

const nullType = new yaml.Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (s: string | null) => s === null || NULLS.has(s),
  construct: () => null,
  predicate: (v: unknown) => v === null,
});

/** `<<` merge keys (go-yaml v2 supports them). js-yaml acts on the tag. */
const mergeType = new yaml.Type('tag:yaml.org,2002:merge', {
  kind: 'scalar',
  resolve: (s: string | null) => s === '<<' || s === null,
});

/** The js-yaml schema with go-yaml v2's plain-scalar resolution. */
export const GO_YAML_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [nullType, boolType, numberType, mergeType],
  explicit: [intTag],
});
