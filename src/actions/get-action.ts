/** `calicoctl get`: by KIND [NAME...] or by -f, printed in the requested format. */
import { readFileSync } from 'node:fs';
import type { Datastore } from '../datastore/types.js';
import { CommandError, SilentFailure, UsageError } from '../errors.js';
import type { KindDefinition, PrintContext, Resource, ResourceList } from '../resources/types.js';
import { API_VERSION } from '../resources/types.js';
import { openClient, type ClientFlags } from './client.js';
import { loadInput, type InputFlags } from './input.js';
import { selectorFilter, type ResourceFilter } from './label-selector.js';
import { namespaceForQuery } from './namespace.js';
import { lines, stderr, stdout } from './output.js';

export interface GetFlags extends ClientFlags, InputFlags {
  output: string;
  namespace?: string;
  'all-namespaces'?: boolean;
  export?: boolean;
  /** A Calico label selector (`-l`): list only the resources whose labels match. */
  selector?: string;
}

interface Printed {
  def: KindDefinition;
  object: Resource | ResourceList;
}

const EXPORT_STRIP = ['namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

function exported(r: Resource): Resource {
  const metadata = { ...r.metadata };
  for (const k of EXPORT_STRIP) delete metadata[k];
  return { ...r, metadata };
}

async function printContext(ds: Datastore, defs: KindDefinition[]): Promise<PrintContext> {
  if (!defs.some((d) => d.kind === 'Node')) return {};
  const { loadKind } = await import('../resources/kind-index.js');
  const bgp = await loadKind('bgpconfiguration');
  if (!bgp) return {};
  try {
    const cfg = await ds.get(bgp, 'default');
    const asn = cfg.spec?.asNumber;
    return { globalASNumber: asn === undefined ? '64512' : String(asn) };
  } catch (e) {
    return { globalASNumber: (e as Error).name === 'NotFoundError' ? '64512' : 'unknown' };
  }
}

async function fetchByKind(ds: Datastore, def: KindDefinition, names: string[], flags: GetFlags, errors: string[], filter?: ResourceFilter): Promise<Printed[]> {
  const namespace = namespaceForQuery(def, flags, names.length > 0);
  if (names.length === 0) {
    const list = await ds.list(def, { namespace });
    const listed = filter ? list.items.filter(filter) : list.items;
    const items = def.sortList ? def.sortList(listed) : listed;
    return [{ def, object: { apiVersion: API_VERSION, kind: `${def.kind}List`, metadata: { resourceVersion: list.revision }, items } }];
  }
  const out: Printed[] = [];
  for (const name of names) {
    try {
      const r = await ds.get(def, name, namespace);
      out.push({ def, object: flags.export ? exported(r) : r });
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  return out;
}

export async function runGet(positional: string[], flags: GetFlags): Promise<void> {
  const { parseOutputFormat, render } = await import('../printers/index.js');
  const format = await parseOutputFormat(flags.output);
  const filter = await selectorFilter(flags.selector, positional.slice(1), Boolean(flags.filename));
  const { requireKind } = await import('../resources/kind-index.js');
  let def: KindDefinition | undefined;
  let loaded;
  if (flags.filename) {
    loaded = await loadInput(flags);
    if (!loaded) return;
  } else {
    if (positional.length === 0) throw new UsageError('no resources specified: give a resource type, or --filename');
    try {
      def = await requireKind(positional[0]!);
      if (positional.slice(1).some((n) => n === '')) throw new Error('resource name may not be empty');
    } catch (e) {
      throw new CommandError(`failed to get resources: ${(e as Error).message}`);
    }
  }
  const ds = await openClient(flags, { readMostly: true });
  const errors: string[] = [];
  let printed: Printed[] = [];
  try {
    if (def) printed = await fetchByKind(ds, def, positional.slice(1), flags, errors, filter);
    else {
      for (const l of loaded ?? []) {
        const m = l.resource.metadata;
        const ns = l.def.scope === 'Namespaced' ? m.namespace || flags.namespace || 'default' : undefined;
        try {
          printed.push({ def: l.def, object: await ds.get(l.def, m.name ?? '', ns) });
        } catch (e) {
          errors.push((e as Error).message);
        }
      }
    }
    const ctx = await printContext(ds, printed.map((p) => p.def));
    const { useColor } = await import('../cli/color.js');
    const color = useColor(process.stdout, process.env);
    const withNamespace = Boolean(flags.namespace || flags['all-namespaces']);
    const tabular = format.type === 'ps' || format.type === 'wide' || format.type === 'custom-columns';
    const groups = tabular ? printed.map((p) => [p]) : [printed];
    const fallback = def ?? loaded?.[0]?.def;
    let text = '';
    for (const g of groups) {
      const gdef = g[0]?.def ?? fallback;
      if (!gdef) continue;
      text += await render({
        format,
        def: gdef,
        objects: g.map((p) => p.object),
        withNamespace: withNamespace && gdef.scope === 'Namespaced',
        ctx,
        color,
        readFile: (p) => readFileSync(p, 'utf8'),
      });
    }
    if (printed.length > 0 || !tabular) await stdout(text);
  } finally {
    await ds.close();
  }
  if (errors.length > 0) {
    await stderr(lines([errors.join('\n')]));
    throw new SilentFailure();
  }
}
