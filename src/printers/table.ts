/**
 * `-o ps`, `-o wide`, `-o custom-columns=...`: calicoctl's tab-writer tables. Every cell,
 * the last one included, is padded to the column width = max(5, longest cell + 3), so
 * lines end in spaces. One table per returned object (a List is one object, one row per
 * item), each followed by an empty line.
 */
import { createRequire } from 'node:module';
import { UsageError } from '../errors.js';
import type { KindDefinition, PrintContext, Resource, ResourceList } from '../resources/types.js';

const MIN_WIDTH = 5;
const PADDING = 3;

export type TableFormat = { type: 'ps' } | { type: 'wide' } | { type: 'custom-columns'; columns: string[] };

export interface TableRequest {
  format: TableFormat;
  def: KindDefinition;
  objects: ReadonlyArray<Resource | ResourceList>;
  /** Prepend NAMESPACE (ps/wide of a namespaced kind, after -n/-A). */
  withNamespace: boolean;
  ctx: PrintContext;
  /** Bold header row; ANSI codes are added after the widths are computed. */
  color: boolean;
}

type Style = (s: string) => string;

/** chalk is ESM-only: loaded synchronously (require(esm), Node >= 20.19) and only when colour is on. */
function boldStyle(): Style {
  const require = createRequire(import.meta.url);
  const { Chalk } = require('chalk') as typeof import('chalk');
  const chalk = new Chalk({ level: 1 });
  return (s) => chalk.bold(s);
}

const cellWidth = (s: string): number => [...s].length;

/** Go tabwriter (minwidth 5, padding 3, pad ' ', every cell tab-terminated). */
export function layoutTable(rows: readonly (readonly string[])[], header?: Style): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, j) => {
      widths[j] = Math.max(widths[j] ?? MIN_WIDTH, cellWidth(cell) + PADDING);
    });
  }
  return rows
    .map((row, i) => {
      const style = i === 0 && header ? header : (s: string) => s;
      return `${row.map((cell, j) => style(cell) + ' '.repeat(widths[j]! - cellWidth(cell))).join('')}\n`;
    })
    .join('');
}

function headingsFor(req: TableRequest): string[] {
  const { format, def } = req;
  if (format.type === 'custom-columns') {
    const known = Object.keys(def.columns.values);
    if (def.scope === 'Namespaced' && !known.includes('NAMESPACE')) known.push('NAMESPACE');
    const unknown = format.columns.find((h) => !known.includes(h));
    if (unknown !== undefined) throw new UsageError(`unknown heading ${unknown}, valid values are: ${known.join(', ')}`);
    return [...format.columns];
  }
  const base = format.type === 'wide' ? def.columns.wide : def.columns.ps;
  const ns = req.withNamespace && def.scope === 'Namespaced' && !base.includes('NAMESPACE');
  return ns ? ['NAMESPACE', ...base] : [...base];
}

function cell(req: TableRequest, heading: string, r: Resource): string {
  const fn = req.def.columns.values[heading];
  if (fn) return fn(r, req.ctx);
  return heading === 'NAMESPACE' ? (r.metadata.namespace ?? '') : '';
}

const itemsOf = (o: Resource | ResourceList): Resource[] => ('items' in o && Array.isArray(o.items) ? o.items : [o as Resource]);

export function renderTable(req: TableRequest): string {
  if (req.objects.length === 0) return '';
  const headings = headingsFor(req);
  const header = req.color ? boldStyle() : undefined;
  return req.objects
    .map((o) => {
      const rows = [headings, ...itemsOf(o).map((r) => headings.map((h) => cell(req, h, r)))];
      return `${layoutTable(rows, header)}\n`;
    })
    .join('');
}
