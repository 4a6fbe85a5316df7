/**
 * A real etcd (Debian etcd-server) per test file: free loopback ports, a temp data dir,
 * stopped by PID. Never mocked. The launcher is shared with bench/ and the demo.
 */
// @ts-expect-error plain JS module shared with scripts and benchmarks
import { startEtcd as start, freePort as free } from '../../scripts/etcd-process.mjs';

export interface EtcdTLS {
  caFile: string;
  certFile: string;
  keyFile: string;
}

export interface EtcdInstance {
  endpoint: string;
  pid: number;
  dataDir: string;
  /** etcdctl with the right endpoint (and TLS) flags, returning stdout. */
  etcdctl(args: string[]): string;
  /** Deletes every key under /calico (between tests). */
  wipe(): void;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Serve clients over TLS and require client certificates signed by tls.caFile. */
  tls?: EtcdTLS & { serverCertFile: string; serverKeyFile: string };
}

export const startEtcd = start as (opts?: StartOptions) => Promise<EtcdInstance>;
export const freePort = free as () => Promise<number>;
