/**
 * The compiled protobuf codec (src/datastore/etcd/wire/compile.ts) against protobufjs (etcd3's
 * encoder and decoder, from etcd's rpc.proto) on many random requests and responses: request
 * bytes must be identical, decoded responses deep-equal to what etcd3 gives, with every input
 * form the encoder accepts. Also: what a decoded object is (plain objects, fresh each time, even
 * when a header's bytes repeat) and the errors for bad input.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { RangeRequest, RangeResponse, TxnRequest, TxnResponse } from '../../src/datastore/etcd/wire/messages.js';
import { decodeMessage, encodeMessage, ProtoDecodeError, type MessageSpec } from '../../src/datastore/etcd/wire/proto.js';
import { mulberry32 } from '../helpers/random.js';

const require = createRequire(import.meta.url);
const protobuf = require('protobufjs') as typeof import('protobufjs');
const root = new protobuf.Root().loadSync(require.resolve('etcd3/proto/rpc.proto'), { keepCase: true });
const pbType = (name: string) => root.lookupType(`etcdserverpb.${name}`);
const TO_OBJECT = { longs: String, enums: String, defaults: true, oneofs: true } as const;

/** A small seeded PRNG (mulberry32), so a failure can be reproduced from the seed. */
function rng(seed: number) {
  const next = mulberry32(seed);
  const int = (n: number): number => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]!, chance: (p: number): boolean => next() < p };
}
type Rng = ReturnType<typeof rng>;

/** Values next to the varint size steps (1 to 8 bytes). */
const EDGES = [127, 128, 255, 256, 16383, 16384, 2 ** 21 - 1, 2 ** 21, 2 ** 28 - 1, 2 ** 28, 2 ** 35, 2 ** 42 - 1, 2 ** 49 - 1, 2 ** 49, 2 ** 53 - 1];

/** A decimal in one of the ranges that matter: 1-byte, multi-byte, > 2^53, > 2^63 (uint64). */
function decimal(r: Rng, unsigned: boolean): string {
  switch (r.int(7)) {
    case 6:
      return String(r.pick(EDGES));
    case 0:
      return String(r.int(128));
    case 1:
      return String(r.int(2 ** 31));
    case 2:
      return String(2 ** 49 + r.int(2 ** 20));
    case 3:
      return (2n ** 53n + BigInt(r.int(2 ** 30))).toString();
    case 4:
      return unsigned ? (2n ** 64n - 1n - BigInt(r.int(1000))).toString() : (2n ** 63n - 1n - BigInt(r.int(1000))).toString();
    default:
      return unsigned ? String(r.int(1000)) : String(-1 - r.int(2 ** 40));
  }
}

/** An int64 in some input form ours accepts, and the same value as protobufjs takes it. */
function int64(r: Rng): [unknown, unknown] {
  const d = decimal(r, false);
  const n = Number(d);
  switch (r.int(4)) {
    case 0:
      return Number.isSafeInteger(n) ? [n, n] : [d, d];
    case 1:
      return [BigInt(d), d];
    case 2: {
      const u = BigInt.asUintN(64, BigInt(d));
      const long = { low: Number(u & 0xffffffffn) | 0, high: Number(u >> 32n) | 0, unsigned: false };
      return [long, long];
    }
    default:
      return [d, d];
  }
}

/** Bytes as Buffer, Uint8Array or string (ours writes a string's UTF-8), and as a Buffer for protobufjs. */
function bytes(r: Rng, max = 40): [unknown, Buffer] {
  const text = Array.from({ length: r.int(max) }, () => r.pick(['a', '/', '0', 'é', '✓', '\u{1F600}', '"', '\n'])).join('');
  const buf = Buffer.from(text, 'utf8');
  switch (r.int(3)) {
    case 0:
      return [buf, buf];
    case 1:
      return [new Uint8Array(buf), buf];
    default:
      return [text, buf];
  }
}

function enumValue(r: Rng, values: string[]): [unknown, unknown] {
  const i = r.int(values.length);
  return r.chance(0.5) ? [i, i] : [values[i], values[i]];
}

/** Sets `name` on both objects (sometimes leaves it out, sometimes null/undefined on ours). */
function maybe(r: Rng, ours: Record<string, unknown>, theirs: Record<string, unknown>, name: string, gen: () => [unknown, unknown]): void {
  const roll = r.int(10);
  if (roll < 4) return;
  if (roll === 4) {
    ours[name] = r.chance(0.5) ? null : undefined;
    return;
  }
  [ours[name], theirs[name]] = gen();
}

function rangeRequest(r: Rng): [Record<string, unknown>, Record<string, unknown>] {
  const o: Record<string, unknown> = {};
  const t: Record<string, unknown> = {};
  [o.key, t.key] = bytes(r);
  maybe(r, o, t, 'range_end', () => bytes(r));
  for (const f of ['limit', 'revision', 'min_mod_revision', 'max_mod_revision', 'min_create_revision', 'max_create_revision']) maybe(r, o, t, f, () => int64(r));
  maybe(r, o, t, 'sort_order', () => enumValue(r, ['None', 'Ascend', 'Descend']));
  maybe(r, o, t, 'sort_target', () => enumValue(r, ['Key', 'Version', 'Create', 'Mod', 'Value']));
  for (const f of ['serializable', 'keys_only', 'count_only']) maybe(r, o, t, f, () => { const b = r.chance(0.5); return [b, b]; });
  return [o, t];
}

function requestOp(r: Rng, depth: number): [Record<string, unknown>, Record<string, unknown>] {
  const kind = r.int(depth > 1 ? 3 : 4);
  if (kind === 0) {
    const [o, t] = rangeRequest(r);
    return [{ request_range: o }, { request_range: t }];
  }
  if (kind === 1) {
    const o: Record<string, unknown> = {};
    const t: Record<string, unknown> = {};
    [o.key, t.key] = bytes(r);
    [o.value, t.value] = bytes(r, r.chance(0.1) ? 3000 : 300);
    maybe(r, o, t, 'lease', () => int64(r));
    for (const f of ['prev_kv', 'ignore_value', 'ignore_lease']) maybe(r, o, t, f, () => { const b = r.chance(0.5); return [b, b]; });
    return [{ request_put: o }, { request_put: t }];
  }
  if (kind === 2) {
    const o: Record<string, unknown> = {};
    const t: Record<string, unknown> = {};
    [o.key, t.key] = bytes(r);
    maybe(r, o, t, 'range_end', () => bytes(r));
    maybe(r, o, t, 'prev_kv', () => { const b = r.chance(0.5); return [b, b]; });
    return [{ request_delete_range: o }, { request_delete_range: t }];
  }
  const [o, t] = txnRequest(r, depth + 1);
  return [{ request_txn: o }, { request_txn: t }];
}

function compare(r: Rng): [Record<string, unknown>, Record<string, unknown>] {
  const o: Record<string, unknown> = {};
  const t: Record<string, unknown> = {};
  maybe(r, o, t, 'result', () => enumValue(r, ['Equal', 'Greater', 'Less', 'NotEqual']));
  maybe(r, o, t, 'target', () => enumValue(r, ['Version', 'Create', 'Mod', 'Value', 'Lease']));
  [o.key, t.key] = bytes(r);
  const member = r.pick(['version', 'create_revision', 'mod_revision', 'value', 'lease', '']);
  if (member === 'value') [o.value, t.value] = bytes(r);
  else if (member) [o[member], t[member]] = int64(r);
  maybe(r, o, t, 'range_end', () => bytes(r));
  return [o, t];
}

function txnRequest(r: Rng, depth = 0): [Record<string, unknown>, Record<string, unknown>] {
  const o: Record<string, unknown> = {};
  const t: Record<string, unknown> = {};
  const list = <T>(n: number, gen: () => [T, T]): [T[], T[]] => {
    const pairs = Array.from({ length: n }, gen);
    return [pairs.map((p) => p[0]), pairs.map((p) => p[1])];
  };
  maybe(r, o, t, 'compare', () => list(r.int(6), () => compare(r)));
  maybe(r, o, t, 'success', () => list(r.int(6), () => requestOp(r, depth)));
  maybe(r, o, t, 'failure', () => list(r.int(4), () => requestOp(r, depth)));
  return [o, t];
}

const theirBytes = (name: string, obj: object): Buffer => {
  const T = pbType(name);
  return Buffer.from(T.encode(T.fromObject(obj)).finish());
};

describe('compiled encoder: byte for byte what protobufjs writes', () => {
  it('random TxnRequests (every input form: numbers, decimal strings, bigints, Longs, enum names, Uint8Arrays, strings as UTF-8)', () => {
    let total = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const r = rng(seed);
      const [ours, theirs] = txnRequest(r);
      const expected = theirBytes('TxnRequest', theirs);
      const got = encodeMessage(TxnRequest, ours);
      expect(got.equals(expected), `seed ${seed}`).toBe(true);
      const reserve = r.int(8);
      const framed = encodeMessage(TxnRequest, ours, reserve);
      expect(framed.length).toBe(reserve + expected.length);
      expect(framed.subarray(reserve).equals(expected), `seed ${seed} with reserve ${reserve}`).toBe(true);
      total += got.length;
    }
    expect(total).toBeGreaterThan(100_000);
  });

  it('random RangeRequests', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const [ours, theirs] = rangeRequest(rng(seed));
      expect(encodeMessage(RangeRequest, ours).equals(theirBytes('RangeRequest', theirs)), `seed ${seed}`).toBe(true);
    }
  });

  it('the bulk-apply shapes: 128 reads; 128 compares (version 0 / mod_revision) with puts of string values', () => {
    const key = (i: number) => Buffer.from(`/calico/resources/v3/projectcalico.org/globalnetworkpolicies/default.p-${i}`);
    const value = (i: number) => JSON.stringify({ kind: 'GlobalNetworkPolicy', metadata: { name: `p-${i}` }, spec: { order: i, selector: 'ä == "ö"' } });
    const ids = Array.from({ length: 128 }, (_, i) => i * 37);
    const reads = { compare: [], success: ids.map((i) => ({ request_range: { key: key(i) } })), failure: [] };
    expect(encodeMessage(TxnRequest, reads)).toEqual(theirBytes('TxnRequest', reads));
    for (const update of [false, true]) {
      const compare = ids.map((i) => (update ? { key: key(i), target: 2, result: 0, mod_revision: String(9_000_000_000 + i) } : { key: key(i), target: 0, result: 0, version: 0 }));
      const success = ids.map((i) => ({ request_put: { key: key(i), value: value(i) } }));
      const failure = ids.map((i) => ({ request_range: { key: key(i) } }));
      const theirs = { compare, success: ids.map((i) => ({ request_put: { key: key(i), value: Buffer.from(value(i)) } })), failure };
      expect(encodeMessage(TxnRequest, { compare, success, failure }, 5).subarray(5)).toEqual(theirBytes('TxnRequest', theirs));
    }
  });
});

// ---- decoding --------------------------------------------------------------------------------

function header(r: Rng, base?: Record<string, string>): Record<string, string> | undefined {
  if (base && r.chance(0.7)) return base; // as etcd sends: the same header again and again
  if (r.chance(0.1)) return undefined;
  const h: Record<string, string> = {};
  if (r.chance(0.9)) h.cluster_id = decimal(r, true);
  if (r.chance(0.9)) h.member_id = decimal(r, true);
  if (r.chance(0.9)) h.revision = decimal(r, false);
  if (r.chance(0.9)) h.raft_term = decimal(r, true);
  return h;
}

function keyValue(r: Rng): Record<string, unknown> {
  const kv: Record<string, unknown> = { key: bytes(r)[1] };
  for (const f of ['create_revision', 'mod_revision', 'version', 'lease']) if (r.chance(0.8)) kv[f] = decimal(r, false);
  if (r.chance(0.9)) kv.value = bytes(r, r.chance(0.1) ? 3000 : 200)[1];
  return kv;
}

function txnResponse(r: Rng, depth = 0, base = header(r)): Record<string, unknown> {
  const responses = Array.from({ length: r.int(8) }, () => {
    const kind = r.int(depth > 1 ? 3 : 4);
    const h = header(r, base);
    if (kind === 0) {
      const kvs = Array.from({ length: r.int(3) }, () => keyValue(r));
      return { response_range: { header: h, kvs, more: r.chance(0.3), count: String(kvs.length) } };
    }
    if (kind === 1) return { response_put: r.chance(0.5) ? { header: h } : { header: h, prev_kv: keyValue(r) } };
    if (kind === 2) return { response_delete_range: { header: h, deleted: decimal(r, false), prev_kvs: r.chance(0.5) ? [keyValue(r)] : [] } };
    return { response_txn: txnResponse(r, depth + 1, base) };
  });
  return { header: base, succeeded: r.chance(0.5), responses };
}

/** Unknown fields of every wire type, which both decoders skip. */
function withUnknownFields(r: Rng, buf: Buffer): Buffer {
  const extra = [
    Buffer.from([15 << 3, 0x96, 0x01]), // field 15, varint
    Buffer.from([0x82, 0x01, 4, 0x80, 0x80, 0x80, 0x80]), // field 16 (a 2-byte tag), 4 bytes
    Buffer.from([(14 << 3) | 1, 1, 2, 3, 4, 5, 6, 7, 8]), // field 14, fixed64
    Buffer.from([(13 << 3) | 5, 1, 2, 3, 4]), // field 13, fixed32
  ];
  return Buffer.concat([buf, r.pick(extra), buf.length % 2 ? r.pick(extra) : Buffer.alloc(0)]);
}

function expectPlain(v: unknown): void {
  if (Buffer.isBuffer(v) || v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) return v.forEach(expectPlain);
  expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  Object.values(v).forEach(expectPlain);
}

describe('compiled decoder: what etcd3 (protobufjs toObject) gives', () => {
  it('random TxnResponses (64-bit values at every size, repeated and changing headers, unknown fields)', () => {
    const T = pbType('TxnResponse');
    for (let seed = 1; seed <= 250; seed++) {
      const r = rng(seed);
      let buf = theirBytes('TxnResponse', txnResponse(r));
      if (r.chance(0.3)) buf = withUnknownFields(r, buf);
      const ours = decodeMessage(TxnResponse, buf);
      expect(ours, `seed ${seed}`).toEqual(T.toObject(T.decode(buf), TO_OBJECT));
      expectPlain(ours);
      // Our own encoder gives back the same bytes (without the unknown fields).
      const again = decodeMessage(TxnResponse, encodeMessage(TxnResponse, ours));
      expect(again, `seed ${seed} round trip`).toEqual(ours);
    }
  });

  it('random RangeResponses', () => {
    const R = pbType('RangeResponse');
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(seed);
      const kvs = Array.from({ length: r.int(4) }, () => keyValue(r));
      const buf = theirBytes('RangeResponse', { header: header(r), kvs, more: r.chance(0.5), count: decimal(r, false) });
      expect(decodeMessage(RangeResponse, buf), `seed ${seed}`).toEqual(R.toObject(R.decode(buf), TO_OBJECT));
    }
  });

  it('a header repeated byte for byte decodes to a new object each time, unaffected by changes to the last one', () => {
    const h = { cluster_id: '14841639068965178418', member_id: '10276657743932975437', revision: '5000', raft_term: '2' };
    const buf = theirBytes('TxnResponse', { header: h, succeeded: true, responses: [{ response_put: { header: h } }, { response_put: { header: h } }] });
    const first = decodeMessage(TxnResponse, buf) as { header: Record<string, string>; responses: { response_put: { header: Record<string, string> } }[] };
    const [a, b] = first.responses.map((x) => x.response_put.header);
    expect(a).toEqual(h);
    expect(b).toEqual(h);
    expect(a).not.toBe(b);
    expect(a).not.toBe(first.header);
    a!.revision = 'changed';
    first.header.cluster_id = 'changed';
    const second = decodeMessage(TxnResponse, buf) as typeof first;
    expect(second.header).toEqual(h);
    expect(second.responses[0]!.response_put.header).toEqual(h);
    // A header of the same length that differs in any one byte is decoded, not taken from the last one.
    for (const other of [{ ...h, revision: '5001' }, { ...h, raft_term: '3' }, { ...h, cluster_id: '14841639068965178419' }]) {
      const next = theirBytes('TxnResponse', { header: h, responses: [{ response_put: { header: h } }, { response_put: { header: other } }] });
      const got = decodeMessage(TxnResponse, next) as typeof first;
      expect(got.header).toEqual(h);
      expect(got.responses[1]!.response_put.header).toEqual(other);
    }
  });
});

describe('bad input', () => {
  const decodeError = (spec: MessageSpec, bytes: number[]): string => {
    try {
      decodeMessage(spec, Buffer.from(bytes));
    } catch (e) {
      expect(e).toBeInstanceOf(ProtoDecodeError);
      return (e as Error).message;
    }
    throw new Error('decoded without an error');
  };

  it('decoding reports truncation, long varints and unexpected wire types', () => {
    expect(decodeError(TxnResponse, [0x0a, 5, 8, 1])).toBe('truncated field');
    expect(decodeError(TxnResponse, [0x10])).toBe('truncated varint');
    expect(decodeError(TxnResponse, [0x0a, 11, 0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])).toBe('varint too long');
    expect(decodeError(TxnResponse, [0x08, 1])).toBe('TxnResponse.header: unexpected varint');
    expect(decodeError(TxnResponse, [0x12, 0])).toBe('TxnResponse.succeeded: unexpected length-delimited value');
    expect(decodeError(TxnResponse, [0x0b])).toBe('unsupported wire type 3');
    expect(decodeError(TxnResponse, [0x79, 1, 2])).toBe('truncated field');
  });

  it('encoding names the field and the problem', () => {
    const put = (p: Record<string, unknown>) => () => encodeMessage(TxnRequest, { success: [{ request_put: { key: Buffer.from('/k'), ...p } }] });
    expect(put({ lease: 1.5 })).toThrow(new TypeError('lease: not an integer: 1.5'));
    expect(put({ lease: '12a' })).toThrow(new TypeError('lease: not an integer: 12a'));
    expect(put({ value: 42 })).toThrow(new TypeError('value: not bytes'));
    expect(() => encodeMessage(TxnRequest, { compare: [{ key: Buffer.from('/k'), result: 'Maybe' }] })).toThrow(new TypeError('result: unknown enum value Maybe'));
    expect(() => encodeMessage(TxnRequest, { compare: [{ key: Buffer.from('/k'), result: 'toString' }] })).toThrow(new TypeError('result: unknown enum value toString'));
    expect(() => encodeMessage(TxnRequest, { success: {} })).toThrow(new TypeError('TxnRequest.success: not an array'));
    // A failed encode leaves nothing behind for the next one.
    expect(encodeMessage(RangeRequest, { key: 'k' })).toEqual(Buffer.from([0x0a, 1, 0x6b]));
  });
});
