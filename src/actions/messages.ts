/**
 * calicoctl's result lines for create/apply/replace/delete/validate (v3.32 wording).
 */
export type Verb = 'create' | 'apply' | 'replace' | 'delete' | 'validate';

const PAST: Record<Verb, string> = {
  create: 'created', apply: 'applied', replace: 'replaced', delete: 'deleted', validate: 'validated',
};

export interface Summary {
  stdout: string[];
  stderr: string[];
  ok: boolean;
}

/** The kind all inputs share, or undefined when they are mixed. */
export function commonKind(kinds: readonly string[]): string | undefined {
  const first = kinds[0];
  return first !== undefined && kinds.every((k) => k === first) ? first : undefined;
}

const goSlice = (errs: readonly Error[]): string => `[${errs.map((e) => e.message).join(' ')}]`;

export function summarize(verb: Verb, kinds: readonly string[], errors: readonly (Error | undefined)[]): Summary {
  const total = kinds.length;
  const failed = errors.filter((e): e is Error => e !== undefined);
  const ok = total - failed.length;
  const kind = commonKind(kinds);
  const q = kind ? ` '${kind}'` : '';
  if (verb === 'delete') {
    return {
      ok: failed.length === 0,
      stdout: ok > 0 ? [`Successfully deleted ${ok}${q} resource(s)`] : [],
      stderr: errors.flatMap((e, i) =>
        e ? [`Failed to delete ${kinds[i] ? `'${kinds[i]}' ` : ''}resource: ${e.message}`] : []),
    };
  }
  if (failed.length === 0) return { ok: true, stdout: [`Successfully ${PAST[verb]} ${total}${q} resource(s)`], stderr: [] };
  if (verb === 'replace') {
    // calicoctl counts a failed update as handled and reports only the last error.
    return {
      ok: false,
      stdout: [`Partial success: replaced the first ${total} out of ${total}${q} resources:`],
      stderr: [`hit error: ${failed[failed.length - 1]!.message}`],
    };
  }
  if (ok === 0) {
    const what = total === 1 ? `${q.trimStart()} resource` : `any${q} resources`;
    return { ok: false, stdout: [], stderr: [`failed to ${verb} ${what}: ${goSlice(failed)}`] };
  }
  return {
    ok: false,
    stdout: ok - failed.length > 0 ? [`Partial success: ${PAST[verb]} the first ${ok} out of ${total}${q} resources:`] : [],
    stderr: [`${verb === 'create' ? 'hit error' : 'hit error(s)'}: ${goSlice(failed)}`],
  };
}

/** A failure before any resource was attempted (e.g. a namespace check): no brackets. */
export function summarizeEarlyFailure(verb: Verb, kinds: readonly string[], error: Error): string {
  const kind = commonKind(kinds);
  if (kinds.length === 1) return `failed to ${verb} ${kind ? `'${kind}' ` : ''}resource: ${error.message}`;
  return `failed to ${verb} any ${kind ? `'${kind}' ` : ''}resources: ${error.message}`;
}
