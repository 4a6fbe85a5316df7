/** Opening the datastore (with the version check) and an IPAM client on it. */
import { IpamClient } from '../../ipam/client.js';
import { DatastoreIpamResources } from '../../ipam/resources.js';
import type { Datastore } from '../../datastore/types.js';
import { openClient, type ClientFlags } from '../client.js';
import { ipamKV } from './read.js';

export interface IpamSession {
  ds: Datastore;
  ipam: IpamClient;
}

/** An IPAM client on `ds`, whichever datastore it is (ipamKV picks the key mapping). */
export function ipamClientFor(ds: Datastore): IpamClient {
  return new IpamClient(ipamKV(ds), new DatastoreIpamResources(ds));
}

/** Runs `fn` with a datastore and IPAM client, closing the datastore afterwards. */
export async function withIpam<T>(flags: ClientFlags, fn: (s: IpamSession) => Promise<T>): Promise<T> {
  const ds = await openClient(flags);
  try {
    return await fn({ ds, ipam: ipamClientFor(ds) });
  } finally {
    await ds.close();
  }
}
