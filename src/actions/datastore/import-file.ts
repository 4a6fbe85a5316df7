/** Reading the file `datastore migrate export` writes: resource YAML, ClusterInformation, IPAM. */
import { CommandError } from '../../errors.js';
import type { Resource } from '../../resources/types.js';
import { parseJsonBig } from '../../ipam/jsonbig.js';

export interface IpamEntry {
  Key: string;
  /** The stored value; sequence numbers are bigints (stringifyJsonBig writes them back exactly). */
  Value: unknown;
  TTL?: number;
}

export interface ExportFile {
  yaml: string;
  clusterInformation: Resource;
  ipam: { block_affinities: IpamEntry[]; blocks: IpamEntry[]; handles: IpamEntry[]; config: IpamEntry | null };
}

export function ipamEntryCount(f: ExportFile): number {
  return f.ipam.block_affinities.length + f.ipam.blocks.length + f.ipam.handles.length + (f.ipam.config ? 1 : 0);
}

export function parseExportFile(text: string, file: string): ExportFile {
  const bad = (): CommandError => new CommandError(`imported file: ${file} is improperly formatted. Try recreating with 'calicoctl export'`);
  const parts = text.split('===\n');
  if (parts.length !== 3) throw bad();
  try {
    const clusterInformation = JSON.parse(parts[1]!) as Resource;
    // Keep uint64 sequence numbers exact: integers beyond 2^53 are parsed as bigints.
    const raw = (parts[2]!.trim() === '' ? {} : parseJsonBig(parts[2]!)) as Partial<ExportFile['ipam']>;
    return {
      yaml: parts[0]!,
      clusterInformation,
      ipam: {
        block_affinities: raw.block_affinities ?? [],
        blocks: raw.blocks ?? [],
        handles: raw.handles ?? [],
        config: raw.config ?? null,
      },
    };
  } catch (e) {
    if (e instanceof CommandError) throw e;
    throw bad();
  }
}
