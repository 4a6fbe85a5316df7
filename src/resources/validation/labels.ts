/**
 * Kubernetes label and annotation rules, reported as Calico does: keys are qualified names
 * (optional DNS-subdomain prefix + `/` + a name of at most 63 characters), label values
 * are at most 63 characters; annotations total at most 256 KiB. Reasons are Kubernetes'.
 */
import type { Problems } from './problems.js';
import { isObj } from './values.js';
import { SUBDOMAIN_FMT } from './names.js';

const NAME_PART_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const NAME_PART_RE = new RegExp(`^${NAME_PART_FMT}$`);
const VALUE_FMT = `(${NAME_PART_FMT})?`;
const PREFIX_RE = new RegExp(`^${SUBDOMAIN_FMT}$`);
const MAX_ANNOTATIONS_BYTES = 256 * 1024;

const NAME_PART_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
  `(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${NAME_PART_FMT}')`;

const NO_PROBLEMS: readonly string[] = Object.freeze([]);
/** Bulk input repeats label keys and values a lot: verdicts are kept by text (bounded). */
const MAX_MEMO = 4096;

function memo(compute: (s: string) => readonly string[]): (s: string) => readonly string[] {
  const verdicts = new Map<string, readonly string[]>();
  return (s) => {
    let v = verdicts.get(s);
    if (v === undefined) {
      const list = compute(s);
      v = list.length === 0 ? NO_PROBLEMS : Object.freeze(list);
      if (verdicts.size >= MAX_MEMO) verdicts.clear();
      verdicts.set(s, v);
    }
    return v;
  };
}

/** Kubernetes' IsQualifiedName: every problem with `key` (empty when valid). */
export const qualifiedNameProblems = memo(computeQualifiedNameProblems);

/** Kubernetes' IsValidLabelValue: every problem with `value` (empty when valid). */
export const labelValueProblems = memo(computeLabelValueProblems);

function computeQualifiedNameProblems(key: string): string[] {
  const parts = key.split('/');
  let name = key;
  const out: string[] = [];
  if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix === '') out.push('prefix part must be non-empty');
    else if (prefix.length > 253) out.push('prefix part must be no more than 253 characters');
    else if (!PREFIX_RE.test(prefix)) {
      out.push(
        "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', " +
          `and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${SUBDOMAIN_FMT}')`,
      );
    }
  } else if (parts.length > 2) {
    return [`a qualified name ${NAME_PART_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name === '') out.push('name part must be non-empty');
  else if (name.length > 63) out.push('name part must be no more than 63 characters');
  if (name !== '' && !NAME_PART_RE.test(name)) out.push(`name part ${NAME_PART_MSG}`);
  return out;
}

function computeLabelValueProblems(value: string): string[] {
  const out: string[] = [];
  if (value.length > 63) out.push('must be no more than 63 characters');
  if (value !== '' && !NAME_PART_RE.test(value)) {
    out.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start " +
        `and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '${VALUE_FMT}')`,
    );
  }
  return out;
}

/** metadata.labels (or any label map, e.g. Profile labelsToApply with another field name). */
export function checkLabels(p: Problems, labels: unknown, field = 'Metadata.Labels'): void {
  if (labels === undefined || labels === null) return;
  if (!isObj(labels)) {
    p.add(field, 'labels must be a map of strings', labels);
    return;
  }
  const keys = Object.keys(labels);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = labels[k];
    const keyProblems = qualifiedNameProblems(k);
    for (let j = 0; j < keyProblems.length; j++) p.add(`${field} (label)`, keyProblems[j]!, k);
    const valueProblems = labelValueProblems(typeof v === 'string' ? v : String(v));
    for (let j = 0; j < valueProblems.length; j++) p.add(`${field} (value)`, valueProblems[j]!, v);
  }
}

/** metadata.annotations: keys checked lower-cased; total size of keys and values <= 256 KiB. */
export function checkAnnotations(p: Problems, annotations: unknown, field = 'Metadata.Annotations'): void {
  if (annotations === undefined || annotations === null) return;
  if (!isObj(annotations)) {
    p.add(field, 'annotations must be a map of strings', annotations);
    return;
  }
  let total = 0;
  for (const [k, v] of Object.entries(annotations)) {
    for (const reason of qualifiedNameProblems(k.toLowerCase())) p.add(`${field} (key)`, reason, k);
    total += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  }
  if (total > MAX_ANNOTATIONS_BYTES) {
    p.add(`${field} (key)`, `total size of annotations is too large by ${total - MAX_ANNOTATIONS_BYTES} bytes`);
  }
}
