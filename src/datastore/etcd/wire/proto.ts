/**
 * Protocol-buffer encoding and decoding for the few etcd v3 messages the KV calls use, driven
 * by small field tables (./spec.ts; etcd's in ./messages.ts). Objects have the shapes the etcd3
 * package gives and takes (snake_case names, bytes as Buffer, 64-bit integers as decimal
 * strings, every field present with its default on decode, the `response` oneof name on
 * ResponseOp), so code written against etcd3's types works unchanged.
 *
 * Encoding accepts, for bytes fields, a Buffer, Uint8Array or string (its UTF-8 bytes); for
 * 64-bit integers a number, bigint, decimal string or Long-like {low, high}; for enums a number
 * or a value name. Fields that are absent, undefined or null are left out; fields present are
 * written even when they hold the default (as protobufjs does). Each message is compiled once
 * into specialised code (./compile.ts).
 */
import { decoderFor, encoderFor } from './compile.js';

export type { FieldSpec, MessageSpec, Scalar } from './spec.js';
export { ProtoDecodeError } from './runtime.js';
import type { MessageSpec } from './spec.js';

/**
 * Encodes `obj` as message `spec`, in a buffer of exactly the message's size plus `reserve`
 * bytes left in front for the caller (e.g. a gRPC frame header).
 */
export function encodeMessage(spec: MessageSpec, obj: Record<string, unknown>, reserve = 0): Buffer {
  return encoderFor(spec)(obj, reserve);
}

/** Decodes `buf` as message `spec`; bytes fields share `buf`'s memory. */
export function decodeMessage(spec: MessageSpec, buf: Buffer): Record<string, unknown> {
  return decoderFor(spec)(buf);
}
