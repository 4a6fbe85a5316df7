/**
 * JSON as calicoctl v3.32 writes it: Go's json.MarshalIndent(v, "", "  ") of the object
 * (one), the array (several) or null (none), with no trailing newline. Strings are escaped
 * the way Go's encoder does it: `<`, `>`, `&`, U+2028/U+2029 and control characters other
 * than \n \r \t become \u00XX-style escapes.
 */
import type { Resource, ResourceList } from '../resources/types.js';
import { toWire } from './wire.js';

export function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || ch === '<' || ch === '>' || ch === '&' || cp === 0x2028 || cp === 0x2029) {
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else if (cp >= 0xd800 && cp <= 0xdfff) out += '\ufffd'; // lone surrogate: invalid UTF-8 in Go
    else out += ch;
  }
  return `${out}"`;
}

function write(v: unknown, indent: string): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (typeof v === 'boolean') return String(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + write(x, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${inner}${goJsonString(k)}: ${write(x, inner)}`).join(',\n')}\n${indent}}`;
}

/** Any JSON data, indented by two spaces, no trailing newline. */
export function toJson(value: unknown): string {
  return write(value, '');
}

/** `-o json`: one object → that object; several → an array; none → `null`. No trailing newline. */
export function renderJson(objects: ReadonlyArray<Resource | ResourceList>): string {
  if (objects.length === 0) return 'null';
  const wire = objects.map(toWire);
  return toJson(wire.length === 1 ? wire[0] : wire);
}
