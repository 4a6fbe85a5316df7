/** Options for the Kubernetes API-server stand-in. */
export interface KubeApiServerOptions {
  /** TCP port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** Serve HTTPS with a throw-away CA; without a token, the kubeconfig uses a client certificate. */
  tls?: boolean;
  /** Accepted bearer token (written to the kubeconfig); requests without valid credentials get 401. */
  token?: string;
  /** Directory of CRD manifests; default ../shared/calico-crds, else src/resources/schema/generated. */
  crdDir?: string;
  /** Events kept for watch and paged lists (older resourceVersions get 410 Expired). Default 10000. */
  historySize?: number;
  /** Run in the calling process instead of a child process (do not block it with sync child processes). */
  inProcess?: boolean;
}

export interface KubeApiServer {
  /** e.g. http://127.0.0.1:34567 */
  url: string;
  /** A kubeconfig (current context "stand-in", namespace default) for this server. */
  kubeconfigPath: string;
  /** The server's temp dir (removed by stop()). */
  dir: string;
  caFile?: string;
  clientCertFile?: string;
  clientKeyFile?: string;
  token?: string;
  pid: number;
  /** Stops the server and removes its temp dir. */
  stop(): Promise<void>;
  /** Deletes every object except the initial namespaces (default, kube-system, kube-public, kube-node-lease). */
  reset(): Promise<void>;
}

export function startKubeApiServer(opts?: KubeApiServerOptions): Promise<KubeApiServer>;
