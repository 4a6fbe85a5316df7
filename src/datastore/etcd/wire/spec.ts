/** The field tables that describe a protobuf message (see ./messages.ts for etcd's). */

export type Scalar = 'bytes' | 'string' | 'int64' | 'uint64' | 'bool' | 'enum';

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
