/**
 * Typed errors and the one place they become messages and exit codes.
 * calicoctl exits 1 on every failure, so every CtlError carries exit code 1; the
 * type still matters to the code that decides what to do (skip, retry, report).
 */

export interface ResourceKey {
  kind: string;
  name: string;
  namespace?: string;
}

/** Calico's identifier format: Kind(name) or Kind(namespace/name). */
export function formatKey(k: ResourceKey): string {
  return k.namespace ? `${k.kind}(${k.namespace}/${k.name})` : `${k.kind}(${k.name})`;
}

export abstract class CtlError extends Error {
  abstract readonly code: string;
  readonly exitCode: number = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One invalid field, reported the way Calico's ErrorValidation reports it. */
export interface FieldError {
  /** Field path as Calico names it, e.g. `Metadata.Name`, `spec.ipipMode`, `IPPool.Spec.CIDR`. */
  field: string;
  /** The offending value; omitted when Calico prints no value (`Name (<reason>)`). */
  value?: unknown;
  reason: string;
}

function formatValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

export function formatFieldError(f: FieldError): string {
  return f.value === undefined || f.value === null
    ? `${f.field} (${f.reason})`
    : `${f.field} = '${formatValue(f.value)}' (${f.reason})`;
}

/** `error with field X = 'v' (reason)` or the multi-field form, as Calico prints them. */
export class ValidationError extends CtlError {
  readonly code = 'Validation';
  constructor(readonly fields: FieldError[]) {
    super(
      fields.length === 1
        ? `error with field ${formatFieldError(fields[0]!)}`
        : `error with the following fields:\n${fields.map((f) => `-  ${formatFieldError(f)}\n`).join('')}`,
    );
  }
}

export class NotFoundError extends CtlError {
  readonly code = 'NotFound';
  constructor(readonly key: ResourceKey, detail = '<nil>') {
    super(`resource does not exist: ${formatKey(key)} with error: ${detail}`);
  }
}

export class AlreadyExistsError extends CtlError {
  readonly code = 'AlreadyExists';
  constructor(readonly key: ResourceKey, detail = '<nil>', readonly existing?: unknown) {
    super(`resource already exists: ${formatKey(key)} with error: ${detail}`);
  }
}

export class ConflictError extends CtlError {
  readonly code = 'Conflict';
  constructor(readonly key: ResourceKey, readonly current?: unknown) {
    super(`update conflict: ${formatKey(key)}`);
  }
}

/** `operation <op> is not supported on <Key>[: reason]` */
export class OperationNotSupportedError extends CtlError {
  readonly code = 'OperationNotSupported';
  constructor(readonly operation: string, identifier: string, reason?: string) {
    super(`operation ${operation} is not supported on ${identifier}${reason ? `: ${reason}` : ''}`);
  }
}

/** The datastore could not be reached (or refused us). One line naming the endpoint. */
export class DatastoreUnavailableError extends CtlError {
  readonly code = 'DatastoreUnavailable';
  constructor(readonly endpoint: string, reason: string, options?: { cause?: unknown }) {
    super(`datastore ${endpoint} is unavailable: ${reason}`, options);
  }
}

/** Bad invocation: flags, arguments, formats. */
export class UsageError extends CtlError {
  readonly code = 'Usage';
}

/** Problems reading or decoding input files. */
export class InputError extends CtlError {
  readonly code = 'Input';
}

/** Problems with the client configuration (calicoctl.cfg / env). */
export class ConfigError extends CtlError {
  readonly code = 'Config';
}

/** Anything else we want to report as a plain one-line message. */
export class CommandError extends CtlError {
  readonly code = 'Command';
}

/** A failure whose message has already been written; only the exit code is left to set. */
export class SilentFailure extends CtlError {
  readonly code = 'Silent';
  constructor() {
    super('');
  }
}

export function isCtlError(e: unknown): e is CtlError {
  return e instanceof CtlError;
}

/** Message of any thrown value, without a stack trace. */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
