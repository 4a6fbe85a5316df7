/**
 * Protocol-buffer encoding and decoding for the few etcd v3 messages the KV calls use, driven
 * by small field tables (field numbers from etcd's rpc.proto and kv.proto). Objects have the
 * shapes the etcd3 package gives and takes (snake_case names, bytes as Buffer, 64-bit integers
 * as decimal strings, every field present with its default on decode, the `response` oneof
 * name on ResponseOp), so code written against etcd3's types works unchanged.
 */

type Scalar = 'bytes' | 'string' | 'int64' | 'uint64' | 'bool' | 'enum';

export interface FieldSpec {
  num: number;
  name: string;
  type: Scalar | MessageSpec;
  repeated?: boolean;
  /** Name of the oneof this field belongs to (decode: reported as `<oneof>: <name>`). */
  oneof?: string;
  /** Enum value names → numbers (encode accepts either). */
  values?: Record<string, number>;
}

export interface MessageSpec {
  name: string;
  fields: FieldSpec[];
}

// ---- encoding --------------------------------------------------------------------------------

/** A growable byte buffer. */
class Writer {
  buf: Buffer;
  pos = 0;
  constructor(size = 256) {
    this.buf = Buffer.allocUnsafe(size);
  }

  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  varint(v: number): void {
    this.room(10);
    while (v > 0x7f) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.pos++] = v;
  }

  bigVarint(v: bigint): void {
    let u = BigInt.asUintN(64, v);
    this.room(10);
    while (u > 0x7fn) {
      this.buf[this.pos++] = Number(u & 0x7fn) | 0x80;
      u >>= 7n;
    }
    this.buf[this.pos++] = Number(u);
  }

  bytes(b: Buffer): void {
    this.varint(b.length);
    this.room(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
  }

  string(s: string): void {
    const n = Buffer.byteLength(s);
    this.varint(n);
    this.room(n);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

function int64(w: Writer, v: unknown, field: string): void {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new TypeError(`${field}: not an integer: ${v}`);
    if (v >= 0 && v <= Number.MAX_SAFE_INTEGER) return w.varint(v);
    return w.bigVarint(BigInt(v));
  }
  if (typeof v === 'bigint') return w.bigVarint(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) {
    return v.length < 16 && v[0] !== '-' ? w.varint(Number(v)) : w.bigVarint(BigInt(v));
  }
  if (v && typeof v === 'object' && 'low' in v && 'high' in v) {
    const l = v as { low: number; high: number };
    return w.bigVarint((BigInt(l.high >>> 0) << 32n) | BigInt(l.low >>> 0));
  }
  throw new TypeError(`${field}: not an integer: ${String(v)}`);
}

function bytesOf(v: unknown, field: string): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (typeof v === 'string') return Buffer.from(v);
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  throw new TypeError(`${field}: not bytes`);
}

const varintSize = (n: number): number => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5);

/** A nested message, written in place: its length is fixed up (and the body moved) afterwards. */
function writeNested(w: Writer, spec: MessageSpec, v: Record<string, unknown>): void {
  w.room(1);
  const lenPos = w.pos++;
  const start = w.pos;
  writeBody(w, spec, v);
  const len = w.pos - start;
  if (len < 0x80) {
    w.buf[lenPos] = len;
    return;
  }
  const extra = varintSize(len) - 1;
  w.room(extra);
  w.buf.copyWithin(start + extra, start, w.pos);
  let p = lenPos;
  let n = len;
  while (n > 0x7f) {
    w.buf[p++] = (n & 0x7f) | 0x80;
    n >>>= 7;
  }
  w.buf[p] = n;
  w.pos = start + extra + len;
}

function writeField(w: Writer, f: FieldSpec, v: unknown): void {
  const t = f.type;
  if (typeof t === 'object') {
    w.varint((f.num << 3) | 2);
    writeNested(w, t, v as Record<string, unknown>);
    return;
  }
  switch (t) {
    case 'bytes':
      w.varint((f.num << 3) | 2);
      // A string is its UTF-8 bytes: written in place, with no Buffer made for it.
      return typeof v === 'string' ? w.string(v) : w.bytes(bytesOf(v, f.name));
    case 'string':
      w.varint((f.num << 3) | 2);
      return w.string(String(v));
    case 'bool':
      w.varint(f.num << 3);
      return w.varint(v ? 1 : 0);
    case 'enum': {
      const n = typeof v === 'number' ? v : f.values?.[String(v)];
      if (n === undefined) throw new TypeError(`${f.name}: unknown enum value ${String(v)}`);
      w.varint(f.num << 3);
      return n >= 0 ? w.varint(n) : w.bigVarint(BigInt(n));
    }
    case 'int64':
    case 'uint64':
      w.varint(f.num << 3);
      return int64(w, v, f.name);
  }
}

function writeBody(w: Writer, spec: MessageSpec, obj: Record<string, unknown>): void {
  for (const f of spec.fields) {
    const v = obj[f.name];
    if (v === undefined || v === null) continue;
    if (f.repeated) {
      if (!Array.isArray(v)) throw new TypeError(`${spec.name}.${f.name}: not an array`);
      for (const item of v) writeField(w, f, item);
    } else writeField(w, f, v);
  }
}

/**
 * Encodes `obj` as message `spec`. Fields that are absent, undefined or null are left out.
 * The result starts with `reserve` bytes left for the caller (e.g. a gRPC frame header).
 */
export function encodeMessage(spec: MessageSpec, obj: Record<string, unknown>, reserve = 0): Buffer {
  const w = new Writer(16 * 1024);
  w.room(reserve);
  w.pos = reserve;
  writeBody(w, spec, obj);
  return w.finish();
}

// ---- decoding --------------------------------------------------------------------------------

export class ProtoDecodeError extends Error {}

interface Reader {
  buf: Buffer;
  pos: number;
}

/** A varint as a JS number when it fits in 49 bits (7 bytes), else a bigint. */
function readVarint(r: Reader): number | bigint {
  const start = r.pos;
  let result = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (r.pos >= r.buf.length) throw new ProtoDecodeError('truncated varint');
    const b = r.buf[r.pos++]!;
    result += (b & 0x7f) * mul;
    mul *= 128;
    if (b < 0x80) {
      if (i < 7) return result;
      let big = 0n;
      for (let j = start, shift = 0n; j < r.pos; j++, shift += 7n) big |= BigInt(r.buf[j]! & 0x7f) << shift;
      return big;
    }
  }
  throw new ProtoDecodeError('varint too long');
}

const int64Text = (v: number | bigint, signed: boolean): string =>
  typeof v === 'number' ? String(v) : String(signed ? BigInt.asIntN(64, v) : BigInt.asUintN(64, v));

const EMPTY = Buffer.alloc(0);

/** A field's value when absent; undefined for a repeated field (a new array each time). */
function defaultOf(f: FieldSpec): unknown {
  if (f.repeated) return undefined;
  if (typeof f.type === 'object') return null;
  if (f.type === 'bytes') return EMPTY;
  if (f.type === 'string') return '';
  if (f.type === 'bool') return false;
  if (f.type === 'enum') return Object.keys(f.values ?? {})[0] ?? 0;
  return '0';
}

const defaultTables = new WeakMap<MessageSpec, [string, unknown][]>();

/** Every non-oneof field with its default value, in field order (computed once per message). */
function defaults(spec: MessageSpec): Record<string, unknown> {
  let table = defaultTables.get(spec);
  if (!table) {
    table = spec.fields.filter((f) => !f.oneof).map((f) => [f.name, defaultOf(f)]);
    defaultTables.set(spec, table);
  }
  const out: Record<string, unknown> = {};
  for (const [name, value] of table) out[name] = value === undefined ? [] : value;
  return out;
}

const byNumber = new WeakMap<MessageSpec, (FieldSpec | undefined)[]>();

function fieldByNumber(spec: MessageSpec, num: number): FieldSpec | undefined {
  let table = byNumber.get(spec);
  if (!table) {
    table = [];
    for (const f of spec.fields) table[f.num] = f;
    byNumber.set(spec, table);
  }
  return table[num];
}

function decodeRange(spec: MessageSpec, r: Reader, end: number): Record<string, unknown> {
  const out = defaults(spec);
  while (r.pos < end) {
    const tag = readVarint(r);
    if (typeof tag !== 'number') throw new ProtoDecodeError('bad tag');
    const num = Math.floor(tag / 8);
    const wire = tag & 7;
    const f = fieldByNumber(spec, num);
    if (!f) {
      skip(r, wire);
      continue;
    }
    let v: unknown;
    if (wire === 2) {
      const len = readVarint(r);
      if (typeof len !== 'number' || r.pos + len > end) throw new ProtoDecodeError('truncated field');
      const start = r.pos;
      r.pos += len;
      if (typeof f.type === 'object') {
        const sub = { buf: r.buf, pos: start };
        v = decodeRange(f.type, sub, start + len);
      } else if (f.type === 'bytes') v = r.buf.subarray(start, start + len);
      else if (f.type === 'string') v = r.buf.toString('utf8', start, start + len);
      else throw new ProtoDecodeError(`${spec.name}.${f.name}: unexpected length-delimited value`);
    } else if (wire === 0) {
      const n = readVarint(r);
      if (f.type === 'bool') v = n !== 0 && n !== 0n;
      else if (f.type === 'int64') v = int64Text(n, true);
      else if (f.type === 'uint64') v = int64Text(n, false);
      else if (f.type === 'enum') {
        const name = Object.entries(f.values ?? {}).find(([, x]) => x === Number(n))?.[0];
        v = name ?? Number(n);
      } else throw new ProtoDecodeError(`${spec.name}.${f.name}: unexpected varint`);
    } else {
      skip(r, wire);
      continue;
    }
    if (f.repeated) (out[f.name] as unknown[]).push(v);
    else out[f.name] = v;
    if (f.oneof) out[f.oneof] = f.name;
  }
  return out;
}

function skip(r: Reader, wire: number): void {
  if (wire === 0) readVarint(r);
  else if (wire === 1) r.pos += 8;
  else if (wire === 5) r.pos += 4;
  else if (wire === 2) {
    const len = readVarint(r);
    r.pos += Number(len);
  } else throw new ProtoDecodeError(`unsupported wire type ${wire}`);
  if (r.pos > r.buf.length) throw new ProtoDecodeError('truncated field');
}

export function decodeMessage(spec: MessageSpec, buf: Buffer): Record<string, unknown> {
  return decodeRange(spec, { buf, pos: 0 }, buf.length);
}
