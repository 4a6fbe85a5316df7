/** `-o name`: `<kind in lower case>/<name>` per resource, one per line (kubectl style). */
import type { Resource, ResourceList } from '../resources/types.js';

function itemKind(list: ResourceList, item: Resource): string {
  return item.kind || list.kind.replace(/List$/, '');
}

export function renderNames(objects: ReadonlyArray<Resource | ResourceList>): string {
  const lines: string[] = [];
  for (const o of objects) {
    if ('items' in o && Array.isArray(o.items)) {
      for (const item of o.items) lines.push(`${itemKind(o, item).toLowerCase()}/${item.metadata.name ?? ''}`);
    } else {
      const r = o as Resource;
      lines.push(`${r.kind.toLowerCase()}/${r.metadata.name ?? ''}`);
    }
  }
  return lines.map((l) => `${l}\n`).join('');
}
