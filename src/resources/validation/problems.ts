/**
 * Collects FieldErrors while a validator walks an object. Kind validators create one,
 * hand it to the shared checks and return `.list`.
 */
import type { FieldError } from '../../errors.js';

export class Problems {
  readonly list: FieldError[] = [];

  /** Record one problem; `value` is omitted from the message when undefined. */
  add(field: string, reason: string, value?: unknown): void {
    // Identical reports (the same check reached twice) are kept once.
    const dup = this.list.some((e) => e.field === field && e.reason === reason && Object.is(e.value, value));
    if (!dup) this.list.push(value === undefined ? { field, reason } : { field, value, reason });
  }

  get ok(): boolean {
    return this.list.length === 0;
  }
}

/** Kubernetes-style enum detail: `supported values: "A", "B"`. */
export function supportedValues(allowed: readonly (string | number)[]): string {
  return `supported values: ${allowed.map((a) => (typeof a === 'string' ? `"${a}"` : String(a))).join(', ')}`;
}

/*
 * The helpers below report CRD (OpenAPI) problems. Calico prints those with the CRD path
 * and the API server's detail only, without the value.
 */

/** Report `value` when it is set and not one of `allowed` (case-sensitive). */
export function checkEnum(p: Problems, field: string, value: unknown, allowed: readonly (string | number)[]): void {
  if (value === undefined || value === null) return;
  if (!allowed.includes(value as string | number)) p.add(field, supportedValues(allowed));
}

/** Report `value` when it is set and not an integer within [min, max]. */
export function checkIntRange(p: Problems, field: string, value: unknown, min: number, max: number, reason?: string): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'number' || !Number.isInteger(value)) p.add(field, reason ?? 'must be an integer');
  else if (value < min) p.add(field, reason ?? `should be greater than or equal to ${min}`);
  else if (value > max) p.add(field, reason ?? `should be less than or equal to ${max}`);
}

/** Report a list longer than `max` items. */
export function checkMaxItems(p: Problems, field: string, value: unknown, max: number): void {
  if (Array.isArray(value) && value.length > max) p.add(field, `must have at most ${max} items`);
}
