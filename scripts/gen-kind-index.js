// Derives dist/resources/kind-index.json from the built registry (dist/resources/registry.js):
// for every kind, in registry order, its name, aliases and the module/export under
// dist/resources/kinds/ that defines it. src/resources/kind-index.ts uses it to load one kind
// without loading them all. Run by `npm run build` after tsc.
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'resources');
const { KINDS } = await import(pathToFileURL(join(dist, 'registry.js')).href);

const where = new Map();
for (const file of readdirSync(join(dist, 'kinds')).filter((f) => f.endsWith('.js'))) {
  const mod = await import(pathToFileURL(join(dist, 'kinds', file)).href);
  for (const [name, value] of Object.entries(mod)) {
    if (KINDS.includes(value) && !where.has(value)) where.set(value, { module: `./kinds/${file}`, export: name });
  }
}
const index = KINDS.map((def) => {
  const at = where.get(def);
  if (!at) throw new Error(`gen-kind-index: no module under dist/resources/kinds exports the ${def.kind} kind`);
  return { kind: def.kind, aliases: [...def.aliases], ...at };
});
writeFileSync(join(dist, 'kind-index.json'), `${JSON.stringify(index, null, 1)}\n`);
