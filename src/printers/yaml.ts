/**
 * YAML as calicoctl writes it: the object's JSON form converted to YAML by go-yaml v2.
 * Map keys sorted (go-yaml's order), 2-space indent, sequences inside mappings not
 * indented, no line folding, trailing newline. Input is plain JSON data.
 */
import type { Resource, ResourceList } from '../resources/types.js';
import { formatGoNumber } from './gonum.js';
import { toWire } from './wire.js';
import { yamlString } from './yaml-scalar.js';

const isLetter = (ch: string): boolean => /\p{L}/u.test(ch);
const isDigit = (ch: string | undefined): boolean => ch !== undefined && /\p{Nd}/u.test(ch);

/** go-yaml's map-key order for string keys: letters by code point, digit runs numerically. */
export function goYamlKeyLess(a: string, b: string): boolean {
  const ar = [...a], br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ac = ar[i]!, bc = br[i]!;
    if (ac === bc) continue;
    const al = isLetter(ac), bl = isLetter(bc);
    if (al && bl) return ac.codePointAt(0)! < bc.codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0, bn = 0;
    if (ac === '0' || bc === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i, bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai]!.codePointAt(0)! - 48);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi]!.codePointAt(0)! - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ac.codePointAt(0)! < bc.codePointAt(0)!;
  }
  return ar.length < br.length;
}

const compareKeys = (a: string, b: string): number => (goYamlKeyLess(a, b) ? -1 : goYamlKeyLess(b, a) ? 1 : 0);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isMap = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmptyMap = (v: unknown): v is Record<string, Json> => isMap(v) && Object.keys(v).length > 0;
const nonEmptySeq = (v: unknown): v is Json[] => Array.isArray(v) && v.length > 0;

/** A leaf: scalar, `{}` or `[]`. Literal blocks come back with their own newline. */
function leaf(v: unknown, indent: number): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return formatGoNumber(v);
  if (typeof v === 'string') return yamlString(v, false, indent);
  return Array.isArray(v) ? '[]' : '{}';
}

const endLine = (text: string): string => (text.endsWith('\n') ? text : `${text}\n`);

function mapping(obj: Record<string, Json>, indent: number): string {
  const pad = ' '.repeat(indent);
  let out = '';
  for (const key of Object.keys(obj).sort(compareKeys)) {
    const v = obj[key];
    const head = `${pad}${yamlString(key, true, indent)}:`;
    if (nonEmptyMap(v)) out += `${head}\n${mapping(v, indent + 2)}`;
    else if (nonEmptySeq(v)) out += `${head}\n${sequence(v, indent)}`;
    else out += endLine(`${head} ${leaf(v, indent + 2)}`);
  }
  return out;
}

function sequence(items: Json[], indent: number): string {
  const dash = `${' '.repeat(indent)}- `;
  let out = '';
  for (const v of items) {
    if (nonEmptyMap(v)) out += dash + mapping(v, indent + 2).slice(indent + 2);
    else if (nonEmptySeq(v)) out += dash + sequence(v, indent + 2).slice(indent + 2);
    else out += endLine(dash + leaf(v, indent + 2));
  }
  return out;
}

/** Any JSON value as a YAML document (no `---`), always ending in "\n". */
export function toYaml(value: unknown): string {
  if (nonEmptyMap(value)) return mapping(value, 0);
  if (nonEmptySeq(value)) return sequence(value, 0);
  return endLine(leaf(value, 2)); // a root block scalar is indented by 2, as libyaml does
}

/** `-o yaml`: one object → that object; several → a sequence; none → `null`. */
export function renderYaml(objects: ReadonlyArray<Resource | ResourceList>): string {
  if (objects.length === 0) return 'null\n';
  const wire = objects.map(toWire);
  return toYaml(wire.length === 1 ? wire[0] : wire);
}
