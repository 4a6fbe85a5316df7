export interface Cause { reason: string; message: string; field: string }
export function prune(value: unknown, schema: unknown, path: string, unknown: string[]): void;
export function applyDefaults(value: unknown, schema: unknown): void;
export function validate(value: unknown, schema: unknown, path: string, out: Cause[], old?: unknown): void;
export function typeName(v: unknown): string;
