/**
 * The `-f` input path: files, directories (optionally recursive) and stdin → strictly decoded
 * resources, each with where it came from. Everything is parsed before anything is returned,
 * so a bad document anywhere means the caller writes nothing. Parsing itself (YAML, lists,
 * apiVersions, strict decoding) is in documents.ts.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, messageOf } from '../errors.js';
import { SlowReaderNeeded, loadSlowReader, parseDocuments, type LoadedResource } from './documents.js';
import { withKindsOf } from './kind-catalog.js';

export {
  CRD_API_VERSION, MAX_DOCUMENT_BYTES, kubernetesNetworkPolicyReason, parseDocuments, splitDocuments,
  type LoadedResource,
} from './documents.js';

export class NoResourcesError extends InputError {}

export interface LoadOptions {
  /** A file, a directory, or `-` for stdin. */
  filename: string;
  recursive?: boolean;
  readStdin?: () => Promise<string>;
  /** Receives warning lines (for stderr). */
  warn?: (line: string) => void;
}

const INPUT_EXTENSION = /\.(ya?ml|json)$/i;

function openError(path: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT' ? 'no such file or directory'
      : code === 'EACCES' ? 'permission denied'
        : code === 'EISDIR' ? 'is a directory'
          : messageOf(e);
  return new InputError(`open ${path}: ${reason}`);
}

/** Input files of a directory in lexical walk order (sub-directories only when recursive). */
async function listInputFiles(dir: string, recursive: boolean): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw openError(dir, e);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recursive) files.push(...(await listInputFiles(path, true)));
    } else if (INPUT_EXTENSION.test(entry.name)) {
      files.push(path);
    }
  }
  return files;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw openError(path, e);
  }
}

async function readAllStdin(): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of process.stdin) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/**
 * parseDocuments, with the kinds the text uses loaded first (see kind-catalog.ts) and js-yaml
 * loaded if a document turns out to need it (then the text is read again).
 */
export async function readDocuments(text: string, source: string, warn?: (line: string) => void): Promise<LoadedResource[]> {
  for (;;) {
    try {
      return await withKindsOf(text, () => parseDocuments(text, source, warn));
    } catch (e) {
      if (!(e instanceof SlowReaderNeeded)) throw e;
      await loadSlowReader();
    }
  }
}

/** Loads every resource named by `-f` (file, directory or `-`); all parsed before returning. */
export async function loadResources(opts: LoadOptions): Promise<LoadedResource[]> {
  const { filename, warn } = opts;
  if (filename === '-') {
    const loaded = await readDocuments(await (opts.readStdin ?? readAllStdin)(), '-', warn);
    if (loaded.length === 0) throw new NoResourcesError('no resources specified in file -');
    return loaded;
  }
  let isDir: boolean;
  try {
    isDir = (await stat(filename)).isDirectory();
  } catch (e) {
    throw openError(filename, e);
  }
  if (!isDir) {
    const loaded = await readDocuments(await readText(filename), filename, warn);
    if (loaded.length === 0) throw new NoResourcesError(`no resources specified in file ${filename}`);
    return loaded;
  }
  const loaded: LoadedResource[] = [];
  for (const file of await listInputFiles(filename, opts.recursive === true)) {
    for (const r of await readDocuments(await readText(file), file, warn)) loaded.push(r);
  }
  if (loaded.length === 0) throw new NoResourcesError(`no resources specified in directory ${filename}`);
  return loaded;
}
