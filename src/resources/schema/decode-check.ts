/**
 * Whether strict decoding would leave a value exactly as it is: every field name declared in
 * its exact case, no nulls, every scalar already of the JSON type Go expects (no number or
 * boolean to turn into text). For such a value, decoding a document the decoder owns is the
 * identity, so the decoder can skip its copying walk. Reads only; false means "decode it".
 */
import type { SchemaNode } from './compile.js';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function decodesToItself(node: SchemaNode, v: unknown): boolean {
  switch (node.kind) {
    case 'string':
    case 'time':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v) && v >= node.min! && v <= node.max!;
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'intOrString':
      return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));
    case 'array': {
      if (!Array.isArray(v)) return false;
      const elem = node.elem!;
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        if (item === null || item === undefined || !decodesToItself(elem, item)) return false;
      }
      return true;
    }
    case 'map': {
      if (!isPlainObject(v)) return false;
      const elem = node.elem!;
      if (elem.kind === 'any') return true;
      for (const key in v) {
        const item = v[key];
        if (item === null || item === undefined || !decodesToItself(elem, item)) return false;
      }
      return true;
    }
    case 'object': {
      if (!isPlainObject(v)) return false;
      const props = node.props!;
      for (const key in v) {
        const prop = props.get(key);
        const item = v[key];
        if (prop === undefined || item === null || item === undefined || !decodesToItself(prop, item)) return false;
      }
      return true;
    }
    default:
      return true;
  }
}
