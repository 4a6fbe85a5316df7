/**
 * `datastore migrate import`: into a Kubernetes datastore only. The file is checked before
 * anything is written; the target must hold no Calico resources; it is initialised and locked,
 * the resources applied, and the cluster GUID and version copied into ClusterInformation.
 *
 * The IPAM entries are then written as Calico's IPAM custom resources (import-ipam.ts). A target
 * that already holds IPAM data (blocks, affinities, handles) counts as not empty.
 */
import { readFileSync } from 'node:fs';
import type { Datastore } from '../../datastore/types.js';
import { CommandError, NotFoundError, messageOf } from '../../errors.js';
import { findKind } from '../../resources/registry.js';
import { openClient, type ClientFlags } from '../client.js';
import { stdout } from '../output.js';
import { configuredDatastoreType } from './config-type.js';
import { EXPORT_KINDS } from './export-resources.js';
import { ipamEntryCount, parseExportFile, type ExportFile } from './import-file.js';
import { setDatastoreReady } from './lock.js';
import { existingIpamKind, importIpam } from './import-ipam.js';

export const IMPORT_UNAVAILABLE =
  'importing into the Kubernetes datastore is not available yet in this calicoctl: it arrives with the Kubernetes datastore';

const BUILTIN_TIERS = new Set(['default', 'kube-admin', 'kube-baseline']);

function readInput(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new CommandError(`failed to read file ${file}: ${messageOf(e)}`);
  }
}

/** Calico resources already present (nodes are Kubernetes nodes here, and so not counted). */
function notEmpty(kind: string): CommandError {
  return new CommandError(
    `datastore already has Calico resources: found existing Calico ${kind} resource. Clear out all Calico resources by deleting all Calico CRDs`,
  );
}

async function refuseIfNotEmpty(ds: Datastore): Promise<void> {
  for (const plural of EXPORT_KINDS) {
    if (plural === 'nodes') continue;
    const def = findKind(plural)!;
    const { items } = await ds.list(def);
    const found = items.find((r) => {
      const name = r.metadata.name ?? '';
      if (plural === 'tiers') return !BUILTIN_TIERS.has(name);
      if (plural === 'networkpolicies' || plural === 'stagedkubernetesnetworkpolicies') return !name.startsWith('knp.default.');
      return true;
    });
    if (found) throw notEmpty(def.kind);
  }
  const ipamKind = await existingIpamKind(ds);
  if (ipamKind) throw notEmpty(ipamKind);
}

async function applyResources(ds: Datastore, data: ExportFile, file: string): Promise<number> {
  const { readDocuments } = await import('../../resources/loader.js');
  const { ResourceManager } = await import('../../resources/manager.js');
  const nodeKind = findKind('node')!;
  const items = [];
  for (const l of await readDocuments(data.yaml, file)) {
    if (l.def === nodeKind) {
      const name = l.resource.metadata.name ?? '';
      try {
        await ds.get(nodeKind, name);
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e;
        await stdout(
          `[WARNING] Attempted to import node ${name} but there is no corresponding Kubernetes node. Skipping that node. Make sure the node names match their Kubernetes node names.\n`,
        );
        continue;
      }
    }
    items.push({ def: l.def, resource: l.resource });
  }
  const outcomes = await new ResourceManager(ds).applyMany(items);
  const failures = outcomes.filter((o): o is { ok: false; error: Error } => !o.ok);
  if (failures.length > 0) throw new CommandError(`failed to import resources: ${failures.map((f) => f.error.message).join('; ')}`);
  return outcomes.length;
}

async function copyClusterIdentity(ds: Datastore, from: ExportFile['clusterInformation']): Promise<void> {
  const kind = findKind('clusterinformation')!;
  const current = await ds.get(kind, 'default');
  const spec = { ...current.spec };
  if (from.spec?.clusterGUID !== undefined) spec.clusterGUID = from.spec.clusterGUID;
  if (from.spec?.calicoVersion !== undefined) spec.calicoVersion = from.spec.calicoVersion;
  await ds.update(kind, { ...current, spec });
}

export async function runImport(flags: ClientFlags & { filename: string }): Promise<void> {
  const type = (await configuredDatastoreType(flags)) ?? 'etcdv3';
  if (type !== 'kubernetes') {
    throw new CommandError(`invalid datastore type: ${type} to import to for datastore migration. Datastore type must be kubernetes`);
  }
  const data = parseExportFile(readInput(flags.filename), flags.filename);
  let ds: Datastore;
  try {
    ds = await openClient(flags, { versionCheck: false });
  } catch (e) {
    if (e instanceof Error && /not supported yet/.test(e.message)) throw new CommandError(IMPORT_UNAVAILABLE);
    throw e;
  }
  try {
    await refuseIfNotEmpty(ds);
    await setDatastoreReady(ds, false);
    const applied = await applyResources(ds, data, flags.filename);
    await stdout(`Successfully applied ${applied} resource(s)\n`);
    await copyClusterIdentity(ds, data.clusterInformation);
    await stdout('Importing IPAM resources\n');
    if (ipamEntryCount(data) === 0) await stdout('no IPAM resources specified in file\n');
    else await stdout(`Successfully applied ${await importIpam(ds, data.ipam)} IPAM resource(s)\n`);
    await stdout('Datastore information successfully imported. Please refer to the datastore migration documentation for next steps.\n');
  } finally {
    await ds.close();
  }
}
