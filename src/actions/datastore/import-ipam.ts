/**
 * The IPAM part of `datastore migrate import`: the block affinities, blocks, handles and IPAM
 * config of an etcd export written to the Kubernetes datastore's IPAM custom resources (through
 * the IPAM library's key mapping, kubekv.ts). Each entry is created; the config replaces an
 * IPAMConfig the resource part may already have applied (it is the same object on KDD).
 */
import type { Datastore } from '../../datastore/types.js';
import { CommandError } from '../../errors.js';
import { stringifyJsonBig } from '../../ipam/jsonbig.js';
import type { IpamKV } from '../../ipam/kv.js';
import { CONFIG_KEY, HANDLE_PREFIX } from '../../ipam/model.js';
import { ipamKV } from '../ipam/read.js';
import type { ExportFile, IpamEntry } from './import-file.js';

/** The IPAM kinds that make a target datastore non-empty, with a key prefix that lists them. */
const IPAM_KINDS: ReadonlyArray<[string, string]> = [
  ['IPAMBlock', '/calico/ipam/v2/assignment/'],
  ['BlockAffinity', '/calico/ipam/v2/host/'],
  ['BlockAffinity', '/calico/ipam/v2/virtual/'],
  ['IPAMHandle', HANDLE_PREFIX],
];

/** The first IPAM kind the datastore already holds data of, if any. */
export async function existingIpamKind(ds: Datastore): Promise<string | undefined> {
  const kv = ipamKV(ds);
  for (const [kind, prefix] of IPAM_KINDS) if ((await kv.list(prefix)).length > 0) return kind;
  return undefined;
}

function valueText(e: IpamEntry): string {
  if (e.Value === null || typeof e.Value !== 'object') throw new CommandError(`failed to import IPAM resource ${e.Key}: its value is not an object`);
  return stringifyJsonBig(e.Value);
}

async function create(kv: IpamKV, e: IpamEntry): Promise<void> {
  if ((await kv.put(e.Key, valueText(e), { create: true })) === undefined) {
    throw new CommandError(`failed to import IPAM resource ${e.Key}: it already exists`);
  }
}

async function writeConfig(kv: IpamKV, e: IpamEntry): Promise<void> {
  if (e.Key !== CONFIG_KEY) throw new CommandError(`failed to import IPAM resource ${e.Key}: not the IPAM config key`);
  const current = await kv.get(CONFIG_KEY);
  const ok = await kv.put(CONFIG_KEY, valueText(e), current ? { rev: current.rev } : { create: true });
  if (ok === undefined) throw new CommandError(`failed to import IPAM resource ${e.Key}: it changed while importing`);
}

/** Writes every IPAM entry of the file; returns how many were written. */
export async function importIpam(ds: Datastore, ipam: ExportFile['ipam']): Promise<number> {
  const kv = ipamKV(ds);
  let n = 0;
  // Affinities before their blocks, as Calico's import writes them; handles last.
  for (const list of [ipam.block_affinities, ipam.blocks, ipam.handles]) {
    for (const e of list) {
      await create(kv, e);
      n++;
    }
  }
  if (ipam.config) {
    await writeConfig(kv, ipam.config);
    n++;
  }
  return n;
}
