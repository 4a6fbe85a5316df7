/** What every IPAM operation works with, and the shared retry bound. */
import type { IpamKV } from './kv.js';
import type { IpamResources } from './resources.js';
import { RetriesExhaustedError } from './errors.js';

export interface IpamContext {
  kv: IpamKV;
  res: IpamResources;
}

/** Every write is a CAS; a conflicting one is retried with fresh reads up to this many times. */
export const MAX_CAS_ATTEMPTS = 100;

/** Runs `attempt` until it returns a value other than `RETRY`, backing off a little under contention. */
export const RETRY = Symbol('retry');

export async function withRetries<T>(what: string, attempt: () => Promise<T | typeof RETRY>): Promise<T> {
  for (let i = 0; i < MAX_CAS_ATTEMPTS; i++) {
    const r = await attempt();
    if (r !== RETRY) return r;
    if (i >= 2) await new Promise((res) => setTimeout(res, Math.random() * Math.min(20, i * 2)));
  }
  throw new RetriesExhaustedError(`${what}: too many conflicting updates, giving up after ${MAX_CAS_ATTEMPTS} attempts`);
}
