/**
 * Kubernetes NetworkPolicyPort lists → Calico protocol + ports, grouped per protocol as
 * Calico's policy converter groups them: one entry per protocol (sorted), all ports of that
 * protocol merged into a minimal list (named ports first, then numeric ranges merged where
 * they overlap or touch); a protocol with a port-less entry allows all its ports.
 */
const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A Calico port as stored: a number, `"min:max"`, or a name. */
export type CalicoPort = number | string;

interface Range { min: number; max: number }

export class PortError extends Error {}

function toPort(text: string): CalicoPort {
  const range = /^(\d+):(\d+)$/.exec(text);
  if (range) {
    const min = Number(range[1]);
    const max = Number(range[2]);
    if (min < 1 || max > 65535 || min > max) throw new PortError(`invalid port ${text}: port range invalid`);
    return min === max ? min : `${min}:${max}`;
  }
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n < 1 || n > 65535) throw new PortError(`invalid port ${text}: port number must be between 1 and 65535`);
    return n;
  }
  return text;
}

/** One NetworkPolicyPort → its ports (empty: all ports of the protocol). */
function portsOf(p: Record<string, unknown>): CalicoPort[] {
  if (p.port === undefined || p.port === null) return [];
  let text = String(p.port);
  if (typeof p.endPort === 'number') text = `${text}:${p.endPort}`;
  return [toPort(text)];
}

function asRange(p: CalicoPort): Range {
  if (typeof p === 'number') return { min: p, max: p };
  const [a, b] = p.split(':').map(Number);
  return { min: a!, max: b! };
}

/** Named ports as given, then numeric ports sorted with overlapping/adjacent ranges merged. */
export function simplifyPorts(ports: readonly CalicoPort[]): CalicoPort[] {
  if (ports.length <= 1) return ports.slice();
  const named = ports.filter((p) => typeof p === 'string' && !/^\d+:\d+$/.test(p));
  const numeric = ports.filter((p) => !named.includes(p)).map(asRange);
  if (numeric.length <= 1) return [...named, ...numeric.map((r) => (r.min === r.max ? r.min : `${r.min}:${r.max}`))];
  numeric.sort((a, b) => a.min - b.min);
  const merged: Range[] = [];
  for (const r of numeric) {
    const last = merged[merged.length - 1];
    if (last && r.min <= last.max + 1) last.max = Math.max(last.max, r.max);
    else merged.push({ ...r });
  }
  return [...named, ...merged.map((r) => (r.min === r.max ? r.min : `${r.min}:${r.max}`))];
}

/** Protocol ('' = any) → ports (undefined = all ports). */
export function groupPorts(k8sPorts: unknown): Map<string, CalicoPort[] | undefined> {
  const list = Array.isArray(k8sPorts) ? k8sPorts : [];
  const out = new Map<string, CalicoPort[] | undefined>();
  if (list.length === 0) return new Map([['', undefined]]);
  for (const entry of list) {
    const p = isObj(entry) ? entry : {};
    const ports = portsOf(p);
    // The API server defaults a missing protocol to TCP.
    const proto = p.protocol === undefined || p.protocol === null ? 'TCP' : String(p.protocol);
    if (ports.length === 0) out.set(proto, undefined);
    else if (!out.has(proto) || out.get(proto) !== undefined) out.set(proto, [...(out.get(proto) ?? []), ...ports]);
  }
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
