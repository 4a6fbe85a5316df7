/**
 * Compiles a message's field table (./spec.ts) into specialised JavaScript, generated as source
 * text and built with `new Function`: for an encoder, a size and a write function per message
 * reachable from it; for a decoder, a decode function per message. Every property access names a
 * fixed field, and every decoded message is an object literal of one shape (one hidden class per
 * message, defaults included). Encoders and decoders are built separately, on first use.
 *
 * Encoding takes two passes over the object: the size pass computes every nested message's
 * length and every string's UTF-8 length (kept in visiting order), then the write pass fills one
 * exactly sized buffer front to back, reading those lengths back in the same order.
 */
import type { FieldSpec, MessageSpec } from './spec.js';
import { runtime } from './runtime.js';

/** `obj` as the message, after `reserve` bytes left for the caller. */
type Encode = (obj: Record<string, unknown>, reserve: number) => Buffer;
type Decode = (buf: Buffer) => Record<string, unknown>;

/** The tag's varint bytes. */
function tagBytes(num: number, wire: number): number[] {
  let v = num * 8 + wire;
  const out: number[] = [];
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

const WIRE_OF: Record<string, number> = { bytes: 2, string: 2, int64: 0, uint64: 0, bool: 0, enum: 0 };
const wireOf = (f: FieldSpec): number => (typeof f.type === 'object' ? 2 : WIRE_OF[f.type]!);
const q = (s: string): string => JSON.stringify(s);

/** Every message reachable from `root`, root first. */
function reachable(root: MessageSpec): MessageSpec[] {
  const seen: MessageSpec[] = [];
  const visit = (m: MessageSpec): void => {
    if (seen.includes(m)) return;
    seen.push(m);
    for (const f of m.fields) if (typeof f.type === 'object') visit(f.type);
  };
  visit(root);
  return seen;
}

/** Source text and the constant tables it refers to (as `K[i]`). */
class Gen {
  readonly consts: unknown[] = [];
  constructor(readonly specs: MessageSpec[]) {}
  konst(v: unknown): string {
    this.consts.push(v);
    return `K[${this.consts.length - 1}]`;
  }
  idx(m: MessageSpec): number {
    return this.specs.indexOf(m);
  }
}

/** Source: `x` is an integer from 0 to 127, whose varint is itself (others go the general way). */
const SMALL = (x: string): string => `(typeof ${x} === 'number' && ${x} >= 0 && ${x} < 0x80 && (${x} | 0) === ${x})`;

/**
 * Source: writes string `s` (whose UTF-8 length `n` the size pass found) at `pos`, with Buffer's
 * own writers where it has them (Node's Buffer.prototype.write checks its arguments, then calls
 * them): as Latin-1 when it is ASCII (n equals its length only then), a plain copy of its
 * characters, else as UTF-8.
 */
const proto = Buffer.prototype as { utf8Write?: unknown; latin1Write?: unknown };
const OWN_WRITERS = typeof proto.utf8Write === 'function' && typeof proto.latin1Write === 'function';
const UTF8_WRITE = (s: string): string =>
  OWN_WRITERS ? `(n === ${s}.length ? buf.latin1Write(${s}, pos, n) : buf.utf8Write(${s}, pos, n))` : `buf.write(${s}, pos, n, 'utf8')`;

/** Source: writes varint `n` (a non-negative safe integer), the one-byte case in line. */
const WV = (n: string): string => `if (${n} < 0x80) buf[pos++] = ${n}; else wv(${n});`;

function sizeOne(g: Gen, f: FieldSpec, x: string): string {
  const t = tagBytes(f.num, wireOf(f)).length;
  const name = q(f.name);
  const type = f.type;
  if (typeof type === 'object') {
    return `{ const at = li; lens[li++] = 0; const n = size${g.idx(type)}(${x}); lens[at] = n; s += ${t} + (n < 0x80 ? 1 : vs(n)) + n; }`;
  }
  switch (type) {
    case 'bytes':
      return `if (typeof ${x} === 'string') { const n = byteLength(${x}, 'utf8'); lens[li++] = n; s += ${t} + (n < 0x80 ? 1 : vs(n)) + n; }
        else { const n = (${x} instanceof Uint8Array ? ${x} : bytesOf(${x}, ${name})).length; s += ${t} + (n < 0x80 ? 1 : vs(n)) + n; }`;
    case 'string':
      return `{ const n = byteLength(String(${x}), 'utf8'); lens[li++] = n; s += ${t} + (n < 0x80 ? 1 : vs(n)) + n; }`;
    case 'bool':
      return `s += ${t + 1};`;
    case 'enum':
      return `s += ${t} + (${SMALL(x)} ? 1 : enumSize(${x}, ${g.konst(f.values ?? {})}, ${name}));`;
    case 'int64':
    case 'uint64':
      return `s += ${t} + (${SMALL(x)} ? 1 : i64Size(${x}, ${name}));`;
  }
}

function writeOne(g: Gen, f: FieldSpec, x: string): string {
  const tag = tagBytes(f.num, wireOf(f))
    .map((b) => `buf[pos++] = ${b};`)
    .join(' ');
  const name = q(f.name);
  const type = f.type;
  if (typeof type === 'object') return `{ ${tag} const n = lens[li++]; ${WV('n')} write${g.idx(type)}(${x}); }`;
  switch (type) {
    case 'bytes':
      // Not a string: a Uint8Array (the size pass has thrown for anything else).
      return `if (typeof ${x} === 'string') { ${tag} const n = lens[li++]; ${WV('n')} pos += ${UTF8_WRITE(x)}; }
        else { ${tag} const n = ${x}.length; ${WV('n')} buf.set(${x}, pos); pos += n; }`;
    case 'string':
      return `{ ${tag} const n = lens[li++]; ${WV('n')} const str = String(${x}); pos += ${UTF8_WRITE('str')}; }`;
    case 'bool':
      return `{ ${tag} buf[pos++] = ${x} ? 1 : 0; }`;
    case 'enum':
      return `{ ${tag} if (${SMALL(x)}) buf[pos++] = ${x}; else enumWrite(${x}, ${g.konst(f.values ?? {})}, ${name}); }`;
    case 'int64':
    case 'uint64':
      return `{ ${tag} if (${SMALL(x)}) buf[pos++] = ${x}; else i64Write(${x}, ${name}); }`;
  }
}

/** size<i>(o) / write<i>(o): the same walk over the fields, so lengths are read back in order. */
function encoderOf(g: Gen, m: MessageSpec, i: number, kind: 'size' | 'write'): string {
  const one = kind === 'size' ? sizeOne : writeOne;
  const body = m.fields.map((f) => {
    const read = `v = o[${q(f.name)}];`;
    const each = f.repeated
      ? `if (!Array.isArray(v)) throw new TypeError(${q(`${m.name}.${f.name}: not an array`)});
         for (let k = 0; k < v.length; k++) { const x = v[k]; ${one(g, f, 'x')} }`
      : one(g, f, 'v');
    return `${read} if (v !== undefined && v !== null) { ${each} }`;
  });
  return kind === 'size'
    ? `function size${i}(o) { let s = 0, v; ${body.join('\n')} return s; }`
    : `function write${i}(o) { let v; ${body.join('\n')} }`;
}

/** A field's value when absent, as source; null when it has none (oneof members). */
function defaultSource(f: FieldSpec): string | null {
  if (f.oneof) return null;
  if (f.repeated) return '[]';
  if (typeof f.type === 'object') return 'null';
  switch (f.type) {
    case 'bytes':
      return 'EMPTY';
    case 'string':
      return "''";
    case 'bool':
      return 'false';
    case 'enum': {
      const first = Object.keys(f.values ?? {})[0];
      return first === undefined ? '0' : q(first);
    }
    default:
      return "'0'";
  }
}

/** Source: a length-delimited field's length `n` and start `at` (a one-byte length in line). */
const LEN = `let n = rbuf[rpos];
    if (n < 0x80) { rpos++; if (rpos + n > end) throw new ProtoDecodeError('truncated field'); } else n = rlen(end);
    const at = rpos;`;

function decodeCase(g: Gen, f: FieldSpec): string {
  const tag = f.num * 8 + wireOf(f);
  const type = f.type;
  let value: string;
  let pre = '';
  if (typeof type === 'object') {
    pre = LEN;
    value = `dec${g.idx(type)}(at + n)`;
  } else if (type === 'bytes') {
    pre = LEN;
    value = 'rbuf.subarray(at, at + n)';
  } else if (type === 'string') {
    pre = LEN;
    value = "rbuf.toString('utf8', at, at + n)";
  } else if (type === 'bool') {
    pre = 'const n = rv();';
    value = 'n !== 0 && n !== 0n';
  } else if (type === 'enum') {
    pre = `const n = Number(rv()); const name = ${g.konst(enumNames(f.values ?? {}))}.get(n);`;
    value = 'name === undefined ? n : name';
  } else {
    // One-byte values (versions, counts, small revisions) in line.
    pre = 'const b = rbuf[rpos];';
    value = `b < 0x80 ? (rpos++, DECIMAL[b]) : r64(${type === 'int64'}, ${g.konst({ hi: -1, lo: -1, s: '' })})`;
  }
  const post = wireOf(f) === 2 ? 'rpos = at + n;' : '';
  const set = f.repeated ? `o[${q(f.name)}].push(${value});` : `o[${q(f.name)}] = ${value};`;
  const oneof = f.oneof ? `o[${q(f.oneof)}] = ${q(f.name)};` : '';
  return `case ${tag}: { ${pre} ${set} ${post} ${oneof} break; }`;
}

/** Number → the first name with that value (as etcd3's decoding reports it). */
function enumNames(values: Record<string, number>): Map<number, string> {
  const out = new Map<number, string>();
  for (const [name, n] of Object.entries(values)) if (!out.has(n)) out.set(n, name);
  return out;
}

/**
 * A message of only scalar, non-bytes, single fields (ResponseHeader: one in every nested
 * response, usually the same bytes each time) is remembered by its bytes: when the next one's
 * bytes are the same, its values are copied from the last one instead of decoded again.
 */
const MEMO_MAX = 64;
const memoizable = (m: MessageSpec): boolean =>
  m.fields.length > 0 && m.fields.every((f) => !f.repeated && !f.oneof && typeof f.type !== 'object' && f.type !== 'bytes');

function decoderOf(g: Gen, m: MessageSpec, i: number): string {
  const init = m.fields
    .map((f) => [f, defaultSource(f)] as const)
    .filter(([, d]) => d !== null)
    .map(([f, d]) => `${q(f.name)}: ${d}`);
  const byNum: FieldSpec[] = [];
  for (const f of m.fields) byNum[f.num] = f;
  const loop = `while (rpos < end) {
      let tag = rbuf[rpos++];
      if (tag > 0x7f) { rpos--; tag = rv(); if (typeof tag !== 'number') throw new ProtoDecodeError('bad tag'); }
      switch (tag) {
        ${m.fields.map((f) => decodeCase(g, f)).join('\n')}
        default: other(tag, end, ${q(m.name)}, ${g.konst(byNum)});
      }
    }`;
  if (!memoizable(m)) return `function dec${i}(end) { const o = { ${init.join(', ')} }; ${loop} return o; }`;
  const vars = m.fields.map((_, k) => `memo${i}_${k}`);
  return `let memo${i}n = -1, ${vars.join(', ')};
  const memo${i}b = Buffer.alloc(${MEMO_MAX});
  function dec${i}(end) {
    const start = rpos, len = end - start;
    if (len === memo${i}n && (len === 0 || rbuf.compare(memo${i}b, 0, len, start, end) === 0)) {
      rpos = end;
      return { ${m.fields.map((f, k) => `${q(f.name)}: ${vars[k]}`).join(', ')} };
    }
    const o = { ${init.join(', ')} };
    ${loop}
    if (rpos === end && len <= ${MEMO_MAX}) {
      rbuf.copy(memo${i}b, 0, start, end);
      memo${i}n = len;
      ${m.fields.map((f, k) => `${vars[k]} = o[${q(f.name)}];`).join(' ')}
    }
    return o;
  }`;
}

/** Source of the encoder of `root`: returns `(obj, reserve) => Buffer`. */
function encoderSource(g: Gen): string {
  const parts = g.specs.flatMap((m, i) => [encoderOf(g, m, i, 'size'), encoderOf(g, m, i, 'write')]);
  return `'use strict';
    const { bytesOf, vs, enumSize, i64Size, bigOf, decimal } = R;
    const byteLength = Buffer.byteLength;
    let buf = null, pos = 0, lens = [0], li = 0;
    function wv(n) {
      while (n > 0x7f) { buf[pos++] = (n & 0x7f) | 0x80; n = Math.floor(n / 128); }
      buf[pos++] = n;
    }
    function wbig(b) {
      let u = BigInt.asUintN(64, b);
      while (u > 0x7fn) { buf[pos++] = Number(u & 0x7fn) | 0x80; u >>= 7n; }
      buf[pos++] = Number(u);
    }
    function enumWrite(x, values, name) {
      const n = typeof x === 'number' ? x : R.enumValue(x, values, name);
      if (n >= 0) wv(n); else wbig(BigInt(n));
    }
    function i64Write(x, name) {
      if (typeof x === 'number' && x >= 0 && x <= ${Number.MAX_SAFE_INTEGER}) return wv(x);
      if (typeof x === 'string') { const n = decimal(x); if (n >= 0) return wv(n); }
      wbig(bigOf(x, name));
    }
    ${parts.join('\n')}
    return function encode(obj, reserve) {
      li = 0;
      const size = size0(obj);
      buf = Buffer.allocUnsafe(reserve + size);
      pos = reserve;
      li = 0;
      try {
        write0(obj);
        if (pos !== reserve + size) throw new Error('protobuf encoding: size and write passes disagree');
        return buf;
      } finally {
        buf = null;
      }
    };`;
}

/** Source of the decoder of `root`: returns `(buf) => object`. */
function decoderSource(g: Gen): string {
  const parts = g.specs.map((m, i) => decoderOf(g, m, i));
  return `'use strict';
    const { ProtoDecodeError, EMPTY } = R;
    const DECIMAL = Array.from({ length: 128 }, (_, i) => String(i));
    let rbuf = null, rpos = 0;
    ${R_READ}
    ${parts.join('\n')}
    return function decode(b) {
      rbuf = b;
      rpos = 0;
      try {
        return dec0(b.length);
      } finally {
        rbuf = null;
      }
    };`;
}

/** Readers over (rbuf, rpos), shared by the generated decoders. */
const R_READ = `
    /** A varint as a number when it fits in 49 bits (7 bytes), else a bigint. */
    function rv() {
      const start = rpos;
      let result = 0, mul = 1;
      for (let i = 0; i < 10; i++) {
        if (rpos >= rbuf.length) throw new ProtoDecodeError('truncated varint');
        const b = rbuf[rpos++];
        result += (b & 0x7f) * mul;
        mul *= 128;
        if (b < 0x80) {
          if (i < 7) return result;
          let big = 0n;
          for (let j = start, shift = 0n; j < rpos; j++, shift += 7n) big |= BigInt(rbuf[j] & 0x7f) << shift;
          return big;
        }
      }
      throw new ProtoDecodeError('varint too long');
    }
    function rlen(end) {
      let n = rbuf[rpos];
      if (n < 0x80) rpos++;
      else n = rv();
      if (typeof n !== 'number' || rpos + n > end) throw new ProtoDecodeError('truncated field');
      return n;
    }
    /** A 64-bit varint as decimal text; values of 8+ bytes are remembered per field (c). */
    function r64(signed, c) {
      const first = rbuf[rpos];
      if (first < 0x80) { rpos++; return String(first); }
      const second = rbuf[rpos + 1];
      if (second < 0x80) { rpos += 2; return String((first & 0x7f) | (second << 7)); }
      let lo = 0, hi = 0, i = 0;
      for (;; i++) {
        if (i === 10) throw new ProtoDecodeError('varint too long');
        if (rpos >= rbuf.length) throw new ProtoDecodeError('truncated varint');
        const b = rbuf[rpos++] & 0x7f;
        if (i < 4) lo |= b << (7 * i);
        else if (i === 4) { lo |= (b & 0x0f) << 28; hi = b >> 4; }
        else if (i < 9) hi |= b << (7 * i - 32);
        else hi |= (b & 1) << 31;
        if (rbuf[rpos - 1] < 0x80) break;
      }
      lo >>>= 0;
      hi >>>= 0;
      if (i < 7) return String(hi * 4294967296 + lo);
      if (hi === c.hi && lo === c.lo) return c.s;
      const s = signed && hi >= 0x80000000
        ? String(BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)))
        : hi < 0x200000 ? String(hi * 4294967296 + lo) : String((BigInt(hi) << 32n) | BigInt(lo));
      c.hi = hi; c.lo = lo; c.s = s;
      return s;
    }
    /** A field not in the table, or one on an unexpected wire type. */
    function other(tag, end, msg, byNum) {
      const num = Math.floor(tag / 8), wire = tag & 7;
      const f = byNum[num];
      if (f !== undefined && wire === 2) { rlen(end); throw new ProtoDecodeError(msg + '.' + f.name + ': unexpected length-delimited value'); }
      if (f !== undefined && wire === 0) { rv(); throw new ProtoDecodeError(msg + '.' + f.name + ': unexpected varint'); }
      if (wire === 0) rv();
      else if (wire === 1) rpos += 8;
      else if (wire === 5) rpos += 4;
      else if (wire === 2) { const n = rv(); rpos += Number(n); }
      else throw new ProtoDecodeError('unsupported wire type ' + wire);
      if (rpos > rbuf.length) throw new ProtoDecodeError('truncated field');
    }`;

function build<F>(root: MessageSpec, source: (g: Gen) => string): F {
  const g = new Gen(reachable(root));
  const text = source(g);
  return new Function('R', 'K', text)(runtime, g.consts) as F;
}

const encoders = new WeakMap<MessageSpec, Encode>();
const decoders = new WeakMap<MessageSpec, Decode>();

/** The compiled encoder of `spec` (built on first use: requests are only ever encoded). */
export function encoderFor(spec: MessageSpec): Encode {
  let e = encoders.get(spec);
  if (!e) encoders.set(spec, (e = build<Encode>(spec, encoderSource)));
  return e;
}

/** The compiled decoder of `spec` (built on first use: responses are only ever decoded). */
export function decoderFor(spec: MessageSpec): Decode {
  let d = decoders.get(spec);
  if (!d) decoders.set(spec, (d = build<Decode>(spec, decoderSource)));
  return d;
}
