/** The etcd v3 messages of KV.Range and KV.Txn (etcd's rpc.proto and kv.proto field numbers). */
import type { FieldSpec, MessageSpec } from './spec.js';

const msg = (name: string, fields: FieldSpec[]): MessageSpec => ({ name, fields });

export const KeyValue = msg('KeyValue', [
  { num: 1, name: 'key', type: 'bytes' },
  { num: 2, name: 'create_revision', type: 'int64' },
  { num: 3, name: 'mod_revision', type: 'int64' },
  { num: 4, name: 'version', type: 'int64' },
  { num: 5, name: 'value', type: 'bytes' },
  { num: 6, name: 'lease', type: 'int64' },
]);

export const ResponseHeader = msg('ResponseHeader', [
  { num: 1, name: 'cluster_id', type: 'uint64' },
  { num: 2, name: 'member_id', type: 'uint64' },
  { num: 3, name: 'revision', type: 'int64' },
  { num: 4, name: 'raft_term', type: 'uint64' },
]);

export const RangeRequest = msg('RangeRequest', [
  { num: 1, name: 'key', type: 'bytes' },
  { num: 2, name: 'range_end', type: 'bytes' },
  { num: 3, name: 'limit', type: 'int64' },
  { num: 4, name: 'revision', type: 'int64' },
  { num: 5, name: 'sort_order', type: 'enum', values: { None: 0, Ascend: 1, Descend: 2 } },
  { num: 6, name: 'sort_target', type: 'enum', values: { Key: 0, Version: 1, Create: 2, Mod: 3, Value: 4 } },
  { num: 7, name: 'serializable', type: 'bool' },
  { num: 8, name: 'keys_only', type: 'bool' },
  { num: 9, name: 'count_only', type: 'bool' },
  { num: 10, name: 'min_mod_revision', type: 'int64' },
  { num: 11, name: 'max_mod_revision', type: 'int64' },
  { num: 12, name: 'min_create_revision', type: 'int64' },
  { num: 13, name: 'max_create_revision', type: 'int64' },
]);

export const RangeResponse = msg('RangeResponse', [
  { num: 1, name: 'header', type: ResponseHeader },
  { num: 2, name: 'kvs', type: KeyValue, repeated: true },
  { num: 3, name: 'more', type: 'bool' },
  { num: 4, name: 'count', type: 'int64' },
]);

const PutRequest = msg('PutRequest', [
  { num: 1, name: 'key', type: 'bytes' },
  { num: 2, name: 'value', type: 'bytes' },
  { num: 3, name: 'lease', type: 'int64' },
  { num: 4, name: 'prev_kv', type: 'bool' },
  { num: 5, name: 'ignore_value', type: 'bool' },
  { num: 6, name: 'ignore_lease', type: 'bool' },
]);

const PutResponse = msg('PutResponse', [
  { num: 1, name: 'header', type: ResponseHeader },
  { num: 2, name: 'prev_kv', type: KeyValue },
]);

const DeleteRangeRequest = msg('DeleteRangeRequest', [
  { num: 1, name: 'key', type: 'bytes' },
  { num: 2, name: 'range_end', type: 'bytes' },
  { num: 3, name: 'prev_kv', type: 'bool' },
]);

const DeleteRangeResponse = msg('DeleteRangeResponse', [
  { num: 1, name: 'header', type: ResponseHeader },
  { num: 2, name: 'deleted', type: 'int64' },
  { num: 3, name: 'prev_kvs', type: KeyValue, repeated: true },
]);

const Compare = msg('Compare', [
  { num: 1, name: 'result', type: 'enum', values: { Equal: 0, Greater: 1, Less: 2, NotEqual: 3 } },
  { num: 2, name: 'target', type: 'enum', values: { Version: 0, Create: 1, Mod: 2, Value: 3, Lease: 4 } },
  { num: 3, name: 'key', type: 'bytes' },
  { num: 4, name: 'version', type: 'int64', oneof: 'target_union' },
  { num: 5, name: 'create_revision', type: 'int64', oneof: 'target_union' },
  { num: 6, name: 'mod_revision', type: 'int64', oneof: 'target_union' },
  { num: 7, name: 'value', type: 'bytes', oneof: 'target_union' },
  { num: 8, name: 'lease', type: 'int64', oneof: 'target_union' },
  { num: 64, name: 'range_end', type: 'bytes' },
]);

// TxnRequest/TxnResponse nest RequestOp/ResponseOp, which may hold a TxnRequest/TxnResponse.
export const RequestOp: MessageSpec = msg('RequestOp', []);
export const ResponseOp: MessageSpec = msg('ResponseOp', []);

export const TxnRequest = msg('TxnRequest', [
  { num: 1, name: 'compare', type: Compare, repeated: true },
  { num: 2, name: 'success', type: RequestOp, repeated: true },
  { num: 3, name: 'failure', type: RequestOp, repeated: true },
]);

export const TxnResponse = msg('TxnResponse', [
  { num: 1, name: 'header', type: ResponseHeader },
  { num: 2, name: 'succeeded', type: 'bool' },
  { num: 3, name: 'responses', type: ResponseOp, repeated: true },
]);

RequestOp.fields.push(
  { num: 1, name: 'request_range', type: RangeRequest, oneof: 'request' },
  { num: 2, name: 'request_put', type: PutRequest, oneof: 'request' },
  { num: 3, name: 'request_delete_range', type: DeleteRangeRequest, oneof: 'request' },
  { num: 4, name: 'request_txn', type: TxnRequest, oneof: 'request' },
);

ResponseOp.fields.push(
  { num: 1, name: 'response_range', type: RangeResponse, oneof: 'response' },
  { num: 2, name: 'response_put', type: PutResponse, oneof: 'response' },
  { num: 3, name: 'response_delete_range', type: DeleteRangeResponse, oneof: 'response' },
  { num: 4, name: 'response_txn', type: TxnResponse, oneof: 'response' },
);
