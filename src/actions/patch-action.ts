/** `calicoctl patch <KIND> <NAME> -p <patch>`: read, patch, decode strictly, update by CAS. */
import { CommandError } from '../errors.js';
import { openClient, type ClientFlags } from './client.js';
import { namespaceForQuery } from './namespace.js';
import { stdout } from './output.js';

export interface PatchFlags extends ClientFlags {
  patch: string;
  type: string;
  namespace?: string;
}

export async function runPatch(kindArg: string, name: string, flags: PatchFlags): Promise<void> {
  const { lookupKind } = await import('../resources/registry.js');
  let def;
  try {
    def = lookupKind(kindArg);
  } catch (e) {
    throw new CommandError(`hit error: ${(e as Error).message}`);
  }
  const namespace = namespaceForQuery(def, flags, true);
  let patchDoc: unknown;
  try {
    patchDoc = JSON.parse(flags.patch);
  } catch (e) {
    throw new CommandError(`hit error: performing strategic merge patch: invalid JSON in --patch: ${(e as Error).message}`);
  }
  const ds = await openClient(flags);
  try {
    const { mergePatch, jsonPatch } = await import('../resources/patch.js');
    const { decodeResource } = await import('../resources/schema/decode.js');
    const { ResourceManager } = await import('../resources/manager.js');
    const current = await ds.get(def, name, namespace).catch((e: Error) => {
      throw new CommandError(`hit error: ${e.message}`);
    });
    let patched: unknown;
    try {
      patched = flags.type === 'json' ? jsonPatch(current, patchDoc) : mergePatch(current, patchDoc);
    } catch (e) {
      throw new CommandError(`hit error: performing strategic merge patch: ${(e as Error).message}`);
    }
    let obj;
    try {
      obj = decodeResource(def, patched as Record<string, unknown>);
    } catch (e) {
      throw new CommandError(`hit error: creating resource from patched data: ${(e as Error).message}`);
    }
    obj.metadata.resourceVersion = current.metadata.resourceVersion;
    try {
      await new ResourceManager(ds).replace(def, obj);
    } catch (e) {
      throw new CommandError(`hit error: updating existing resource: ${(e as Error).message}`);
    }
    await stdout(`Successfully patched 1 '${def.kind}' resource\n`);
  } finally {
    await ds.close();
  }
}
