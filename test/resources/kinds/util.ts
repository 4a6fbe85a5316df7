/** Helpers for the kind tests: build resources and summarise validation results. */
import type { FieldError } from '../../../src/errors.js';
import { findKind } from '../../../src/resources/registry.js';
import type { KindDefinition, PrintContext, Resource } from '../../../src/resources/types.js';

export function kind(name: string): KindDefinition {
  const def = findKind(name);
  if (!def) throw new Error(`no kind ${name}`);
  return def;
}

export function res(kindName: string, name: string | undefined, spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): Resource {
  return { apiVersion: 'projectcalico.org/v3', kind: kindName, metadata: { ...(name === undefined ? {} : { name }), ...meta }, spec };
}

export function validate(r: Resource): FieldError[] {
  return kind(r.kind).validate?.(r, { operation: 'create' }) ?? [];
}

/** `field: reason` lines, for readable assertions. */
export function problems(r: Resource): string[] {
  return validate(r).map((e) => `${e.field}: ${e.reason}`);
}

export function cells(r: Resource, headings: readonly string[], ctx: PrintContext = {}): string[] {
  const def = kind(r.kind);
  return headings.map((h) => {
    const col = def.columns.values[h];
    if (!col) throw new Error(`no column ${h}`);
    return col(r, ctx);
  });
}

export interface Case {
  name: string;
  r: Resource;
  /** Substrings expected among the `field: reason` lines; [] means valid. */
  expect: string[];
}

/** Runs table-driven validation cases: valid ones must give no problem, invalid ones each expected problem. */
export function check(c: Case): void {
  const got = problems(c.r);
  if (c.expect.length === 0) {
    if (got.length > 0) throw new Error(`${c.name}: expected valid, got:\n${got.join('\n')}`);
    return;
  }
  for (const e of c.expect) {
    if (!got.some((g) => g.includes(e))) throw new Error(`${c.name}: expected a problem containing '${e}', got:\n${got.join('\n') || '(none)'}`);
  }
}
