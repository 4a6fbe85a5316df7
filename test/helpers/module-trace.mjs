// Preloaded with `node --import` (NODE_OPTIONS) by tests that check which modules a command
// loads: every resolved file: URL is appended to the file named by MODULE_TRACE_FILE.
import { register } from 'node:module';

const hook = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (process.env.MODULE_TRACE_FILE && r.url.startsWith('file:')) appendFileSync(process.env.MODULE_TRACE_FILE, r.url + '\\n');
  return r;
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
