/**
 * BGPFilter resources → BIRD 2 functions (node-bgp.md §2.3): one function per filter, direction
 * and family, named `bgp_<name>_{import,export}FilterV{4,6}` (quoted; names past BIRD's 64-character
 * symbol limit are cut and suffixed with a hash). Rules run in order; the first match decides
 * (`accept`/`reject` end the calling filter). The function takes `(bool internal_peer)` only when
 * a rule uses peerType, and the caller passes whether the session is iBGP.
 */
import { createHash } from 'node:crypto';
import type { Resource } from '../../resources/types.js';

type Dir = 'import' | 'export';
type Rule = Record<string, unknown>;
const MAX_SYMBOL = 64;

export function filterFunctionName(filter: string, dir: Dir, family: 4 | 6): string {
  const suffix = `_${dir}FilterV${family}`;
  const full = `bgp_${filter}${suffix}`;
  if (full.length <= MAX_SYMBOL) return full;
  const hash = createHash('sha256').update(filter).digest('hex').slice(0, 8);
  return `bgp_${filter.slice(0, MAX_SYMBOL - suffix.length - hash.length - 5)}_${hash}${suffix}`;
}

function rules(f: Resource, dir: Dir, family: 4 | 6): Rule[] {
  const key = `${dir}V${family}`;
  const list = (f.spec as Record<string, unknown> | undefined)?.[key];
  return Array.isArray(list) ? (list as Rule[]) : [];
}

export function usesPeerType(f: Resource, dir: Dir, family: 4 | 6): boolean {
  return rules(f, dir, family).some((r) => typeof r.peerType === 'string' && r.peerType !== '');
}

/** The call placed in a peer's import/export filter. */
export function filterCall(f: Resource, dir: Dir, family: 4 | 6, internal: boolean): string {
  const arg = usesPeerType(f, dir, family) ? String(internal) : '';
  return `'${filterFunctionName(f.metadata.name ?? '', dir, family)}'(${arg});`;
}

const quote = (s: string) => `"${s.replace(/["\\]/g, '')}"`;

function community(value: string): string | undefined {
  const parts = value.split(':');
  if (!parts.every((p) => /^\d+$/.test(p))) return undefined;
  if (parts.length === 2) return `(${parts.join(',')})`;
  if (parts.length === 3) return `(${parts.join(',')})`;
  return undefined;
}

function condition(r: Rule, family: 4 | 6): string[] {
  const c: string[] = [];
  const cidr = typeof r.cidr === 'string' && r.cidr !== '' ? r.cidr : undefined;
  if (cidr) {
    const len = Number(cidr.split('/')[1]);
    const pl = (r.prefixLength ?? {}) as { min?: number; max?: number };
    const max = family === 4 ? 32 : 128;
    const set = pl.min !== undefined || pl.max !== undefined ? `[ ${cidr}{${pl.min ?? len},${pl.max ?? max}} ]` : cidr;
    switch (r.matchOperator) {
      case 'Equal':
        c.push(`(net = ${cidr})`);
        break;
      case 'NotEqual':
        c.push(`(net != ${cidr})`);
        break;
      case 'NotIn':
        c.push(`(net !~ ${set})`);
        break;
      default:
        c.push(`(net ~ ${set})`);
    }
  }
  if (r.source === 'RemotePeers') c.push('(source = RTS_BGP)');
  if (typeof r.interface === 'string' && r.interface !== '') c.push(`(defined(ifname) && ifname ~ ${quote(r.interface)})`);
  if (r.peerType === 'iBGP') c.push('internal_peer');
  if (r.peerType === 'eBGP') c.push('!internal_peer');
  const values = ((r.communities ?? {}) as { values?: string[] }).values ?? [];
  for (const v of values) {
    const cm = community(v);
    if (cm) c.push(v.split(':').length === 3 ? `(${cm} ~ bgp_large_community)` : `(${cm} ~ bgp_community)`);
  }
  if (Array.isArray(r.asPathPrefix) && r.asPathPrefix.length > 0) c.push(`(bgp_path ~ [= ${r.asPathPrefix.join(' ')} * =])`);
  return c;
}

function operations(r: Rule): string[] {
  const out: string[] = [];
  for (const op of Array.isArray(r.operations) ? (r.operations as Record<string, unknown>[]) : []) {
    const add = (op.addCommunity as { value?: string } | undefined)?.value;
    const cm = add ? community(add) : undefined;
    if (cm) out.push(add!.split(':').length === 3 ? `bgp_large_community.add(${cm});` : `bgp_community.add(${cm});`);
    const prepend = (op.prependASPath as { prefix?: (number | string)[] } | undefined)?.prefix;
    if (Array.isArray(prepend)) for (const asn of [...prepend].reverse()) out.push(`bgp_path.prepend(${Number(asn)});`);
    const prio = (op.setPriority as { value?: number } | undefined)?.value;
    if (typeof prio === 'number') out.push(`krt_metric = ${prio};`);
  }
  return out;
}

function renderFunction(f: Resource, dir: Dir, family: 4 | 6): string | undefined {
  const list = rules(f, dir, family);
  if (list.length === 0) return undefined;
  const arg = usesPeerType(f, dir, family) ? 'bool internal_peer' : '';
  const lines = [`function '${filterFunctionName(f.metadata.name ?? '', dir, family)}'(${arg}) {`];
  for (const r of list) {
    const cond = condition(r, family);
    const action = r.action === 'Reject' ? 'reject;' : [...operations(r), 'accept;'].join(' ');
    lines.push(cond.length === 0 ? `  ${action}` : `  if (${cond.join(' && ')}) then { ${action} }`);
  }
  lines.push('}');
  return lines.join('\n');
}

/** Function definitions for every filter with rules of this family; names as filterCall uses. */
export function renderFilterFunctions(filters: readonly Resource[], family: 4 | 6): string {
  const out: string[] = [];
  for (const f of [...filters].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))) {
    for (const dir of ['import', 'export'] as const) {
      const fn = renderFunction(f, dir, family);
      if (fn) out.push(fn);
    }
  }
  return out.length > 0 ? out.join('\n') : `# No v${family} BGPFilters configured`;
}

/** Filters a peer references that define rules for this direction and family. */
export function peerFilterCalls(all: readonly Resource[], names: readonly string[], dir: Dir, family: 4 | 6, internal: boolean): string[] {
  const byName = new Map(all.map((f) => [f.metadata.name ?? '', f]));
  return names.flatMap((n) => {
    const f = byName.get(n);
    return f && rules(f, dir, family).length > 0 ? [filterCall(f, dir, family, internal)] : [];
  });
}
