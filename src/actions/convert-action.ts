/**
 * `calicoctl convert`: Kubernetes NetworkPolicy documents → Calico v3 NetworkPolicies,
 * validated (unless --ignore-validation) and printed as YAML (default) or JSON. One result is
 * printed as itself; several are wrapped in a `kind: List`, `apiVersion: v1` document.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandError, InputError, ValidationError, messageOf } from '../errors.js';
import type { Resource } from '../resources/types.js';

export interface ConvertFlags {
  filename: string;
  output: string;
  'ignore-validation': boolean;
}

const INPUT_EXTENSION = /\.(ya?ml|json)$/i;

async function readSources(filename: string): Promise<{ text: string; source: string }[]> {
  if (filename === '-') return [{ text: readFileSync(0, 'utf8'), source: 'stdin' }];
  let isDir: boolean;
  try {
    isDir = (await stat(filename)).isDirectory();
  } catch {
    throw new InputError(`open ${filename}: no such file or directory`);
  }
  if (!isDir) return [{ text: await readFile(filename, 'utf8'), source: filename }];
  const names = (await readdir(filename)).filter((n) => INPUT_EXTENSION.test(n)).sort();
  return Promise.all(names.map(async (n) => ({ text: await readFile(join(filename, n), 'utf8'), source: join(filename, n) })));
}

/** The text convert prints (always newline-terminated), or throws CommandError. */
export async function runConvert(flags: ConvertFlags): Promise<string> {
  const output = flags.output;
  if (output !== 'yaml' && output !== 'json') throw new CommandError(`unrecognized output format '${output}'`);
  const { readObjects, convertObject, ConversionError } = await import('../resources/convert/documents.js');
  let objects: Record<string, unknown>[] = [];
  try {
    for (const { text, source } of await readSources(flags.filename)) objects = objects.concat(readObjects(text, source));
  } catch (e) {
    throw new CommandError(`failed to create resources from file: ${messageOf(e)}`);
  }
  const converted: Resource[] = [];
  for (const o of objects) {
    try {
      converted.push(convertObject(o));
    } catch (e) {
      if (e instanceof ConversionError) throw new CommandError(`failed to convert resource: ${e.message}`);
      throw e;
    }
  }
  if (!flags['ignore-validation']) {
    const { prepare } = await import('../resources/manager.js');
    const { findKind } = await import('../resources/registry.js');
    const def = findKind('networkpolicy')!;
    for (const r of converted) {
      try {
        prepare(def, r, 'validate');
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        throw new CommandError(
          `converted manifest resource(s) failed validation: ${e.message}Re-run the command with '--ignore-validation' flag to see the converted output`,
        );
      }
    }
  }
  const { toWire } = await import('../printers/wire.js');
  const data: unknown =
    converted.length === 1 ? toWire(converted[0]!) : { apiVersion: 'v1', kind: 'List', items: converted.map(toWire) };
  if (output === 'json') {
    const { toJson } = await import('../printers/json.js');
    return `${toJson(data)}\n`;
  }
  const { toYaml } = await import('../printers/yaml.js');
  return toYaml(data);
}
