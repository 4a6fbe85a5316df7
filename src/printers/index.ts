/**
 * Printers: pure functions from returned objects to text. Nothing here writes to stdout or
 * talks to a datastore; whatever a column needs is in `ctx`. Formats other than tables are
 * loaded on first use: a plain `get` needs none of them.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { KindDefinition, PrintContext, Resource, ResourceList } from '../resources/types.js';
import type { OutputFormat } from './format.js';
import { renderTable } from './table.js';

export { parseOutputFormat, type OutputFormat } from './format.js';

export type GoTemplateExecutor = (template: string, data: unknown) => string;

export interface RenderRequest {
  format: OutputFormat;
  /** The kind being printed (tables only; yaml/json/name/jsonpath read each object's own kind). */
  def: KindDefinition;
  /** What the query returned: a List for list queries, else one object per name/document. */
  objects: Array<Resource | ResourceList>;
  /** Prepend NAMESPACE to ps/wide tables (namespaced kinds, with -n or -A). */
  withNamespace: boolean;
  ctx: PrintContext;
  /** Bold table headers (decided by the caller: TTY, NO_COLOR, ...). */
  color: boolean;
  /** Reads a go-template-file; default fs.readFileSync(path, 'utf8'). */
  readFile?: (path: string) => string;
  /** Runs a Go template; default executeGoTemplate from ../gotemplate, loaded on first use. */
  executeTemplate?: GoTemplateExecutor;
}

/** ../gotemplate, loaded only for go-template output. */
async function loadGoTemplate(): Promise<GoTemplateExecutor> {
  return (await import('../gotemplate/index.js')).executeGoTemplate;
}

/** The message Go's os.ReadFile would give, e.g. `open t.tmpl: no such file or directory`. */
function readError(path: string, e: unknown): UsageError {
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.code === 'string' && typeof err.message === 'string') {
    const detail = err.code === 'EISDIR' ? 'is a directory' : err.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
    const op = err.code === 'EISDIR' ? 'read' : 'open';
    return new UsageError(`${op} ${path}: ${detail}`, { cause: e });
  }
  return new UsageError(e instanceof Error ? e.message : String(e), { cause: e });
}

async function goTemplate(req: RenderRequest, template: string): Promise<string> {
  const execute = req.executeTemplate ?? (await loadGoTemplate());
  return execute(template, req.objects);
}

export async function render(req: RenderRequest): Promise<string> {
  const f = req.format;
  switch (f.type) {
    case 'ps':
    case 'wide':
    case 'custom-columns':
      return renderTable({ ...req, format: f });
    case 'yaml':
      return (await import('./yaml.js')).renderYaml(req.objects);
    case 'json':
      return (await import('./json.js')).renderJson(req.objects);
    case 'name':
      return (await import('./name.js')).renderNames(req.objects);
    case 'jsonpath':
      return (await import('./jsonpath.js')).renderJsonPath(f.expr, req.objects);
    case 'go-template':
      return goTemplate(req, f.template);
    case 'go-template-file': {
      let template: string;
      try {
        template = (req.readFile ?? ((p: string) => readFileSync(p, 'utf8')))(f.path);
      } catch (e) {
        throw readError(f.path, e);
      }
      return goTemplate(req, template);
    }
  }
}
