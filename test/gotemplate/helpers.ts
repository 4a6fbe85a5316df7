import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { executeGoTemplate, GoTemplateError, type GoTemplateFunc } from '../../src/gotemplate/index.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'gotemplate');

export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as unknown;
}

export function run(template: string, data?: unknown, funcs?: Record<string, GoTemplateFunc>): string {
  return executeGoTemplate(template, data, funcs);
}

/** The GoTemplateError message the template raises (fails the test if none, or another type). */
export function errorOf(template: string, data?: unknown, funcs?: Record<string, GoTemplateFunc>): string {
  try {
    executeGoTemplate(template, data, funcs);
  } catch (e) {
    if (e instanceof GoTemplateError) return e.message;
    throw e;
  }
  throw new Error(`expected an error from ${JSON.stringify(template)}`);
}
